import { describe, expect, it } from 'vitest';
import { checkCsvBytes, checkXlsxBytes, kindByName, mb, unsupportedReason } from '../../src/read/classify.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { ReadError } from '../../src/read/read-error.js';
import { bombRows, cfb, inlineRow, minimalXlsx, zipWith } from '../support/hostile.js';

function refusal(fn: () => unknown): ReadError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ReadError);
    return e as ReadError;
  }
  throw new Error('not refused');
}

describe('kindByName', () => {
  it.each([
    { name: 'book.xlsx', kind: 'xlsx' },
    { name: 'BOOK.XLSM', kind: 'xlsx' },
    { name: 'template.xltx', kind: 'xlsx' },
    { name: 'list.csv', kind: 'csv' },
    { name: 'list.TSV', kind: 'csv' },
    { name: 'old.xls', kind: 'unsupported-spreadsheet' },
    { name: 'calc.ods', kind: 'unsupported-spreadsheet' },
    { name: 'notes.txt', kind: 'other' },
    { name: 'no-extension', kind: 'other' },
  ])('$name is $kind', ({ name, kind }) => {
    expect(kindByName(name)).toBe(kind);
  });
});

describe('unsupportedReason', () => {
  it.each([
    {
      name: 'a.xlsb',
      says: 'an Excel binary workbook; open it and save it as Excel Workbook (.xlsx), then drop the .xlsx',
    },
    { name: 'a.NUMBERS', says: 'an Apple Numbers document; open it' },
    { name: 'a.qpw', says: 'a spreadsheet format this tool does not read; open it' },
  ])('$name', ({ name, says }) => {
    expect(unsupportedReason(name)).toContain(says);
  });
});

describe('mb', () => {
  it.each([
    { bytes: 1024 * 1024, want: '1.0 MB' },
    { bytes: 1.25 * 1024 * 1024, want: '1.3 MB' },
    { bytes: 12.4 * 1024 * 1024, want: '12 MB' },
  ])('$bytes bytes is $want', ({ bytes, want }) => {
    expect(mb(bytes)).toBe(want);
  });
});

describe('checkXlsxBytes', () => {
  it('a real xlsx passes and gives its zip directory', async () => {
    const entries = checkXlsxBytes(await minimalXlsx(inlineRow(1, ['a'])), DEFAULT_LIMITS);
    expect(entries.map((e) => e.name)).toContain('xl/worksheets/sheet1.xml');
  });

  it.each([
    {
      name: 'a password-protected workbook',
      bytes: async () => cfb(true),
      code: 'FILE.ENCRYPTED',
      says: /password-protected/,
    },
    {
      name: 'an .xls named .xlsx',
      bytes: async () => cfb(false),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /Excel 97-2003/,
    },
    {
      name: 'a text file',
      bytes: async () => Buffer.from('a,b\n1,2\n'),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /text file \(csv or html\?\)/,
    },
    {
      name: 'a UTF-16 text file (NULs, but a BOM)',
      bytes: async () => Buffer.from('\uFEFFa,b', 'utf16le'),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /text file/,
    },
    {
      name: 'binary bytes',
      bytes: async () => Buffer.from([1, 0, 2, 0]),
      code: 'FILE.CORRUPT',
      says: /not a zip archive/,
    },
    {
      name: 'an xlsb',
      bytes: () => zipWith({ '[Content_Types].xml': '<Types/>', 'xl/workbook.bin': 'x' }),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /\.xlsb/,
    },
    {
      name: 'an ods',
      bytes: () => zipWith({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' }),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /OpenDocument/,
    },
    {
      name: 'a Numbers document',
      bytes: () => zipWith({ 'Index/Document.iwa': 'x' }),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /Apple Numbers/,
    },
    {
      name: 'another zip',
      bytes: () => zipWith({ 'readme.txt': 'x' }),
      code: 'FILE.CORRUPT',
      says: /no _rels\/\.rels, no xl\/workbook\.xml/,
    },
  ])('refuses $name', async ({ bytes, code, says }) => {
    const buf = await bytes();
    const err = refusal(() => checkXlsxBytes(buf, DEFAULT_LIMITS));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(says);
  });

  it('refuses a workbook whose parts unpack past maxInflatedBytes, naming both sizes', async () => {
    const buf = await minimalXlsx(bombRows(2));
    const err = refusal(() => checkXlsxBytes(buf, { ...DEFAULT_LIMITS, maxInflatedBytes: 1024 * 1024 }));
    expect(err.code).toBe('FILE.TOO_LARGE');
    expect(err.message).toMatch(/^the workbook unpacks to 2\.0 MB \(limit 1\.0 MB\)/);
  });
});

describe('checkCsvBytes', () => {
  it.each([
    {
      name: 'a zip',
      bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /rename it to \.xlsx/,
    },
    { name: 'a CFB file', bytes: cfb(false), code: 'FILE.UNSUPPORTED_FORMAT', says: /workbook named \.csv/ },
    { name: 'binary', bytes: Buffer.from([0x41, 0, 0x42]), code: 'FILE.CORRUPT', says: /binary file/ },
  ])('refuses $name', ({ bytes, code, says }) => {
    const err = refusal(() => checkCsvBytes(bytes));
    expect([err.code, says.test(err.message)]).toEqual([code, true]);
  });

  it.each([
    { name: 'UTF-8 text', bytes: Buffer.from('a,b\n') },
    { name: 'UTF-16LE with its BOM', bytes: Buffer.from('\uFEFFa,b\n', 'utf16le') },
    { name: 'UTF-16BE with its BOM', bytes: Buffer.from([0xfe, 0xff, 0, 0x61]) },
  ])('accepts $name', ({ bytes }) => {
    expect(() => checkCsvBytes(bytes)).not.toThrow();
  });
});
