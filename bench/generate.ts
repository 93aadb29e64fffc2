/**
 * Generate N realistic worksheets and the CRM export that matches them, deterministically from
 * a seed: form layouts (one or two biller sheets, aliases, notes sheets) and table layouts, with
 * the cell shapes real workbooks have (rich text, hyperlinks, date cells, numbers, merged labels).
 *
 *   tsx bench/generate.ts --count 1000 --out /tmp/night [--seed 7] [--table-rows 0]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { snapshotToRows } from '../src/core/crm-rows.js';
import { formatCrmCsv } from '../src/targets/sqlite/crm-csv.js';
import { mipsSnapshotFor } from '../test/support/snapshots.js';
import { addFormSheet, addTableSheet, sampleBiller, type FieldValues } from '../test/support/workbooks.js';

export { seededRandom as rng } from '../src/core/random.js';
import { seededRandom as rng } from '../src/core/random.js';

/** One biller with its cells in a shape a real writer would give. */
export function shapedBiller(n: number, r: () => number): FieldValues {
  const b = sampleBiller(n);
  const pick = r();
  if (pick < 0.2) b.billerName = { richText: [{ text: 'Town of ' }, { font: { bold: true }, text: `Sample ${n}` }] };
  if (r() < 0.3 && typeof b.rtdrUrl === 'string') b.rtdrUrl = { text: b.rtdrUrl, hyperlink: b.rtdrUrl };
  // MM/DD typed as text, one reading only (11/01 reads two ways: refused)
  if (r() < 0.3) b.conversionDate = '10/31/2026';
  if (r() < 0.2) b.rtdrUsername = 10_000 + n;
  if (r() < 0.2) b.paymentDataPumpSelections = undefined;
  return b;
}

export async function formFile(billers: FieldValues[], r: () => number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (r() < 0.2) wb.addWorksheet('Read me').getCell('A1').value = 'One sheet per biller.';
  billers.forEach((b, i) => {
    const ws = addFormSheet(wb, {
      name: `Biller ${i + 1}`,
      fields: Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)),
      labelColumn: r() < 0.2 ? 2 : 1,
    });
    if (r() < 0.2) ws.mergeCells('A1:C1');
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function generate(opts: {
  count: number;
  out: string;
  seed: number;
  tableRows: number;
  onePerFile?: boolean;
}): Promise<{ input: string; crmCsv: string; billers: number }> {
  const r = rng(opts.seed);
  const input = join(opts.out, 'input');
  await mkdir(input, { recursive: true });
  const all: FieldValues[] = [];
  let n = 1;
  for (let f = 0; f < opts.count; f++) {
    const two = !opts.onePerFile && r() < 0.1;
    const billers = Array.from({ length: two ? 2 : 1 }, () => shapedBiller(n++, r));
    all.push(...billers);
    await writeFile(join(input, `worksheet-${String(f + 1).padStart(5, '0')}.xlsx`), await formFile(billers, r));
  }
  if (opts.tableRows > 0) {
    const rows = Array.from({ length: opts.tableRows }, () => shapedBiller(n++, r));
    all.push(...rows);
    const wb = new ExcelJS.Workbook();
    addTableSheet(
      wb,
      'Billers',
      rows.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v ?? '']))),
    );
    await writeFile(join(input, 'table.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
  }
  const crmCsv = join(opts.out, 'crm-export.csv');
  const rows = all
    .map(mipsSnapshotFor)
    .sort((a, b) => a.billerId.localeCompare(b.billerId))
    .flatMap((s) => snapshotToRows(s, { revealSecrets: true, mask: () => '' }));
  await writeFile(crmCsv, formatCrmCsv(rows));
  return { input, crmCsv, billers: all.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'table-rows': { type: 'string', default: '0' },
      'one-per-file': { type: 'boolean', default: false },
    },
  });
  if (!values.out) throw new Error('--out DIR is required');
  const t = Date.now();
  const g = await generate({
    count: Number(values.count),
    out: values.out,
    seed: Number(values.seed),
    tableRows: Number(values['table-rows']),
    onePerFile: values['one-per-file'],
  });
  console.log(
    `generated ${values.count} worksheets (${g.billers} billers) ` +
      `in ${((Date.now() - t) / 1000).toFixed(1)} s: ${g.input}, ${g.crmCsv}`,
  );
}
