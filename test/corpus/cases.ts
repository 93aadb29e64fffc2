/**
 * The corpus: one worksheet per case, each holding one complete biller (sampleBiller(n)) whose one
 * field has the cell shape under test. Every case says what its author meant (what Excel shows)
 * and what must happen: the exact value the CRM ends with, or the exact refusal code and cell.
 */
import type { FieldKey } from '../../src/core/field-map.js';

type Writer = 'exceljs' | 'sheetjs' | 'openpyxl' | 'xlsxwriter' | 'libreoffice' | 'raw' | 'csv';

/** A cell as its author made it; each writer renders what it can. */
export type CellSpec =
  | string
  | { num: number; fmt?: string }
  | { date: string; fmt?: string }
  | { time: string }
  | { formula: string; result?: string | number }
  | { link: string; text: string }
  | { bool: boolean }
  | { rich: string[] }
  | { error: string }
  | { raw: { t?: string; s?: number; inner: string }; xfs?: string[]; numFmts?: string[] };

type Expect = { value: string } | { refuse: string; cell: string } | { fileRefused: string };

export interface CorpusCase {
  id: string;
  writer: Writer;
  field: FieldKey;
  /** What the file holds, in words. */
  shape: string;
  cell: CellSpec;
  /** What the author sees in Excel (and so meant). */
  meant: string;
  expect: Expect;
  /** Raw OOXML package quirks, a layout variant, or a csv encoding. */
  variant?: Record<string, string | boolean>;
  /** For LibreOffice: the case whose file is converted. */
  from?: string;
}

// Rows: label in A, value in B, from row 3 in the field map's order; see generate.ts. B-cells by field:
const VALUE_CELL: Record<string, string> = {
  billerName: 'B3',
  billerId: 'B4',
  conversionDate: 'B5',
  rtdrUrl: 'B6',
  rtdrUsername: 'B7',
  rtdrPrivateKey: 'B8',
  rtdrPassword: 'B9',
  paymentsUrl: 'B10',
  paymentsUsername: 'B11',
  paymentsPrivateKey: 'B12',
  paymentsPassword: 'B13',
  ftpUsername: 'B14',
  invoiceFormatGuid: 'B15',
};

const base = (writer: Writer): CorpusCase[] => [
  {
    id: `${writer}-text-secret`,
    writer,
    field: 'rtdrPassword',
    shape: 'text',
    cell: 'Pw!0042xy',
    meant: 'Pw!0042xy',
    expect: { value: 'Pw!0042xy' },
  },
  {
    id: `${writer}-text-username`,
    writer,
    field: 'rtdrUsername',
    shape: 'text that looks like a number',
    cell: '00123',
    meant: '00123',
    expect: { value: '00123' },
  },
  {
    id: `${writer}-text-url`,
    writer,
    field: 'rtdrUrl',
    shape: 'text',
    cell: 'https://rtdr.corpus.example.com/svc?a=1&b=2',
    meant: 'https://rtdr.corpus.example.com/svc?a=1&b=2',
    expect: { value: 'https://rtdr.corpus.example.com/svc?a=1&b=2' },
  },
  {
    id: `${writer}-text-guid`,
    writer,
    field: 'invoiceFormatGuid',
    shape: 'text, lower case in braces',
    cell: '{3f2504e0-4f89-11d3-9a0c-0305e82c3301}',
    meant: '{3f2504e0-4f89-11d3-9a0c-0305e82c3301}',
    expect: { value: '3F2504E0-4F89-11D3-9A0C-0305E82C3301' },
  },
  {
    id: `${writer}-date-cell`,
    writer,
    field: 'conversionDate',
    shape: 'a date cell',
    cell: { date: '2026-12-05' },
    meant: '2026-12-05',
    expect: { value: '2026-12-05' },
  },
  {
    id: `${writer}-text-name`,
    writer,
    field: 'billerName',
    shape: 'text with accents and symbols',
    cell: 'Ville de Québec & Co <Nord>',
    meant: 'Ville de Québec & Co <Nord>',
    expect: { value: 'Ville de Québec & Co <Nord>' },
  },
  {
    id: `${writer}-number-padded-username`,
    writer,
    field: 'rtdrUsername',
    shape: 'number 123456 formatted 00000000',
    cell: { num: 123456, fmt: '00000000' },
    meant: '00123456',
    expect: { value: '00123456' },
  },
  {
    id: `${writer}-number-secret`,
    writer,
    field: 'rtdrPassword',
    shape: 'a number in a secret',
    cell: { num: 12345 },
    meant: '12345',
    expect: { refuse: 'WORKSHEET.SECRET_NOT_TEXT', cell: VALUE_CELL.rtdrPassword ?? '' },
  },
  {
    id: `${writer}-date-in-username`,
    writer,
    field: 'rtdrUsername',
    shape: 'a date cell in a username',
    cell: { date: '2026-01-02' },
    meant: '1-2',
    expect: { refuse: 'WORKSHEET.DATE_IN_TEXT_FIELD', cell: VALUE_CELL.rtdrUsername ?? '' },
  },
  {
    id: `${writer}-hyperlink-url`,
    writer,
    field: 'rtdrUrl',
    shape: 'a hyperlink whose text is a description',
    cell: { link: 'https://rtdr.corpus.example.com/link', text: 'RTDR endpoint' },
    meant: 'https://rtdr.corpus.example.com/link',
    expect: { value: 'https://rtdr.corpus.example.com/link' },
  },
  {
    id: `${writer}-secret-leading-space`,
    writer,
    field: 'rtdrPassword',
    shape: 'text with a leading space',
    cell: ' Pw!leading',
    meant: ' Pw!leading',
    expect: { refuse: 'WORKSHEET.SECRET_WHITESPACE', cell: VALUE_CELL.rtdrPassword ?? '' },
  },
];

