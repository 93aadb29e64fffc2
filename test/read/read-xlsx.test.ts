import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { ReadError } from '../../src/read/read-error.js';
import { readXlsx, readXlsxWithExceljs } from '../../src/read/read-xlsx.js';
import { zipWith } from '../support/hostile.js';
import { formula, num, rawWorkbook, row, str } from '../support/ooxml.js';

const simple = () =>
  rawWorkbook({ rows: row(1, str('A1', 'Biller Name'), str('B1', 'Town')) + row(3, num('A3', 42)), sheetName: 'Form' });

async function refusal(p: Promise<unknown>): Promise<ReadError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ReadError);
  return e as ReadError;
}

describe('readXlsx', () => {
  it('the fast reader and exceljs read a plain workbook the same', async () => {
    const buf = await simple();
    const fast = await readXlsx(buf, DEFAULT_LIMITS);
    expect(fast.map((s) => [s.name, s.state, s.rows.map((r) => r.row)])).toEqual([['Form', 'visible', [1, 3]]]);
    expect(await readXlsxWithExceljs(buf, DEFAULT_LIMITS)).toEqual(fast);
  });

  it('a shape the fast reader does not read with certainty goes to exceljs', async () => {
    // A shared-string index past the end: the fast reader says FastReadUnsupported.
    // exceljs then fails on it too: the message is exceljs's, so exceljs was asked.
    const buf = await rawWorkbook({ rows: row(1, str('A1', 'x'), '<c r="B1" t="s"><v>7</v></c>') });
    const err = await refusal(readXlsx(buf, DEFAULT_LIMITS));
    expect(err.code).toBe('FILE.CORRUPT');
    expect(err.message).toMatch(/^the workbook cannot be read \(.*\); open it in Excel and save it again$/);
  });

  it("the fast reader's limit errors stand (exceljs is not tried)", async () => {
    const buf = await rawWorkbook({ rows: row(1, str('A1', 'a')) + row(2, str('A2', 'b')) + row(3, str('A3', 'c')) });
    const err = await refusal(readXlsx(buf, { ...DEFAULT_LIMITS, maxRows: 2 }));
    expect(err.code).toBe('FILE.TOO_LARGE');
    // The fast reader's own words (the exceljs path's prescan says "a sheet has more than 2 rows").
    expect(err.message).toMatch(/^sheet "Biller" has more than 2 rows/);
  });
});

describe('readXlsxWithExceljs', () => {
  it('keeps a cached formula result that is falsy (exceljs drops 0 from cell.value)', async () => {
    const buf = await rawWorkbook({ rows: row(1, formula('A1', 'B1*0', '0'), num('B1', 5)) });
    const [sheet] = await readXlsxWithExceljs(buf, DEFAULT_LIMITS);
    const cell = sheet!.rows[0]!.cells.find(([c]) => c === 1)?.[1];
    expect(cell).toMatchObject({ kind: 'formula', text: '0', number: 0 });
    expect(cell).toEqual((await readXlsx(buf, DEFAULT_LIMITS))[0]!.rows[0]!.cells.find(([c]) => c === 1)?.[1]);
  });

  it.each([{ name: 'columns', limits: { maxColumns: 1 }, says: /^sheet "Biller" has a value in column 2/ }])(
    'refuses too many $name, naming the sheet',
    async ({ limits, says }) => {
      const buf = await rawWorkbook({ rows: row(1, str('A1', 'a'), str('B1', 'b')) + row(2, str('A2', 'c')) });
      const err = await refusal(readXlsxWithExceljs(buf, { ...DEFAULT_LIMITS, ...limits, maxCells: 1000 }));
      expect(err.code).toBe('FILE.TOO_LARGE');
      expect(err.message).toMatch(says);
    },
  );

  it('a zip exceljs cannot load is corrupt, with how to fix it', async () => {
    const buf = await zipWith({ '[Content_Types].xml': '<nope', 'xl/workbook.xml': '<nope' });
    const err = await refusal(readXlsxWithExceljs(buf, DEFAULT_LIMITS));
    expect(err.code).toBe('FILE.CORRUPT');
    expect(err.message).toMatch(/open it in Excel and save it again$/);
  });
});
