/**
 * Rendering what people look at, for tests: an html page in headless Chromium (Debian's, through
 * playwright-core), and a workbook's first sheet through LibreOffice headless to PNG. Debian's
 * libreoffice-calc-nogui has no PNG export filter, so LibreOffice prints the workbook to PDF and
 * Chromium draws that PDF's first page with pdf.js (a PDF is LibreOffice's own rendering: the
 * chart and fills are LibreOffice's).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Page } from 'playwright-core';

const run = promisify(execFile);
const CHROMIUM = '/usr/bin/chromium';
const SOFFICE = '/usr/bin/soffice';
// CI installs both (.ci/run) and sets SPECTRUM_CONVERT_RENDERERS=required: there a missing renderer fails the run
// instead of silently skipping the rendering tests. Elsewhere they are skipped (and vitest lists them as skipped).
const required = process.env.SPECTRUM_CONVERT_RENDERERS === 'required';
function have(path: string): boolean {
  if (existsSync(path)) return true;
  if (required) throw new Error(`${path} is missing but SPECTRUM_CONVERT_RENDERERS=required: install it (see .ci/run)`);
  return false;
}
export const haveChromium = have(CHROMIUM);
export const haveSoffice = have(SOFFICE);

/** A fresh Chromium page (a profile of its own, no network of its own); closed after `fn`. */
export async function withPage<T>(fn: (page: Page) => Promise<T>, viewport = { width: 1280, height: 900 }): Promise<T> {
  const profile = await mkdtemp(join(tmpdir(), 'sc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    return await fn(context.pages()[0] ?? (await context.newPage()));
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** LibreOffice prints the workbook (every sheet) to PDF, with a profile of its own. */
export async function xlsxToPdf(xlsx: string, outDir: string): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'sc-soffice-'));
  try {
    await run(
      SOFFICE,
      [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, xlsx],
      { timeout: 120_000 },
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  const pdf = join(outDir, basename(xlsx).replace(/\.xlsx$/, '.pdf'));
  if (!(await readdir(outDir)).includes(basename(pdf))) throw new Error(`LibreOffice wrote no PDF for ${xlsx}`);
  return pdf;
}

/**
 * Draws page 1 of doc.pdf into the canvas, then marks the body (written as page script: the tests have no DOM
 * types).
 */
const DRAW_PAGE = `<!doctype html><body style="margin:0"><canvas id="c"></canvas><script type="module">
  import * as lib from './pdf.mjs';
  lib.GlobalWorkerOptions.workerSrc = './pdf.worker.mjs';
  const doc = await lib.getDocument({ url: './doc.pdf' }).promise;
  const first = await doc.getPage(1);
  const viewport = first.getViewport({ scale: 2 });
  const canvas = document.getElementById('c');
  canvas.width = viewport.width;
  canvas.height = viewport.height;
  await first.render({ canvasContext: canvas.getContext('2d'), canvas, viewport }).promise;
  const text = await first.getTextContent();
  document.body.dataset.text = text.items.map((i) => i.str).join(' ');
  document.body.dataset.drawn = '1';
</script></body>`;

const PDFJS = new URL('../../node_modules/pdfjs-dist/build/', import.meta.url);

/** Page 1 of a PDF as a PNG, drawn by pdf.js in Chromium at twice its size. */
/** The text of page 1 of a PDF, as pdf.js reads it (words joined by spaces). */
export async function pdfText(pdf: string): Promise<string> {
  return drawPdf(pdf);
}

export async function pdfPageToPng(pdf: string, png: string): Promise<void> {
  await drawPdf(pdf, png);
}

/** Draws page 1 (into `png` when given) and returns its text. */
async function drawPdf(pdf: string, png?: string): Promise<string> {
  const bytes = await readFile(pdf);
  return withPage(async (page) => {
    // A made-up origin served from memory: pdf.js loads as a module and its worker, no file:// rules in the way.
    await page.route('https://render.test/**', async (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      if (name === 'doc.pdf') return route.fulfill({ body: bytes, contentType: 'application/pdf' });
      if (name === 'index.html') return route.fulfill({ body: DRAW_PAGE, contentType: 'text/html' });
      return route.fulfill({ body: await readFile(new URL(name, PDFJS)), contentType: 'text/javascript' });
    });
    await page.goto('https://render.test/index.html');
    await page.waitForSelector('body[data-drawn]', { timeout: 60_000 });
    if (png) await page.locator('#c').screenshot({ path: png });
    return (await page.locator('body').getAttribute('data-text')) ?? '';
  });
}
