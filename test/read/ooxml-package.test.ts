import { describe, expect, it } from 'vitest';
import type { NormCell } from '../../src/core/grid.js';
import { dateText } from '../../src/read/cells.js';
import { readXlsxFast } from '../../src/read/fast-xlsx.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { decodePart, resolveTarget } from '../../src/read/ooxml-package.js';
import { ReadError } from '../../src/read/read-error.js';
import { readXlsx, readXlsxWithExceljs } from '../../src/read/read-xlsx.js';
import { rawWorkbook, type RawBook } from '../support/raw-ooxml.js';

const ROWS: RawBook['rows'] = [
  ['Biller Name', 'Town of Example'],
  ['RTDR Username', 'rtdr-user'],
];
const EXPECTED = [
  {
    row: 1,
    cells: [
      [1, { kind: 'text', text: 'Biller Name' }],
      [2, { kind: 'text', text: 'Town of Example' }],
    ],
  },
  {
    row: 2,
    cells: [
      [1, { kind: 'text', text: 'RTDR Username' }],
      [2, { kind: 'text', text: 'rtdr-user' }],
    ],
  },
];

function valueOf(sheets: Awaited<ReturnType<typeof readXlsx>>, row: number): NormCell | undefined {
  return sheets[0]?.rows.find((r) => r.row === row)?.cells.find(([c]) => c === 2)?.[1];
}

describe('the package is opened the way Excel opens it', () => {
  const cases: Array<{ name: string; book: RawBook }> = [
    {
      name: 'workbook part found through _rels/.rels at the zip root',
      book: { rows: ROWS, workbookPath: 'workbook.xml' },
    },
    { name: 'workbook part in another folder', book: { rows: ROWS, workbookPath: 'book/main/wb.xml' } },
    { name: 'zip names with backslashes', book: { rows: ROWS, backslashes: true } },
    {
      name: 'x: prefix on every element, rel: on relationship ids',
      book: { rows: ROWS, prefix: 'x', relPrefix: 'rel' },
    },
    { name: 'UTF-16LE parts', book: { rows: ROWS, utf16: 'le' } },
    { name: 'UTF-16BE parts', book: { rows: ROWS, utf16: 'be' } },
    { name: 'no _rels/.rels: the conventional name', book: { rows: ROWS, noRootRels: true } },
    { name: 'CDATA shared strings', book: { rows: ROWS, cdataStrings: true } },
  ];
  it.each(cases)('$name', async ({ book }) => {
    const buf = await rawWorkbook(book);
    expect(readXlsxFast(buf, DEFAULT_LIMITS)[0]?.rows).toEqual(EXPECTED);
    expect((await readXlsx(buf, DEFAULT_LIMITS))[0]?.rows).toEqual(EXPECTED);
  });

  it('a package whose _rels/.rels names no workbook and has none at the usual place is refused', async () => {
    const buf = await rawWorkbook({ rows: ROWS, workbookPath: 'elsewhere/wb.xml', noRootRels: true });
    expect(() => readXlsxFast(buf, DEFAULT_LIMITS)).toThrow(/names no workbook part/);
  });
});

describe('text as Excel shows it', () => {
  const cases: Array<{ name: string; value: RawBook['rows'][number][1]; cdata?: boolean; shows: NormCell }> = [
    {
      name: 'CR LF written in the XML is one line break',
      value: 'line1\r\nline2',
      shows: { kind: 'text', text: 'line1\nline2' },
    },
    {
      name: 'a CR written as &#13; stays',
      value: { t: 'inlineStr', inner: '<is><t>a&#13;b</t></is>' },
      shows: { kind: 'text', text: 'a\rb' },
    },
    { name: '_x000D_ escape in a shared string', value: 'a_x000D_b', shows: { kind: 'text', text: 'a\rb' } },
    { name: '_x005F_ escapes a literal _x', value: 'a_x005F_x0041_b', shows: { kind: 'text', text: 'a_x0041_b' } },
    { name: 'CDATA keeps < and & literally', value: 'p<w&rd', cdata: true, shows: { kind: 'text', text: 'p<w&rd' } },
    {
      name: 'CDATA inside an inline string',
      value: { t: 'inlineStr', inner: '<is><t><![CDATA[x&amp;y]]></t></is>' },
      shows: { kind: 'text', text: 'x&amp;y' },
    },
  ];
  it.each(cases)('$name', async ({ value, cdata, shows }) => {
    const buf = await rawWorkbook({ rows: [['RTDR Username', value]], cdataStrings: cdata ?? false });
    expect(valueOf(readXlsxFast(buf, DEFAULT_LIMITS), 1)).toEqual(shows);
  });

  it('a hyperlink keeps its #location fragment', async () => {
    const buf = await rawWorkbook({
      rows: [['RTDR URL', 'RTDR endpoint']],
      hyperlinks: [{ ref: 'B1', target: 'https://rtdr.example.com/svc', location: 'v2' }],
    });
    expect(valueOf(readXlsxFast(buf, DEFAULT_LIMITS), 1)).toEqual({
      kind: 'text',
      text: 'RTDR endpoint',
      link: 'https://rtdr.example.com/svc#v2',
    });
  });
});

