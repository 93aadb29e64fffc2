import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { ReadError } from '../../src/read/read-error.js';
import { prescanSheets } from '../../src/read/sheet-prescan.js';
import { inlineRow, manyRows, minimalXlsx, zipWith } from '../support/hostile.js';

async function refusal(sheet: string, limits = {}): Promise<ReadError> {
  const buf = await minimalXlsx(sheet);
  try {
    prescanSheets(buf, { ...DEFAULT_LIMITS, ...limits });
  } catch (e) {
    expect(e).toBeInstanceOf(ReadError);
    return e as ReadError;
  }
  throw new Error('not refused');
}

describe('prescanSheets', () => {
  it('a sheet within the limits passes', async () => {
    const buf = await minimalXlsx(manyRows(10));
    expect(() => prescanSheets(buf, { ...DEFAULT_LIMITS, maxRows: 10, maxCells: 10 })).not.toThrow();
  });

  it.each([
    {
      name: 'rows',
      sheet: manyRows(11),
      limits: { maxRows: 10 },
      says: 'a sheet has more than 10 rows (limit maxRows)',
    },
    {
      name: 'cells',
      sheet: inlineRow(1, ['a', 'b', 'c']),
      limits: { maxCells: 2 },
      says: 'a sheet has more than 2 cells (limit maxCells)',
    },
    {
      name: 'prefixed rows',
      sheet: '<x:row r="1"/><x:row r="2"/><x:row r="3"/>',
      limits: { maxRows: 2 },
      says: 'a sheet has more than 2 rows',
    },
  ])('too many $name is refused before exceljs builds them', async ({ sheet, limits, says }) => {
    const err = await refusal(sheet, limits);
    expect(err.code).toBe('FILE.TOO_LARGE');
    expect(err.message).toContain(says);
  });

  it.each([
    {
      name: 'CDATA text',
      sheet: '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[x]]></t></is></c></row>',
      what: 'CDATA text',
    },
    {
      name: 'an ISO date cell',
      sheet: '<row r="1"><c r="A1" t="d"><v>2026-01-01</v></c></row>',
      what: 'an ISO date cell',
    },
    {
      name: 'an escape in a formula result',
      sheet: '<row r="1"><c r="A1" t="str"><f>A2</f><v>a_x000D_b</v></c></row>',
      what: 'an _xHHHH_ escape in a formula result',
    },
    {
      name: 'a hyperlink to a location',
      sheet:
        '<row r="1"><c r="A1"><v>1</v></c></row></sheetData>' +
        '<hyperlinks><hyperlink ref="A1" location="Sheet2!A1"/></hyperlinks><sheetData>',
      what: 'a hyperlink with a #location',
    },
  ])('$name, which exceljs misreads, is refused with how to fix it', async ({ sheet, what }) => {
    const err = await refusal(sheet);
    expect(err.code).toBe('FILE.UNSUPPORTED_FORMAT');
    expect(err.message).toContain(`the workbook holds ${what}`);
    expect(err.message).toMatch(/save it again \(File › Save As › Excel Workbook\)$/);
  });

  it('an escape in a plain string cell is not a formula result', async () => {
    const buf = await minimalXlsx(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b</t></is></c><c r="B1" t="str"><v>ok</v></c></row>',
    );
    expect(() => prescanSheets(buf, DEFAULT_LIMITS)).not.toThrow();
  });

  it('shared strings are scanned for the shapes too, and other parts are not', async () => {
    const withCdata = await zipWith({ 'xl/sharedStrings.xml': '<sst><si><t><![CDATA[x]]></t></si></sst>' });
    expect(() => prescanSheets(withCdata, DEFAULT_LIMITS)).toThrow(/CDATA text/);
    const elsewhere = await zipWith({ 'xl/styles.xml': '<![CDATA[x]]><row/><row/><row/>' });
    expect(() => prescanSheets(elsewhere, { ...DEFAULT_LIMITS, maxRows: 1 })).not.toThrow();
  });

  it('the inflated budget is shared by all the parts scanned', async () => {
    const buf = await zipWith({
      'xl/worksheets/sheet1.xml': 'x'.repeat(600),
      'xl/worksheets/sheet2.xml': 'y'.repeat(600),
    });
    expect(() => prescanSheets(buf, { ...DEFAULT_LIMITS, maxInflatedBytes: 1000 })).toThrow(/unpacks to more than/);
  });
});
