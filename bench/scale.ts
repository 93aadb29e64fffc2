/**
 * Scale: a dry run end to end over 1,000 and 10,000 billers (one file each) and over one table
 * workbook of 10,000 rows: wall time and peak RSS of the real CLI process (workers included).
 */
import { mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from './generate.js';
import { median, runCli, type ChildRun } from './lib.js';

export interface ScaleRow {
  name: string;
  billers: number;
  seconds: number;
  peakRssMb: number;
  exitCode: number | null;
  counts: Record<string, number>;
  runs: Array<{ seconds: number; peakRssMb: number }>;
}

async function night(
  root: string,
  count: number,
  tableRows: number,
): Promise<{ input: string; crmDb: string; billers: number }> {
  const g = await generate({ count, out: root, seed: 11, tableRows, onePerFile: true });
  const past = new Date(Date.now() - 3600_000);
  for (const f of readdirSync(g.input)) utimesSync(join(g.input, f), past, past);
  const crmDb = join(root, 'crm.db');
  const imp = await runCli(['crm', 'import', g.crmCsv, '--crm-db', crmDb, '--output', join(root, 'out')]);
  if (imp.code !== 0) throw new Error(`import failed: ${imp.err}`);
  return { input: g.input, crmDb, billers: g.billers };
}

/** The median of `runs` dry runs (time and peak RSS each the median of their own). */
async function dryRun(
  name: string,
  n: { input: string; crmDb: string; billers: number },
  root: string,
  runs: number,
): Promise<ScaleRow> {
  const rows: ScaleRow[] = [];
  for (let i = 0; i < runs; i++) {
    const r: ChildRun = await runCli([
      'plan',
      '--input',
      n.input,
      '--output',
      join(root, 'out'),
      '--crm-db',
      n.crmDb,
      '--now',
      '2026-11-26',
      '--json',
    ]);
    const summary = JSON.parse(r.out) as { counts: Record<string, number> };
    rows.push({
      name,
      billers: n.billers,
      seconds: r.ms / 1000,
      peakRssMb: r.maxRssMb,
      exitCode: r.code,
      counts: Object.fromEntries(Object.entries(summary.counts).filter(([, v]) => v > 0)),
      runs: [],
    });
  }
  return {
    ...rows[0]!,
    seconds: median(rows.map((r) => r.seconds)),
    peakRssMb: median(rows.map((r) => r.peakRssMb)),
    runs: rows.map((r) => ({ seconds: r.seconds, peakRssMb: r.peakRssMb })),
  };
}

export async function scale(
  root: string,
  sizes: number[],
  runs = 3,
): Promise<{
  rows: ScaleRow[];
  results100k: {
    rows: number;
    seconds: number;
    peakRssMb: number;
    runs: Array<{ seconds: number; peakRssMb: number }>;
  };
}> {
  const rows: ScaleRow[] = [];
  for (const size of sizes) {
    const dir = join(root, `files-${size}`);
    mkdirSync(dir, { recursive: true });
    rows.push(
      await dryRun(`${size.toLocaleString('en-US')} worksheets, one biller each`, await night(dir, size, 0), dir, runs),
    );
  }
  const tableDir = join(root, 'table');
  mkdirSync(tableDir, { recursive: true });
  const big = Math.max(...sizes);
  rows.push(
    await dryRun(
      `one table workbook of ${big.toLocaleString('en-US')} rows`,
      await night(tableDir, 0, big),
      tableDir,
      runs,
    ),
  );
  const results: Array<{ rows: number; seconds: number; peakRssMb: number }> = [];
  for (let i = 0; i < runs; i++)
    results.push(await runCliScript('results-100k.mjs', [join(root, `results-100k-${i}`)]));
  return {
    rows,
    results100k: {
      rows: results[0]!.rows,
      seconds: median(results.map((r) => r.seconds)),
      peakRssMb: median(results.map((r) => r.peakRssMb)),
      runs: results.map(({ seconds, peakRssMb }) => ({ seconds, peakRssMb })),
    },
  };
}

async function runCliScript(
  script: string,
  args: string[],
): Promise<{ rows: number; seconds: number; peakRssMb: number }> {
  const { spawn } = await import('node:child_process');
  const { packageRoot } = await import('../src/paths.js');
  const child = spawn(
    process.execPath,
    [
      '--import',
      `file://${join(packageRoot, 'test', 'support', 'report-rss.mjs')}`,
      join(packageRoot, 'bench', script),
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  await new Promise((r) => child.on('close', r));
  const parsed = JSON.parse(out) as { rows: number; ms: number };
  return {
    rows: parsed.rows,
    seconds: parsed.ms / 1000,
    peakRssMb: Number(/MAXRSS_KB=(\d+)/.exec(err)?.[1] ?? NaN) / 1024,
  };
}
