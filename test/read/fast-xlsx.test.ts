import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { isDateFormat, readXlsxFast } from '../../src/read/fast-xlsx.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { readXlsxWithExceljs } from '../../src/read/read-xlsx.js';
import { inlineRow, minimalXlsx } from '../support/hostile.js';
import { addFormSheet, addTableSheet, sampleBiller } from '../support/workbooks.js';

async function both(buf: Buffer) {
  return { exceljs: await readXlsxWithExceljs(buf, DEFAULT_LIMITS), fast: readXlsxFast(buf, DEFAULT_LIMITS) };
}

async function workbookWithEveryShape(date1904: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = date1904;
  wb.addWorksheet('Notes', { state: 'hidden' }).getCell('A1').value = 'hidden & <notes>';
  const ws = addFormSheet(wb, {
    name: 'Shapes & "quotes"',
    fields: sampleBiller(1, {
      billerName: { richText: [{ text: 'Town of ' }, { font: { bold: true }, text: 'Rich' }] },
      rtdrUrl: { text: 'RTDR endpoint', hyperlink: 'https://rtdr.example.com/rtdr?a=1&b=2' },
      paymentsUrl: { text: 'https://pay.example.com/dp', hyperlink: 'https://pay.example.com/dp' },
      billerContact: { text: 'clerk@example.org', hyperlink: 'mailto:clerk@example.org' },
      conversionDate: new Date(Date.UTC(2026, 11, 1)),
      rtdrUsername: 12345,
      ftpUsername: { formula: 'LOWER("X")', result: 'x' },
      paymentsUsername: '\u00a0 spaced <user> & co ',
      invoiceFormatGuid: { error: '#N/A' } as ExcelJS.CellErrorValue,
      paymentDataPumpSelections: 'Terminal: Main\nPayPal',
    }),
    extra: [
      ['Number', 0.1 + 0.2], ['Bool', true], ['Date time', new Date(Date.UTC(2026, 0, 2, 13, 45))],
      ['No result', { formula: 'B1+1' } as ExcelJS.CellFormulaValue], ['Err formula', { formula: '1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue],
      ['Emoji', 'café ☕ 𝔘'], ['Empty string', ''],
    ],
  });
  ws.mergeCells('D3:E4');
  ws.getCell('D3').value = 'merged';
  ws.getCell('G10').numFmt = 'dd/mm/yyyy';
  ws.getCell('G10').value = 45306;
  ws.getCell('H10').numFmt = '0.00%';
  ws.getCell('H10').value = 0.5;
  ws.getCell('I10').numFmt = '"Day" 0';
  ws.getCell('I10').value = 7;
  addTableSheet(wb, 'Table', [sampleBiller(2), sampleBiller(3, { billerName: 'x'.repeat(300) })], 2);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the fast reader gives what exceljs gives', () => {
  it.each([false, true])('every cell shape (date1904: %s)', async (date1904) => {
    const { exceljs, fast } = await both(await workbookWithEveryShape(date1904));
    expect(fast).toEqual(exceljs);
  });

  it.each(readdirSync(join(packageRoot, 'examples', 'worksheets')).filter((f) => f.endsWith('.xlsx')))('example %s', async (file) => {
    const { exceljs, fast } = await both(readFileSync(join(packageRoot, 'examples', 'worksheets', file)));
    expect(fast).toEqual(exceljs);
  });

  it('the committed template', async () => {
    const { exceljs, fast } = await both(readFileSync(join(packageRoot, 'templates', 'imt-implementation-worksheet.xlsx')));
    expect(fast).toEqual(exceljs);
  });

  it('hand-written parts: inline strings, no r attributes, x: prefixes', async () => {
    const inline = await minimalXlsx([inlineRow(1, ['Biller Name', 'Town']), '<row><c t="inlineStr"><is><t>IC Biller ID</t></is></c><c t="inlineStr"><is><t xml:space="preserve"> G </t></is></c></row>'].join(''));
    const fast = readXlsxFast(inline, DEFAULT_LIMITS);
    expect(fast[0]?.rows).toEqual([
      { row: 1, cells: [[1, { text: 'Biller Name' }], [2, { text: 'Town' }]] },
      { row: 2, cells: [[1, { text: 'IC Biller ID' }], [2, { text: 'G', raw: ' G ' }]] },
    ]);
  });
});

describe('isDateFormat', () => {
  it.each([['yyyy-mm-dd', true], ['d-mmm-yy', true], ['[h]:mm:ss', true], ['[$-409]mmmm d, yyyy', true], ['0.00', false], ['"Day" 0', false], ['General', false], ['#,##0 "m"', false], ['[Red]0.00', false]])('%s → %s', (code, yes) => {
    expect(isDateFormat(code)).toBe(yes);
  });
});