export const CASES: CorpusCase[] = [
  ...base('exceljs'),
  {
    id: 'exceljs-rich-secret',
    writer: 'exceljs',
    field: 'rtdrPassword',
    shape: 'rich text in two runs',
    cell: { rich: ['Pw!', 'Rich42'] },
    meant: 'Pw!Rich42',
    expect: { value: 'Pw!Rich42' },
  },
  {
    id: 'exceljs-formula-secret',
    writer: 'exceljs',
    field: 'rtdrPassword',
    shape: 'a formula with a cached string',
    cell: { formula: 'CONCAT("Pw!","formula9")', result: 'Pw!formula9' },
    meant: 'Pw!formula9',
    expect: { refuse: 'WORKSHEET.FORMULA_NOT_ALLOWED', cell: VALUE_CELL.rtdrPassword ?? '' },
  },
  {
    id: 'exceljs-formula-no-result-username',
    writer: 'exceljs',
    field: 'rtdrUsername',
    shape: 'a formula without a cached result',
    cell: { formula: 'LOWER("U")' },
    meant: 'u',
    expect: { refuse: 'WORKSHEET.FORMULA_NOT_ALLOWED', cell: VALUE_CELL.rtdrUsername ?? '' },
  },
  {
    id: 'exceljs-error-url',
    writer: 'exceljs',
    field: 'rtdrUrl',
    shape: 'the error #N/A',
    cell: { error: '#N/A' },
    meant: '#N/A',
    expect: { refuse: 'WORKSHEET.CELL_ERROR', cell: VALUE_CELL.rtdrUrl ?? '' },
  },
  {
    id: 'exceljs-bool-username',
    writer: 'exceljs',
    field: 'rtdrUsername',
    shape: 'a boolean',
    cell: { bool: true },
    meant: 'TRUE',
    expect: { refuse: 'WORKSHEET.BOOLEAN_IN_TEXT_FIELD', cell: VALUE_CELL.rtdrUsername ?? '' },
  },
  {
    id: 'exceljs-soft-hyphen-username',
    writer: 'exceljs',
    field: 'rtdrUsername',
    shape: 'a soft hyphen (U+00AD) inside',
    cell: 'rtdr\u00adu',
    meant: 'rtdru (the hyphen is invisible)',
    expect: { refuse: 'WORKSHEET.CONTROL_CHARACTER', cell: VALUE_CELL.rtdrUsername ?? '' },
  },
  {
    id: 'exceljs-16-digits-username',
    writer: 'exceljs',
    field: 'rtdrUsername',
    shape: 'a 16-digit number (Excel keeps 15)',
    cell: { num: 1234567890123456 },
    meant: '1234567890123456',
    expect: { refuse: 'WORKSHEET.NUMBER_PRECISION', cell: VALUE_CELL.rtdrUsername ?? '' },
  },
  {
    id: 'exceljs-ssn-format-username',
    writer: 'exceljs',
    field: 'rtdrUsername',
    shape: 'number 12345678 formatted 000-00-0000',
    cell: { num: 12345678, fmt: '000-00-0000' },
    meant: '012-34-5678',
    expect: { value: '012-34-5678' },
  },
  ...base('sheetjs'),
  ...base('openpyxl'),
  {
    id: 'openpyxl-equals-secret',
    writer: 'openpyxl',
    field: 'rtdrPassword',
    shape: "'=Xy7!abc' given to openpyxl: a formula with no cached value",
    cell: { formula: 'Xy7!abc' },
    meant: '=Xy7!abc',
    expect: { refuse: 'WORKSHEET.FORMULA_NOT_ALLOWED', cell: VALUE_CELL.rtdrPassword ?? '' },
  },
  {
    id: 'openpyxl-time-date',
    writer: 'openpyxl',
    field: 'conversionDate',
    shape: 'a time of day alone in the date field',
    cell: { time: '12:00:00' },
    meant: '12:00:00',
    expect: { refuse: 'WORKSHEET.DATE_INVALID', cell: VALUE_CELL.conversionDate ?? '' },
  },
  ...base('xlsxwriter'),
  {
    id: 'xlsxwriter-formula-username',
    writer: 'xlsxwriter',
    field: 'rtdrUsername',
    shape: 'a formula cached as <v>0</v> with fullCalcOnLoad',
    cell: { formula: 'LOWER("U")' },
    meant: 'u',
    expect: { refuse: 'WORKSHEET.FORMULA_NOT_ALLOWED', cell: VALUE_CELL.rtdrUsername ?? '' },
  },
  ...[
    'text-secret',
    'text-username',
    'text-url',
    'text-guid',
    'date-cell',
    'text-name',
    'hyperlink-url',
    'number-padded-username',
  ].map((c): CorpusCase => {
    const from = base('exceljs').find((b) => b.id === `exceljs-${c}`) as CorpusCase;
    return {
      ...from,
      id: `libreoffice-${c}`,
      writer: 'libreoffice',
      shape: `${from.shape}, saved again by LibreOffice`,
      from: from.id,
    };
  }),
  {
    id: 'libreoffice-bool-text-username',
    writer: 'libreoffice',
    field: 'rtdrUsername',
    shape: 'a boolean, saved again by LibreOffice (as the formula TRUE() with cached 1)',
    cell: { bool: true },
    meant: 'TRUE',
    expect: { refuse: 'WORKSHEET.FORMULA_NOT_ALLOWED', cell: VALUE_CELL.rtdrUsername ?? '' },
    from: 'exceljs-bool-username',
  },
  // Raw OOXML: shapes no library writes.
  ...(
    [
      ['root-workbook', { workbookPath: 'workbook.xml' }],
      ['folder-workbook', { workbookPath: 'book/main/wb.xml' }],
      ['backslashes', { backslashes: true }],
      ['prefixed', { prefix: 'x', relPrefix: 'rel' }],
      ['utf16le', { utf16: 'le' }],
      ['utf16be', { utf16: 'be' }],
      ['cdata', { cdataStrings: true }],
      ['no-root-rels', { noRootRels: true }],
    ] satisfies Array<[string, Record<string, string | boolean>]>
  ).map(([name, variant]): CorpusCase => ({
    id: `raw-${name}`,
    writer: 'raw',
    field: 'rtdrPassword',
    shape: `package: ${name}`,
    cell: 'Pw!raw&<1>',
    meant: 'Pw!raw&<1>',
    expect: { value: 'Pw!raw&<1>' },
    variant,
  })),
  {
    id: 'raw-escape-username',
    writer: 'raw',
    field: 'rtdrUsername',
    shape: '_x0063_ escape inside a shared string',
    cell: 'ab_x0063_d',
    meant: 'abcd',
    expect: { value: 'abcd' },
  },
  {
    id: 'raw-escaped-escape-username',
    writer: 'raw',
    field: 'rtdrUsername',
    shape: '_x005F_x0063_ (a literal _x0063_)',
    cell: 'ab_x005F_x0063_d',
    meant: 'ab_x0063_d',
    expect: { value: 'ab_x0063_d' },
  },
  {
    id: 'raw-cr-escape-secret',
    writer: 'raw',
    field: 'rtdrPassword',
    shape: '_x000D_ (a carriage return) inside a secret',
    cell: 'Pw!cr_x000D_xyz',
    meant: 'Pw!cr<CR>xyz',
    expect: { refuse: 'WORKSHEET.LINE_BREAK', cell: VALUE_CELL.rtdrPassword ?? '' },
  },
  {
    id: 'raw-crlf-username',
    writer: 'raw',
    field: 'rtdrUsername',
    shape: 'CR LF inside a shared string',
    cell: 'line1\r\nline2',
    meant: 'line1<line break>line2',
    expect: { refuse: 'WORKSHEET.LINE_BREAK', cell: VALUE_CELL.rtdrUsername ?? '' },
  },
  {
    id: 'raw-link-location-url',
    writer: 'raw',
    field: 'rtdrUrl',
    shape: 'a hyperlink with a #location fragment',
    cell: 'RTDR endpoint',
    meant: 'https://rtdr.corpus.example.com/svc#v2',
    expect: { value: 'https://rtdr.corpus.example.com/svc#v2' },
    variant: { linkTarget: 'https://rtdr.corpus.example.com/svc', linkLocation: 'v2' },
  },
  {
    id: 'raw-serial-60-date',
    writer: 'raw',
    field: 'conversionDate',
    shape: "serial 60, Excel's fictitious 1900-02-29",
    cell: { raw: { s: 1, inner: '<v>60</v>' }, xfs: ['<xf numFmtId="14"/>'] },
    meant: '1900-02-29',
    expect: { refuse: 'WORKSHEET.DATE_INVALID', cell: VALUE_CELL.conversionDate ?? '' },
  },
  {
    id: 'raw-serial-59-username',
    writer: 'raw',
    field: 'rtdrUsername',
    shape: 'serial 59 as a date in a username',
    cell: { raw: { s: 1, inner: '<v>59</v>' }, xfs: ['<xf numFmtId="14"/>'] },
    meant: '1900-02-28',
    expect: { refuse: 'WORKSHEET.DATE_IN_TEXT_FIELD', cell: VALUE_CELL.rtdrUsername ?? '' },
  },
  {
    id: 'raw-time-only-date',
    writer: 'raw',
    field: 'conversionDate',
    shape: 'serial 0.5 formatted h:mm:ss',
    cell: { raw: { s: 1, inner: '<v>0.5</v>' }, xfs: ['<xf numFmtId="21"/>'] },
    meant: '12:00:00',
    expect: { refuse: 'WORKSHEET.DATE_INVALID', cell: VALUE_CELL.conversionDate ?? '' },
  },
  {
    id: 'raw-locale-date-format',
    writer: 'raw',
    field: 'conversionDate',
    shape: 'serial 46361 formatted [$-409]d-mmm-yyyy;@',
    cell: {
      raw: { s: 1, inner: '<v>46361</v>' },
      xfs: ['<xf numFmtId="165"/>'],
      numFmts: ['<numFmt numFmtId="165" formatCode="[$-409]d\\-mmm\\-yyyy;@"/>'],
    },
    meant: '5-Dec-2026',
    expect: { value: '2026-12-05' },
  },
  {
    id: 'raw-inline-string-secret',
    writer: 'raw',
    field: 'rtdrPassword',
    shape: 'an inline string',
    cell: { raw: { t: 'inlineStr', inner: '<is><t>Pw!inline</t></is>' } },
    meant: 'Pw!inline',
    expect: { value: 'Pw!inline' },
  },
  {
    id: 'raw-date-t-d',
    writer: 'raw',
    field: 'conversionDate',
    shape: 'a t="d" ISO date cell',
    cell: { raw: { t: 'd', inner: '<v>2026-12-05T00:00:00</v>' } },
    meant: '2026-12-05',
    expect: { value: '2026-12-05' },
  },
  // Layouts (written with exceljs).
  {
    id: 'layout-not-beside',
    writer: 'exceljs',
    field: 'rtdrUsername',
    shape: 'the value two cells right of its label',
    cell: 'rtdr-far',
    meant: 'rtdr-far',
    expect: { refuse: 'WORKSHEET.VALUE_NOT_BESIDE_LABEL', cell: 'D7' },
    variant: { layout: 'not-beside' },
  },
  {
    id: 'layout-side-by-side',
    writer: 'exceljs',
    field: 'billerName',
    shape: 'two billers side by side in B and C',
    cell: 'Town Side A',
    meant: 'two billers',
    expect: { refuse: 'WORKSHEET.SEVERAL_VALUES', cell: 'B3' },
    variant: { layout: 'side-by-side' },
  },
  {
    id: 'layout-duplicate-label',
    writer: 'exceljs',
    field: 'rtdrUrl',
    shape: 'RTDR URL given twice (once as RTDR Endpoint)',
    cell: 'https://rtdr.corpus.example.com/a',
    meant: 'two values for one field',
    expect: { refuse: 'WORKSHEET.DUPLICATE_FIELD', cell: 'A19' },
    variant: { layout: 'duplicate' },
  },
  {
    id: 'layout-repeated-header',
    writer: 'exceljs',
    field: 'billerName',
    shape: 'a table whose header row is repeated below',
    cell: 'Town Table',
    meant: 'two tables on one sheet',
    expect: { refuse: 'WORKSHEET.HEADER_REPEATED', cell: 'A4' },
    variant: { layout: 'repeated-header' },
  },
  // csv as Excel writes it.
  {
    id: 'csv-equals-wrapper-username',
    writer: 'csv',
    field: 'rtdrUsername',
    shape: '="00123" (Excel keeping text)',
    cell: '="00123"',
    meant: '00123',
    expect: { value: '00123' },
  },
  {
    id: 'csv-utf8-bom-name',
    writer: 'csv',
    field: 'billerName',
    shape: 'CSV UTF-8 (with BOM)',
    cell: 'Ville de Québec – Crème',
    meant: 'Ville de Québec – Crème',
    expect: { value: 'Ville de Québec – Crème' },
    variant: { encoding: 'utf-8-bom' },
  },
  {
    id: 'csv-cp1252-name',
    writer: 'csv',
    field: 'billerName',
    shape: 'CSV (Comma delimited), Windows-1252',
    cell: 'Ville de Québec – 5 €',
    meant: 'Ville de Québec – 5 €',
    expect: { value: 'Ville de Québec – 5 €' },
    variant: { encoding: 'windows-1252' },
  },
  {
    id: 'csv-cp850-name',
    writer: 'csv',
    field: 'billerName',
    shape: 'CSV (MS-DOS), cp850',
    cell: 'Ville de Québec Crème',
    meant: 'Ville de Québec Crème',
    expect: { value: 'Ville de Québec Crème' },
    variant: { encoding: 'cp850' },
  },
  {
    id: 'csv-mac-name',
    writer: 'csv',
    field: 'billerName',
    shape: 'CSV (Macintosh), Mac Roman',
    cell: 'Ville de Québec Crème',
    meant: 'Ville de Québec Crème',
    expect: { value: 'Ville de Québec Crème' },
    variant: { encoding: 'macintosh' },
  },
  {
    id: 'csv-ambiguous-name',
    writer: 'csv',
    field: 'billerName',
    shape: 'legacy code page with only capitals (JOSÉ): Windows-1252 or Mac Roman',
    cell: 'VILLE DE JOSÉ',
    meant: 'VILLE DE JOSÉ',
    expect: { fileRefused: 'FILE.ENCODING_UNKNOWN' },
    variant: { encoding: 'windows-1252' },
  },
];

/** The biller number of a case (unique ids, GUIDs and FTP users per file). */
export function caseNumber(c: Pick<CorpusCase, 'id'>): number {
  const i = CASES.findIndex((x) => x.id === c.id);
  if (i < 0) throw new Error(`no corpus case ${c.id}`);
  return 1000 + i;
}

/** The biller a case's file holds: a LibreOffice round trip holds the biller of the file it converted. */
export function billerNumber(c: CorpusCase): number {
  return caseNumber({ id: c.from ?? c.id });
}
