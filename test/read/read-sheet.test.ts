import { describe, expect, it } from 'vitest';
import type { SheetContext } from '../../src/read/cell-value.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { ReadError } from '../../src/read/read-error.js';
import { readSheet } from '../../src/read/read-sheet.js';

const ctx = (limits = {}): SheetContext => ({
  strings: [],
  styles: [],
  date1904: false,
  recalc: false,
  limits: { ...DEFAULT_LIMITS, ...limits },
});
const sheetXml = (data: string, after = '') => `<worksheet><sheetData>${data}</sheetData>${after}</worksheet>`;
const read = (xml: string, rels = new Map<string, string>(), limits = {}) =>
  readSheet('S', 'visible', xml, () => rels, ctx(limits));

describe('readSheet', () => {
  it('reads rows and cells in order, wherever the file put them', () => {
    const sheet = read(
      sheetXml('<row r="3"><c r="B3"><v>2</v></c><c r="A3"><v>1</v></c></row><row r="1"><c><v>9</v></c></row>'),
    );
    expect(sheet.rows.map((r) => [r.row, r.cells.map(([c, cell]) => [c, cell.text])])).toEqual([
      [1, [[1, '9']]],
      [
        3,
        [
          [1, '1'],
          [2, '2'],
        ],
      ],
    ]);
  });

  it('counts rows and columns when the file leaves out their numbers', () => {
    const sheet = read(sheetXml('<row><c><v>1</v></c><c><v>2</v></c></row><row><c/><c><v>3</v></c></row>'));
    expect(sheet.rows.map((r) => [r.row, r.cells.map(([c]) => c)])).toEqual([
      [1, [1, 2]],
      [2, [2]],
    ]);
  });

  it('skips the hidden cells of a merge and keeps its range', () => {
    const sheet = read(
      sheetXml(
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>',
        '<mergeCells><mergeCell ref="A1:B1"/></mergeCells>',
      ),
    );
    expect(sheet.merges).toEqual(['A1:B1']);
    expect(sheet.rows[0]?.cells.map(([c]) => c)).toEqual([1]);
  });

  it('attaches a hyperlink, with its #location', () => {
    const sheet = read(
      sheetXml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>site</t></is></c></row>',
        '<hyperlinks><hyperlink ref="A1" r:id="rId1" location="top"/></hyperlinks>',
      ),
      new Map([['rId1', 'https://x.example/']]),
    );
    expect(sheet.rows[0]?.cells[0]?.[1]).toMatchObject({ text: 'site', link: 'https://x.example/#top' });
  });

  it.each([
    {
      name: 'too many rows',
      data: '<row><c><v>1</v></c></row>'.repeat(3),
      limits: { maxRows: 2 },
      what: 'more than 2 rows',
    },
    {
      name: 'too many cells',
      data: `<row>${'<c><v>1</v></c>'.repeat(3)}</row>`,
      limits: { maxCells: 2 },
      what: 'more than 2 cells',
    },
    {
      name: 'a value too far right',
      data: '<row><c r="D1"><v>1</v></c></row>',
      limits: { maxColumns: 3 },
      what: 'a value in column 4',
    },
  ])('refuses $name, naming the sheet and the limits', ({ data, limits, what }) => {
    expect(() => read(sheetXml(data), new Map(), limits)).toThrow(`sheet "S" has ${what}; a worksheet is far smaller`);
  });

  it('refuses malformed XML, showing where', () => {
    let error: unknown;
    try {
      read(sheetXml('<row><c r="A1" oops><v>1</v></c></row>'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReadError);
    expect((error as ReadError).code).toBe('FILE.CORRUPT');
    expect((error as ReadError).message).toContain('sheet "S" holds malformed XML near <c r="A1" oops>');
  });
});