describe('where exceljs would misread, the file is refused, never guessed', () => {
  const cases: Array<{ name: string; book: RawBook; says: RegExp }> = [
    { name: 'CDATA', book: { rows: ROWS, cdataStrings: true }, says: /CDATA/ },
    {
      name: 'hyperlink location',
      book: { rows: [['RTDR URL', 'x']], hyperlinks: [{ ref: 'B1', target: 'https://a.example.com/', location: 'f' }] },
      says: /#location/,
    },
    {
      name: '_xHHHH_ in a formula result',
      book: { rows: [['RTDR Username', { t: 'str', inner: '<f>A1</f><v>a_x000D_b</v>' }]] },
      says: /_xHHHH_/,
    },
  ];
  it.each(cases)('$name', async ({ book, says }) => {
    const err = await readXlsxWithExceljs(await rawWorkbook(book), DEFAULT_LIMITS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReadError);
    expect((err as ReadError).code).toBe('FILE.UNSUPPORTED_FORMAT');
    expect((err as ReadError).message).toMatch(says);
  });

  it('an unknown cell type goes to exceljs rather than being guessed', async () => {
    const buf = await rawWorkbook({ rows: [['RTDR Username', { t: 'x', inner: '<v>1</v>' }]] });
    expect(() => readXlsxFast(buf, DEFAULT_LIMITS)).toThrow(/cell type x/);
  });
});

describe('Excel serial dates', () => {
  const serial = (n: number) => new Date(Math.round((n - 25569) * 86400_000));
  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [60, '1900-02-29'],
    [61, '1900-03-01'],
    [45306, '2024-01-15'],
    [0.5, '12:00:00'],
    [0.75, '18:00:00'],
    [45306.5, '2024-01-15T12:00:00'],
    [0.99998, '23:59:58'],
  ])('serial %s shows %s', (n, shows) => expect(dateText(serial(n))).toBe(shows));

  it('both readers agree on serials below 61 and on times', async () => {
    const rows: RawBook['rows'] = [
      ['d1', { s: 1, inner: '<v>1</v>' }],
      ['d59', { s: 1, inner: '<v>59</v>' }],
      ['t', { s: 2, inner: '<v>0.5</v>' }],
    ];
    const buf = await rawWorkbook({ rows, xfs: ['<xf numFmtId="14"/>', '<xf numFmtId="21"/>'] });
    const fast = readXlsxFast(buf, DEFAULT_LIMITS);
    expect([1, 2, 3].map((r) => valueOf(fast, r)?.text)).toEqual(['1900-01-01', '1900-02-28', '12:00:00']);
    expect(await readXlsxWithExceljs(buf, DEFAULT_LIMITS)).toEqual(fast);
  });
});

describe('package helpers', () => {
  it.each([
    ['xl/workbook.xml', 'worksheets/sheet1.xml', 'xl/worksheets/sheet1.xml'],
    ['xl/workbook.xml', '/xl/s.xml', 'xl/s.xml'],
    ['xl/worksheets/sheet1.xml', '../media/a.png', 'xl/media/a.png'],
    ['workbook.xml', 'sheets\\s1.xml', 'sheets/s1.xml'],
  ])('%s + %s → %s', (from, to, want) => {
    expect(resolveTarget(from, to)).toBe(want);
  });
  it('an XML part in another declared encoding is not guessed at', () => {
    expect(() => decodePart(Buffer.from('<?xml version="1.0" encoding="windows-1252"?><a/>'))).toThrow(/windows-1252/);
  });
});
