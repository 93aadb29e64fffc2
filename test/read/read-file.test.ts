import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedFieldMap } from '../../src/core/field-map.js';
import { readFieldMap } from '../../src/field-map-file.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { readWorksheetFile, rejected } from '../../src/read/read-file.js';
import { tempDir } from '../support/intake.js';
import { csvText, sampleBiller, tableWorkbook } from '../support/workbooks.js';

let fieldMap: LoadedFieldMap;
beforeAll(async () => {
  fieldMap = await readFieldMap();
});
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sc-readfile-'));
});
afterEach(() => cleanup());

const read = (name: string, limits = {}) =>
  readWorksheetFile({ path: join(dir, name) }, fieldMap, { ...DEFAULT_LIMITS, ...limits });

describe('readWorksheetFile', () => {
  it('a table workbook: read, with its sha256 and one valid biller per row', async () => {
    writeFileSync(join(dir, 'b.xlsx'), await tableWorkbook('Billers', [sampleBiller(1), sampleBiller(2)]));
    const r = await read('b.xlsx');
    expect(r.status).toBe('read');
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.issues).toEqual([]);
    expect(r.billers.map((b) => [b.sheet, b.row, b.billerName, b.valid, b.record !== undefined])).toEqual([
      ['Billers', 2, 'Town of Sample 1', true, true],
      ['Billers', 3, 'Town of Sample 2', true, true],
    ]);
  });

  it('the same biller twice: the second is invalid, named with where the first is', async () => {
    writeFileSync(join(dir, 'b.xlsx'), await tableWorkbook('Billers', [sampleBiller(1), sampleBiller(1)]));
    const r = await read('b.xlsx');
    expect(r.billers.map((b) => b.valid)).toEqual([true, false]);
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'WORKSHEET.DUPLICATE_BILLER',
        sheet: 'Billers',
        message: expect.stringMatching(/already appears in Billers row 2; keep one$/),
      }),
    ]);
  });

  it('a csv in Windows-1252 is read, with a warning; its sheet is named after the file', async () => {
    const text = csvText([sampleBiller(1, { billerName: 'Ville de Québec' })]);
    writeFileSync(join(dir, 'night one.csv'), iconv.encode(text, 'windows-1252'));
    const r = await read('night one.csv');
    expect(r.billers.map((b) => [b.sheet, b.billerName])).toEqual([['night one', 'Ville de Québec']]);
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'FILE.ENCODING_GUESSED',
        severity: 'warning',
        message: expect.stringContaining('windows-1252'),
      }),
    ]);
  });

  it.each([
    {
      name: 'a skipped entry',
      entry: { skip: 'a hidden file, skipped' },
      want: { status: 'skipped', note: 'a hidden file, skipped' },
    },
    {
      name: 'a missing entry',
      entry: { missing: true },
      want: rejected('PATH', 'FILE.NOT_FOUND', 'no such file or folder'),
    },
  ])('$name', async ({ entry, want }) => {
    const path = join(dir, 'x.xlsx');
    const r = await readWorksheetFile({ path, ...entry }, fieldMap, DEFAULT_LIMITS);
    expect(r).toMatchObject(JSON.parse(JSON.stringify(want).replaceAll('PATH', path)) as object);
  });

  it.each([
    {
      name: 'notes.txt',
      make: () => 'hello',
      status: 'ignored',
      code: 'FILE.IGNORED',
      says: 'not a worksheet (.txt); only .xlsx, .xlsm and .csv files are read',
    },
    {
      name: 'README',
      make: () => 'hello',
      status: 'ignored',
      code: 'FILE.IGNORED',
      says: 'not a worksheet (no extension)',
    },
    {
      name: 'old.xls',
      make: () => 'x',
      status: 'rejected',
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: 'an Excel 97-2003 workbook',
    },
    { name: 'empty.xlsx', make: () => '', status: 'rejected', code: 'FILE.EMPTY', says: 'the file is empty (0 bytes)' },
    {
      name: 'big.csv',
      make: () => 'x'.repeat(2000),
      limits: { maxFileBytes: 1000 },
      status: 'rejected',
      code: 'FILE.TOO_LARGE',
      says: 'limit 0.0 MB',
    },
    { name: 'text.xlsx', make: () => 'a,b\n', status: 'rejected', code: 'FILE.UNSUPPORTED_FORMAT', says: 'text file' },
    {
      name: 'bin.csv',
      make: () => Buffer.from([1, 0, 2]),
      status: 'rejected',
      code: 'FILE.CORRUPT',
      says: 'binary file',
    },
    { name: 'folder.xlsx', make: undefined, status: 'rejected', code: 'FILE.UNREADABLE', says: 'not a regular file' },
  ])('$name: $status $code', async ({ name, make, limits, status, code, says }) => {
    if (make) writeFileSync(join(dir, name), make());
    else mkdirSync(join(dir, name));
    const r = await read(name, limits);
    expect(r.status).toBe(status);
    expect(r.billers).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code, file: join(dir, name) });
    expect(r.issues[0]!.message).toContain(says);
  });

  it('a file that disappears between listing and reading is rejected, never thrown', async () => {
    const r = await read('gone.xlsx');
    expect(r.status).toBe('rejected');
    expect(r.issues[0]?.code).toBe('FILE.CORRUPT');
    expect(r.issues[0]?.message).toMatch(/^the file cannot be read \(ENOENT/);
  });
});
