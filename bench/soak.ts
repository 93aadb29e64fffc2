/**
 * Bad-input soak: valid worksheets mixed with every bad kind the intake must survive (corrupt,
 * encrypted, zip bombs, huge sheets, wrong formats). The batch must complete, every valid biller
 * convert, every bad file carry its error, and the whole process stay under 300 MB.
 */
import { mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bombRows, cfb, flipBytes, lieAboutSizes, manyRows, minimalXlsx, zipWith } from '../test/support/hostile.js';
import { generate } from './generate.js';
import { runCli } from './lib.js';

export interface SoakResult {
  files: number;
  valid: number;
  bad: number;
  converted: number;
  badWithError: number;
  seconds: number;
  peakRssMb: number;
  byCode: Record<string, number>;
}

export async function soak(root: string, total = 500, badShare = 0.2): Promise<SoakResult> {
  const bad = Math.round(total * badShare);
  const valid = total - bad;
  const g = await generate({ count: valid, out: join(root, 'gen'), seed: 21, tableRows: 0, onePerFile: true });
  const input = join(root, 'input');
  mkdirSync(input, { recursive: true });
  for (const f of readdirSync(g.input)) writeFileSync(join(input, f), readFileSync(join(g.input, f)));
  const good = readFileSync(join(g.input, readdirSync(g.input)[0] ?? ''));
  // Built once each, dropped many times.
  const kinds: Array<[string, Buffer]> = [
    ['empty.xlsx', Buffer.alloc(0)],
    ['text.xlsx', Buffer.from('Biller Name,IC Biller ID\nTown,x\n')],
    ['truncated.xlsx', good.subarray(0, good.length >> 1)],
    ['encrypted.xlsx', cfb(true)],
    ['old.xlsx', cfb(false)],
    [
      'libre.xlsx',
      await zipWith({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' }),
    ],
    ['bomb.xlsx', await minimalXlsx(() => bombRows(100))],
    ['liar-bomb.xlsx', lieAboutSizes(await minimalXlsx(() => manyRows(400_000)))],
    ['million.xlsx', await minimalXlsx(() => manyRows(1_000_000))],
    ['rows.xlsx', await minimalXlsx(() => manyRows(200_000))],
    ['line.csv', Buffer.from(`Biller Name,${'x'.repeat(3 * 1024 * 1024)}`)],
    ['flipped.xlsx', flipBytes(good, good.indexOf('xl/worksheets/sheet1.xml') + 60, 20)],
    ['malformed.xlsx', await minimalXlsx('<row r="1"><c r=A1><v>1</v></c></row>')],
    ['legacy.xls', cfb(false)],
    ['sheet.ods', Buffer.from('x')],
    ['apple.numbers', Buffer.from('x')],
  ];
  for (let i = 0; i < bad; i++) {
    const [name, bytes] = kinds[i % kinds.length]!;
    writeFileSync(join(input, `bad-${String(i).padStart(3, '0')}-${name}`), bytes);
  }
  const past = new Date(Date.now() - 3600_000);
  for (const f of readdirSync(input)) utimesSync(join(input, f), past, past);
  const crmDb = join(root, 'crm.db');
  await runCli(['crm', 'import', g.crmCsv, '--crm-db', crmDb, '--output', join(root, 'out')]);
  const r = await runCli([
    'run',
    '--input',
    input,
    '--output',
    join(root, 'out'),
    '--crm-db',
    crmDb,
    '--now',
    '2026-11-26',
    '--json',
    '--no-archive',
  ]);
  const summary = JSON.parse(r.out) as { counts: Record<string, number>; results: { json: string } };
  const results = JSON.parse(readFileSync(summary.results.json, 'utf8')) as {
    files: Array<{ file: string; status: string; errors: number }>;
    errors: Array<{ file: string; code: string }>;
  };
  const badFiles = results.files.filter((f) => f.file.includes('/bad-'));
  const byCode: Record<string, number> = {};
  for (const e of results.errors.filter((x) => x.file.includes('/bad-'))) byCode[e.code] = (byCode[e.code] ?? 0) + 1;
  return {
    files: total,
    valid,
    bad,
    converted: summary.counts.converted ?? 0,
    badWithError: badFiles.filter((f) => f.status === 'rejected' && f.errors === 1).length,
    seconds: r.ms / 1000,
    peakRssMb: r.maxRssMb,
    byCode,
  };
}
