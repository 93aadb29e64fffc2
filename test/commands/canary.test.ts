// @module-tag slow: every command, crash and hostile CRM, scanned for canaries
/**
 * The canary scan: worksheets whose secrets, and a CRM token, are canaries; a night converted,
 * failed, rolled back, interrupted, crashed and run against a hostile CRM that echoes every
 * request (token and bodies) back in its error answers. Then every byte written (results, their
 * zip parts unpacked, json, logs, the journal and its WAL, spill files, console lines) is searched
 * for every canary in every form (raw, JSON-escaped, URL-encoded, form-encoded, XML-escaped).
 * The CRM's own database and the worksheets are the only places the secrets belong.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, expect, it } from 'vitest';
import { encodedForms } from '../../src/core/scrub.js';
import { startCrmServer } from '../../src/targets/http/crm-server.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { allFiles, makeNight, type Night } from '../support/night.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { sampleBiller, tableWorkbook } from '../support/workbooks.js';

const NOW = '2026-11-26';
const TOKEN = 'CANARY-token&"<x y>+/=%41';
const nights: Night[] = [];
afterAll(async () => {
  for (const n of nights) await n.cleanup();
});

const list = Array.from({ length: 4 }, (_, i) =>
  sampleBiller(500 + i, {
    rtdrPrivateKey: `CANARY-rk${i}&<"q' z+`,
    rtdrPassword: `CANARY-rp${i}/%20?=x`,
    paymentsPrivateKey: `CANARY-pk${i}>&amp;`,
    paymentsPassword: `CANARY-pp${i}"\\é`,
  }),
);
const canaries = [
  TOKEN,
  ...list.flatMap((b) => [b.rtdrPrivateKey, b.rtdrPassword, b.paymentsPrivateKey, b.paymentsPassword].map(String)),
];
const forms = [...new Set(canaries.flatMap((c) => [...encodedForms(c), ...(c.includes('|') ? [] : [`${c}`])]))];

async function night(): Promise<Night> {
  const n = await makeNight(list.map(mipsSnapshotFor));
  await n.drop('table.xlsx', await tableWorkbook('Billers', list));
  nights.push(n);
  return n;
}

/** Every text a night wrote outside the CRM database and input/, zip parts unpacked. */
async function written(n: Night, consoles: string[]): Promise<Array<{ where: string; text: string }>> {
  const out = consoles.map((text, i) => ({ where: `console ${i}`, text }));
  for (const f of await allFiles(n.output)) {
    if (/crm\.db(-wal|-shm)?$|hard\.db/.test(f)) continue; // the CRM itself
    const bytes = readFileSync(f);
    out.push({ where: f, text: bytes.toString('utf8') }, { where: `${f} (latin1)`, text: bytes.toString('latin1') });
    if (f.endsWith('.xlsx')) {
      const zip = await JSZip.loadAsync(bytes);
      for (const [name, entry] of Object.entries(zip.files))
        if (!entry.dir) out.push({ where: `${f}!${name}`, text: await entry.async('string') });
    }
  }
  return out;
}

function leaks(texts: Array<{ where: string; text: string }>): string[] {
  const found: string[] = [];
  for (const { where, text } of texts)
    for (const f of forms) if (text.includes(f)) found.push(`${where}: ${JSON.stringify(f)}`);
  return found;
}

/** A CRM behind a proxy that answers every write to advanced settings with an echo of the request. */
async function hostileCrm(store: CrmStore) {
  const real = await startCrmServer(store, { token: TOKEN });
  const target = new URL(real.url);
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'GET' && /advanced-settings\/1[03]$/.test(req.url ?? '')) {
        const echo = JSON.stringify({
          code: `ECHO ${req.headers.authorization} ${body}`,
          message: `you sent ${body} with ${req.headers.authorization}`,
        });
        res.writeHead(400, { 'content-type': 'application/json', 'x-echo': encodeURIComponent(body) }).end(echo);
        return;
      }
      const fwd = request(
        { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      fwd.end(body);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
      await real.close();
    },
  };
}

it('no canary, in any encoding, in anything written after convert, fail, rollback, interrupt, crash and a hostile CRM', async () => {
  const consoles: string[] = [];
  const keep = <T extends { out: string; err: string }>(r: T): T => {
    consoles.push(r.out, r.err);
    return r;
  };
  const scanned: Night[] = [];

  // Convert, then roll back (a key is made on the first run).
  const a = await night();
  const run = keep(await runMain(['run', ...a.args('--now', NOW, '--json')]));
  expect(run.code).toBe(0);
  const runId = String((JSON.parse(run.out) as { runId: string }).runId);
  expect(keep(await runMain(['rollback', '--run', runId, ...a.args('--yes')])).code).toBe(0);
  keep(await runMain(['history', '--output', a.output]));
  keep(await runMain(['crm', 'export', '--output', a.output, '--crm-db', a.crmDb]));
  scanned.push(a);

  // Interrupted before the billers start.
  const b = await night();
  const stop = new AbortController();
  stop.abort();
  keep(await runMain(['run', ...b.args('--now', NOW)], {}, { signal: stop.signal }));
  scanned.push(b);

  // Crashed mid-biller, then recovered by the next run.
  const c = await night();
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('../support/crash-child.ts', import.meta.url).pathname,
      '5',
      JSON.stringify(['run', ...c.args('--now', NOW, '--concurrency', '1')]),
    ],
    { encoding: 'utf8', env: { ...process.env } },
  );
  expect(child.signal).toBe('SIGKILL');
  consoles.push(child.stdout, child.stderr);
  keep(await runMain(['run', ...c.args('--now', NOW)]));
  scanned.push(c);

  // A hostile CRM echoing requests in its errors: every biller fails (and its rollback too).
  const d = await night();
  const store = CrmStore.open(d.crmDb);
  const hostile = await hostileCrm(store);
  try {
    const r = keep(
      await runMain(
        ['run', '--input', d.input, '--output', d.output, '--target', 'http', '--crm-url', hostile.url, '--now', NOW],
        { SPECTRUM_CONVERT_CRM_TOKEN: TOKEN },
      ),
    );
    expect([1, 3]).toContain(r.code);
    expect(r.err + r.out).toMatch(/HTTP_400 \(answer of \d+ bytes\)/);
  } finally {
    await hostile.close();
    store.close();
  }
  scanned.push(d);

  const texts = (await Promise.all(scanned.map((n, i) => written(n, i === 0 ? consoles : [])))).flat();
  expect(texts.length).toBeGreaterThan(20);
  expect(texts.some((t) => t.where.includes('journal.db'))).toBe(true);
  expect(texts.some((t) => /logs\/run-/.test(t.where))).toBe(true);
  expect(existsSync(join(a.output, 'journal.db'))).toBe(true);
  const found = leaks(texts);
  // The scan's reach, for the closing note.
  console.log(
    `canary scan: ${forms.length} forms of ${canaries.length} canaries over ${texts.length} texts (${Math.round(texts.reduce((s, t) => s + t.text.length, 0) / 1024)} KB): ${found.length} found`,
  );
  expect(found).toEqual([]);
}, 120_000);
