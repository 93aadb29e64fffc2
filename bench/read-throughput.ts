/**
 * Read throughput on the same generated worksheets: (a) ours (read + normalise + find + validate,
 * reader workers on every core), (b) exceljs readFile alone, (c) SheetJS, (d) the floor: unzip the
 * sheet parts and scan their XML without building cells. Worksheets per second, medians of 3.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import { readFieldMap } from '../src/field-map-file.js';
import { intake } from '../src/read/intake.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { createReadPool } from '../src/read/read-pool.js';
import { inflateEntry, zipEntries } from '../src/read/zip-entries.js';
import { median, timed } from './lib.js';

export interface ReadResult {
  files: number;
  ours: number;
  exceljs: number;
  sheetjs: number;
  floor: number;
  oursOneWorker: number;
}

async function ours(files: string[], workers: number): Promise<number> {
  const fieldMap = await readFieldMap();
  const pool = createReadPool(workers, DEFAULT_LIMITS, fieldMap);
  // Warm the workers up (start-up is paid once per night, not per file).
  for await (const _ of intake(
    files.slice(0, 8).map((path) => ({ path })),
    { pool },
  )) {
    /* warm */
  }
  const { ms } = await timed(async () => {
    let n = 0;
    for await (const r of intake(
      files.map((path) => ({ path })),
      { pool },
      32,
    ))
      n += r.billers.length > 0 ? 1 : 0;
    if (n !== files.length) throw new Error(`read ${n} of ${files.length}`);
  });
  await pool.close();
  return files.length / (ms / 1000);
}

async function exceljs(files: string[]): Promise<number> {
  const { ms } = await timed(async () => {
    for (const f of files) await new ExcelJS.Workbook().xlsx.readFile(f);
  });
  return files.length / (ms / 1000);
}

async function sheetjs(files: string[]): Promise<number> {
  const { ms } = await timed(() => {
    for (const f of files) XLSX.read(readFileSync(f), { cellDates: true });
  });
  return files.length / (ms / 1000);
}

async function floor(files: string[]): Promise<number> {
  const { ms } = await timed(() => {
    let cells = 0;
    for (const f of files) {
      const buf = readFileSync(f);
      for (const e of zipEntries(buf)) {
        if (!/^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(e.name)) continue;
        const xml = inflateEntry(buf, e, 1e8).toString('latin1');
        for (let i = xml.indexOf('<c '); i >= 0; i = xml.indexOf('<c ', i + 3)) cells++;
      }
    }
    if (!cells) throw new Error('no cells');
  });
  return files.length / (ms / 1000);
}

export async function readThroughput(dir: string, runs = 3): Promise<ReadResult> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.xlsx'))
    .map((f) => join(dir, f));
  const med = async (fn: () => Promise<number>) => {
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) xs.push(await fn());
    return median(xs);
  };
  return {
    files: files.length,
    ours: await med(() => ours(files, 2)),
    oursOneWorker: await med(() => ours(files, 1)),
    exceljs: await med(() => exceljs(files)),
    sheetjs: await med(() => sheetjs(files)),
    floor: await med(() => floor(files)),
  };
}
