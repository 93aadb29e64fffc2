import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { isDateFormat, readXlsxFast } from '../../src/read/fast-xlsx.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { readXlsxWithExceljs } from '../../src/read/read-xlsx.js';
import { inlineRow, minimalXlsx } from '../support/hostile.js';
import { formula, num, rawWorkbook, row } from '../support/ooxml.js';
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
      ['Number', 0.1 + 0.2],
      ['Bool', true],
      ['Date time', new Date(Date.UTC(2026, 0, 2, 13, 45))],
      ['No result', { formula: 'B1+1' }],
      ['Err formula', { formula: '1/0', result: { error: '#DIV/0!' } }],
      ['Emoji', 'café ☕ 𝔘'],
      ['Empty string', ''],
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

  it.each(readdirSync(join(packageRoot, 'examples', 'worksheets')).filter((f) => f.endsWith('.xlsx')))(
    'example %s',
    async (file) => {
      const { exceljs, fast } = await both(readFileSync(join(packageRoot, 'examples', 'worksheets', file)));
      expect(fast).toEqual(exceljs);
    },
  );

  it('the committed template', async () => {
    const { exceljs, fast } = await both(
      readFileSync(join(packageRoot, 'templates', 'imt-implementation-worksheet.xlsx')),
    );
    expect(fast).toEqual(exceljs);
  });

  it('hand-written parts: inline strings, no r attributes, x: prefixes', async () => {
    const inline = await minimalXlsx(
      [
        inlineRow(1, ['Biller Name', 'Town']),
        '<row><c t="inlineStr"><is><t>IC Biller ID</t></is></c>' +
          '<c t="inlineStr"><is><t xml:space="preserve"> G </t></is></c></row>',
      ].join(''),
    );
    const fast = readXlsxFast(inline, DEFAULT_LIMITS);
    expect(fast[0]?.rows).toEqual([
      {
        row: 1,
        cells: [
          [1, { kind: 'text', text: 'Biller Name' }],
          [2, { kind: 'text', text: 'Town' }],
        ],
      },
      {
        row: 2,
        cells: [
          [1, { kind: 'text', text: 'IC Biller ID' }],
          [2, { kind: 'text', text: 'G', raw: ' G ' }],
        ],
      },
    ]);
  });
});

describe('isDateFormat', () => {
  it.each([
    ['yyyy-mm-dd', true],
    ['d-mmm-yy', true],
    ['[h]:mm:ss', true],
    ['[$-409]mmmm d, yyyy', true],
    ['0.00', false],
    ['"Day" 0', false],
    ['General', false],
    ['#,##0 "m"', false],
    ['[Red]0.00', false],
  ])('%s → %s', (code, yes) => {
    expect(isDateFormat(code)).toBe(yes);
  });
});

describe('both readers say what kind of cell the file held', () => {
  const shapes = () =>
    rawWorkbook({
      numFmts: { 164: '00000000', 165: '000-00-0000', 166: 'yyyy-mm-dd' },
      xfs: [164, 165, 166, 14, 49, 3],
      strings: ['shared'],
      rows: [
        row(
          1,
          num('A1', 123456, 1),
          num('B1', 123456789, 2),
          num('C1', 46357, 3),
          num('D1', 46357, 4),
          num('E1', 42, 5),
          num('F1', 1234567, 6),
        ),
        row(
          2,
          formula('A2', 'B9&""', ''),
          formula('B2', 'B9&""'),
          formula('C2', 'B9*2', '6'),
          formula('D2', 'UPPER(B9)', 'KEY', 'str'),
          formula('E2', '1=1', '1', 'b'),
          formula('F2', '1/0', '#DIV/0!', 'e'),
        ),
        row(
          3,
          formula('A3', 'B9', '46357', undefined, 3),
          '<c r="B3" t="s"><v>0</v></c>',
          '<c r="C3" t="b"><v>0</v></c>',
          '<c r="D3" t="e"><v>#N/A</v></c>',
          '<c r="E3"><v></v></c>',
          num('F3', 7),
        ),
      ].join(''),
    });

  it('the same kind, text, number and format in both readers', async () => {
    const { exceljs, fast } = await both(await shapes());
    expect(fast).toEqual(exceljs);
  });

  it('each cell as the file held it: never a guessed value (an empty <v></v> is no result, not 0)', async () => {
    const [sheet] = readXlsxFast(await shapes(), DEFAULT_LIMITS);
    const cells = Object.fromEntries(
      (sheet?.rows ?? []).flatMap((r) => r.cells.map(([c, cell]) => [`${String.fromCharCode(64 + c)}${r.row}`, cell])),
    );
    expect(cells).toEqual({
      A1: { kind: 'number', text: '123456', number: 123456, format: '00000000' },
      B1: { kind: 'number', text: '123456789', number: 123456789, format: '000-00-0000' },
      C1: { kind: 'date', text: '2026-12-01', number: 46357, format: 'yyyy-mm-dd' },
      D1: { kind: 'date', text: '2026-12-01', number: 46357, format: 'mm-dd-yy' },
      E1: { kind: 'number', text: '42', number: 42, format: '@' },
      F1: { kind: 'number', text: '1234567', number: 1234567, format: '#,##0' },
      A2: { kind: 'formula', result: 'none', text: '' },
      B2: { kind: 'formula', result: 'none', text: '' },
      C2: { kind: 'formula', result: 'number', text: '6', number: 6 },
      D2: { kind: 'formula', result: 'text', text: 'KEY' },
      E2: { kind: 'formula', result: 'boolean', text: 'TRUE' },
      F2: { kind: 'formula', result: 'error', text: '', error: '#DIV/0!' },
      A3: { kind: 'formula', result: 'date', text: '2026-12-01', number: 46357, format: 'yyyy-mm-dd' },
      B3: { kind: 'text', text: 'shared' },
      C3: { kind: 'boolean', text: 'FALSE' },
      D3: { kind: 'error', text: '', error: '#N/A' },
      F3: { kind: 'number', text: '7', number: 7 },
    });
  });

  it('a workbook that asks to be recalculated on load marks every formula (XlsxWriter writes <v>0</v>)', async () => {
    const buf = await rawWorkbook({
      workbookExtra: '<calcPr calcId="124519" fullCalcOnLoad="1"/>',
      rows: row(1, formula('A1', 'B1&""', '0'), num('B1', 5)),
    });
    const { exceljs, fast } = await both(buf);
    expect(fast).toEqual(exceljs);
    expect(fast[0]?.rows[0]?.cells).toEqual([
      [1, { kind: 'formula', result: 'number', text: '0', number: 0, recalc: true }],
      [2, { kind: 'number', text: '5', number: 5 }],
    ]);
  });

  it('a t="d" cell is a date (fast reader; exceljs reads it as the number 2026, so it is not compared)', async () => {
    const [sheet] = readXlsxFast(
      await rawWorkbook({ rows: row(1, '<c r="A1" t="d"><v>2026-12-01T00:00:00</v></c>') }),
      DEFAULT_LIMITS,
    );
    expect(sheet?.rows[0]?.cells).toEqual([[1, { kind: 'date', text: '2026-12-01', number: 46357 }]]);
  });
});
