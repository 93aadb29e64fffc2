import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { excelText, readCsv } from '../../src/read/read-csv.js';
import { ReadError } from '../../src/read/read-error.js';

const read = (text: string, limits = {}) => readCsv(Buffer.from(text), 'billers', { ...DEFAULT_LIMITS, ...limits });
const texts = (text: string) =>
  read(text).sheet.rows.map((r) => [r.row, ...r.cells.map(([c, cell]) => `${c}:${cell.text}`)]);

function refusal(fn: () => unknown): ReadError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ReadError);
    return e as ReadError;
  }
  throw new Error('not refused');
}

describe('readCsv', () => {
  it('one visible sheet named as given, with its encoding and delimiter', () => {
    const r = read('a;b\n1;2\n');
    expect([r.sheet.name, r.sheet.state, r.sheet.merges, r.encoding, r.delimiter]).toEqual([
      'billers',
      'visible',
      [],
      'utf-8',
      ';',
    ]);
  });

  it.each([
    {
      name: 'rows and columns numbered from 1',
      text: 'a,b\nc,d\n',
      want: [
        [1, '1:a', '2:b'],
        [2, '1:c', '2:d'],
      ],
    },
    {
      name: 'blank lines keep the row numbers of the lines after them',
      text: 'a\n\nb\n',
      want: [
        [1, '1:a'],
        [3, '1:b'],
      ],
    },
    { name: 'empty fields are not cells', text: 'a,,c\n,,\n', want: [[1, '1:a', '3:c']] },
    {
      name: 'ragged rows',
      text: 'a\nb,c,d\n',
      want: [
        [1, '1:a'],
        [2, '1:b', '2:c', '3:d'],
      ],
    },
    { name: 'a quoted newline stays in its cell', text: '"x\ny",z\n', want: [[1, '1:x\ny', '2:z']] },
    { name: 'Excel\'s ="00123"', text: '="00123",b\n', want: [[1, '1:00123', '2:b']] },
  ])('$name', ({ text, want }) => {
    expect(texts(text)).toEqual(want);
  });

  it.each([
    {
      name: 'an unclosed quote',
      text: 'a,"b\nc,d\n',
      limits: {},
      code: 'FILE.CORRUPT',
      says: /a quoted value is never closed near line \d+: a '"' is missing/,
    },
    {
      name: 'too many rows',
      text: 'a\nb\nc\n',
      limits: { maxRows: 2 },
      code: 'FILE.TOO_LARGE',
      says: /more than 2 rows \(limit maxRows\)/,
    },
    {
      name: 'too many columns',
      text: 'a,b,c\n',
      limits: { maxColumns: 2 },
      code: 'FILE.TOO_LARGE',
      says: /^row 1 has 3 columns \(limit 2\)$/,
    },
    {
      name: 'a record over 1 MB',
      text: `"${'x'.repeat(1024 * 1024 + 10)}"\n`,
      limits: {},
      code: 'FILE.TOO_LARGE',
      says: /longer than 1 MB/,
    },
  ])('refuses $name', ({ text, limits, code, says }) => {
    const err = refusal(() => read(text, limits));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(says);
  });

  it('exactly maxRows rows is accepted', () => {
    expect(read('a\nb\n', { maxRows: 2 }).sheet.rows).toHaveLength(2);
  });
});

describe('excelText', () => {
  it.each([
    { field: '="a\nb"', want: 'a\nb' },
    { field: '=""""', want: '"' },
    { field: ' ="1"', want: ' ="1"' },
    { field: '="1" ', want: '="1" ' },
  ])('$field', ({ field, want }) => {
    expect(excelText(field)).toBe(want);
  });
});
