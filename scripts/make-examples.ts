/**
 * Rebuild examples/worksheets/ from scripts/example-billers.ts: `npm run examples`.
 * Each file shows one way a worksheet arrives; together they reach every status of a run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readFieldMap } from '../src/field-map-file.js';
import { packageRoot } from '../src/paths.js';
import { buildTemplate, TEMPLATE_SHEET } from '../src/report/template-workbook.js';
import { addFormSheet, addTableSheet, csvText } from '../test/support/workbooks.js';
import { snapshotToRows } from '../src/core/crm-rows.js';
import { formatCrmCsv } from '../src/targets/sqlite/crm-csv.js';
import * as ex from './example-billers.js';
import { exampleCrm } from './example-crm.js';

const out = join(packageRoot, 'examples', 'worksheets');

async function save(name: string, wb: ExcelJS.Workbook): Promise<void> {
  await writeFile(join(out, name), Buffer.from(await wb.xlsx.writeBuffer()));
  console.log(`wrote examples/worksheets/${name}`);
}

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const fm = await readFieldMap();

  // 1. The blank template, filled in by a biller: the way worksheets should arrive.
  const town = buildTemplate(fm);
  town.getWorksheet(TEMPLATE_SHEET)?.eachRow((row) => {
    const spec = fm.match(row.getCell(1).text);
    const value = spec ? ex.TOWN_OF_EXAMPLE[spec.key] : undefined;
    if (value !== undefined) row.getCell(2).value = value;
  });
  await save('town-of-example.xlsx', town);

  // 2. Two biller sheets and a notes sheet in one workbook; labels as IMT's older worksheet spells them.
  const two = new ExcelJS.Workbook();
  two.addWorksheet('Read me').getCell('A1').value = 'One sheet per biller. Questions: conversions@example-imt.com';
  addFormSheet(two, {
    name: 'Northfield',
    fields: ex.NORTHFIELD,
    labels: {
      rtdrUrl: 'RTDR EndPoint/WebService URL:',
      paymentsUrl: 'DataPump Payments EndPoint/WebService URL:',
      billerId: 'Biller GUID:',
    },
  });
  addFormSheet(two, { name: 'Southport', fields: ex.SOUTHPORT, labelColumn: 2, startRow: 5 });
  await save('north-and-south.xlsx', two);

  // 3. A table: one biller per row, under a title row.
  const table = new ExcelJS.Workbook();
  const ws = addTableSheet(table, 'Billers', [ex.LAKESIDE, ex.HILLCREST, ex.RIVERBEND], 2);
  ws.getCell('A1').value = 'County billers converting in November';
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  await save('county-billers-table.xlsx', table);

  // 4. A csv export, semicolon-separated with a BOM, as Excel writes "CSV UTF-8" in many locales.
  await writeFile(join(out, 'billers.csv'), `\uFEFF${csvText([ex.PINE_VALLEY, ex.MAPLE_GROVE], ';')}`);
  console.log('wrote examples/worksheets/billers.csv');

  // 5. Mistakes an operator must see: http URL, half a key pair, a pipe, a bad GUID, a date that does not exist, a
  // misspelt label.
  const bad = new ExcelJS.Workbook();
  addFormSheet(bad, { name: 'Cedar Falls', fields: ex.CEDAR_FALLS, extra: [['Paymnets Username', 'cf-payments']] });
  await save('mistakes.xlsx', bad);

  // The CRM those billers live in (secrets in it are made up, so the export shows them in clear).
  const rows = exampleCrm()
    .sort((a, b) => a.billerId.localeCompare(b.billerId))
    .flatMap((snap) => snapshotToRows(snap, { revealSecrets: true, mask: () => '' }));
  await writeFile(join(packageRoot, 'examples', 'crm-export.csv'), formatCrmCsv(rows));
  console.log(`wrote examples/crm-export.csv (${rows.length} rows)`);
}

await main();
