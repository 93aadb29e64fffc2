// @module-tag slow: every cell shape through reader workers; and TZ below would leak into files sharing a thread
// Dates must not shift with the time zone: run this file west of UTC (the reader uses UTC getters).
process.env.TZ = 'America/New_York';

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFormSheet, addTableSheet, formWorkbook, LABEL, sampleBiller, tableWorkbook } from '../support/workbooks.js';
import { makeReader, type Reader } from '../support/intake.js';

let reader: Reader;
beforeAll(async () => {
  reader = await makeReader({}, 2);
});
afterAll(async () => {
  await reader.close();
});

async function buffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('form layout, every cell shape', () => {
  it('reads each shape to the text a person sees, with file, sheet and cell', { tags: ['slow'] }, async () => {
    const wb = new ExcelJS.Workbook();
    const { invoiceFormatGuid: _omitted, ...fields } = sampleBiller(1, {
      billerName: { richText: [{ text: 'Town of ' }, { font: { bold: true }, text: 'Rich' }] },
      rtdrUrl: { text: 'RTDR endpoint', hyperlink: 'https://rtdr.example.com/rtdr' },
      paymentsUrl: { text: 'https://pay.example.com/dp', hyperlink: 'https://pay.example.com/dp' },
      conversionDate: new Date(Date.UTC(2026, 11, 1)),
      rtdrUsername: 12345,
      // A username from a formula is refused (its own test below); a list may take a formula's saved result.
      ftpUsername: 'townrich',
      paymentDataPumpSelections: { formula: '"PayPal"', result: 'PayPal' },
      paymentsUsername: '\u00a0pay-user ',
      billerContact: { error: '#N/A' } as ExcelJS.CellErrorValue,
    });
    const ws = addFormSheet(wb, {
      name: 'Town Hall',
      fields,
      labels: { billerId: 'Biller GUID:', rtdrUrl: 'rtdr endpoint' },
    });
    // A label merged over two columns pushes its value one further right.
    ws.getCell('A18').value = 'Invoice Format GUID';
    ws.mergeCells('A18:B18');
    ws.getCell('C18').value = '3F2504E0-4F89-11D3-9A0C-0305E82C3301';

    const report = await reader.read('town.xlsx', await buffer(wb));
    expect(report.status).toBe('read');
    expect(report.billers).toHaveLength(1);
    const b = report.billers[0];
    expect(b?.valid).toBe(true);
    const r = b?.record;
    expect(r?.billerName).toBe('Town of Rich');
    expect(r?.rtdr.url).toBe('https://rtdr.example.com/rtdr');
    expect(r?.payments.url).toBe('https://pay.example.com/dp');
    expect(r?.conversionDate).toBe('2026-12-01');
    expect(r?.rtdr.username).toBe('12345');
    expect(r?.ftpUsername).toBe('townrich');
    expect(r?.payments.username).toBe('pay-user');
    expect(r?.invoiceFormatGuid).toBe('3F2504E0-4F89-11D3-9A0C-0305E82C3301');
    expect(r?.source.cells.invoiceFormatGuid?.cell).toBe('C18');
    expect(r?.source.cells.billerId).toEqual({ file: report.file, sheet: 'Town Hall', cell: 'B4' });
    expect(r?.paymentDataPumpSelections).toEqual(['PayPal']);
    expect(report.issues.map((i) => [i.code, i.severity, i.cell, i.field])).toEqual([
      ['WORKSHEET.FORMULA_RESULT', 'warning', 'B15', 'Payment DataPump Selections'],
      ['WORKSHEET.CELL_ERROR', 'warning', 'B16', 'Biller Contact'],
    ]);
  });

  it('reads dates of a 1904-based workbook (old Mac Excel)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    addFormSheet(wb, { name: 'B', fields: sampleBiller(2, { conversionDate: new Date(Date.UTC(2027, 0, 31)) }) });
    const report = await reader.read('mac.xlsx', await buffer(wb));
    expect(report.billers[0]?.record?.conversionDate).toBe('2027-01-31');
  });

  it('reads an .xlsm the same way (macros ignored)', async () => {
    const report = await reader.read('macro.xlsm', await formWorkbook({ name: 'Biller', fields: sampleBiller(3) }));
    expect(report.billers.map((b) => b.billerName)).toEqual(['Town of Sample 3']);
  });
});

describe('several billers per file', () => {
  it('one per sheet, other sheets ignored with a warning', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Instructions').getCell('A1').value = 'Fill one sheet per biller.';
    addFormSheet(wb, { name: 'North', fields: sampleBiller(4) });
    addFormSheet(wb, { name: 'South', fields: sampleBiller(5), labelColumn: 3, startRow: 6 });
    const report = await reader.read('two.xlsx', await buffer(wb));
    expect(report.billers.map((b) => [b.sheet, b.billerName, b.valid])).toEqual([
      ['North', 'Town of Sample 4', true],
      ['South', 'Town of Sample 5', true],
    ]);
    expect(report.issues).toMatchObject([
      { code: 'WORKSHEET.SHEET_IGNORED', sheet: 'Instructions', severity: 'warning' },
    ]);
  });

  it('table layout: one per row, with its row number', async () => {
    const report = await reader.read(
      'table.xlsx',
      await tableWorkbook(
        'Billers',
        [sampleBiller(6), sampleBiller(7), sampleBiller(8, { rtdrUrl: 'http://old.example.com' })],
        2,
      ),
    );
    expect(report.billers.map((b) => [b.row, b.billerName, b.valid])).toEqual([
      [3, 'Town of Sample 6', true],
      [4, 'Town of Sample 7', true],
      [5, 'Town of Sample 8', false],
    ]);
    const col = Object.keys(sampleBiller(0)).indexOf('rtdrUrl') + 1;
    expect(report.issues).toMatchObject([
      {
        code: 'WORKSHEET.URL_NOT_HTTPS',
        sheet: 'Billers',
        cell: `${String.fromCharCode(64 + col)}5`,
        field: LABEL.rtdrUrl,
      },
    ]);
  });

  it('the same biller twice in one file is an error on the second', async () => {
    const wb = new ExcelJS.Workbook();
    addTableSheet(wb, 'Billers', [sampleBiller(9), sampleBiller(9, { billerName: 'Again' })]);
    const report = await reader.read('dup.xlsx', await buffer(wb));
    expect(report.billers.map((b) => b.valid)).toEqual([true, false]);
    expect(report.issues).toMatchObject([{ code: 'WORKSHEET.DUPLICATE_BILLER', cell: 'B3' }]);
  });
});
