import { describe, expect, it } from 'vitest';
import type { CrmRow } from '../../../src/core/crm-rows.js';
import { formatCrmCsv, guard, parseCrmCsv } from '../../../src/targets/sqlite/crm-csv.js';

const row = (value: string, key = 'k'): CrmRow => ({ billerId: 'B1', section: 'bif', key, value });

describe('guard (CSV injection)', () => {
  it.each([
    { name: 'plain text', v: 'hello', want: 'hello' },
    { name: 'a formula', v: '=1+1', want: "'=1+1" },
    { name: 'plus', v: '+33 1 23', want: "'+33 1 23" },
    { name: 'minus', v: '-5', want: "'-5" },
    { name: 'at', v: '@SUM(A1)', want: "'@SUM(A1)" },
    { name: 'a tab', v: '\tx', want: "'\tx" },
    { name: 'a carriage return', v: '\rx', want: "'\rx" },
    { name: 'already guarded gets one more', v: "'=x", want: "''=x" },
    { name: 'an apostrophe before text stays', v: "'quoted", want: "'quoted" },
    { name: 'empty', v: '', want: '' },
  ])('$name', ({ v, want }) => {
    expect(guard(v)).toBe(want);
  });
});

describe('formatCrmCsv then parseCrmCsv', () => {
  it.each([
    { name: 'plain', value: 'https://x.example.com' },
    { name: 'a comma', value: 'a,b' },
    { name: 'a quote', value: 'say "hi"' },
    { name: 'a newline', value: 'line1\nline2' },
    { name: 'leading and trailing spaces', value: '  padded  ' },
    { name: 'a formula', value: '=HYPERLINK("http://evil")' },
    { name: 'a guarded formula', value: "'=x" },
    { name: 'empty', value: '' },
  ])('$name survives the round trip', ({ value }) => {
    const text = formatCrmCsv([row(value)]);
    expect(text.startsWith('biller_id,section,key,value\n')).toBe(true);
    // A row's line is where its record ends (a quoted newline spans two).
    const line = 2 + (value.match(/\n/g)?.length ?? 0);
    expect(parseCrmCsv(Buffer.from(text))).toEqual({ rows: [{ line, row: row(value) }], errors: [] });
    expect(formatCrmCsv(parseCrmCsv(Buffer.from(text)).rows.map((r) => r.row))).toBe(text);
  });

  it.each([
    { name: 'a formula gets an apostrophe, so a spreadsheet shows it as text', value: '=1+1', field: "'=1+1" },
    { name: 'padding is quoted, so no reader trims it', value: ' x ', field: '" x "' },
    { name: 'a quote is doubled inside quotes', value: 'a"b', field: '"a""b"' },
    { name: 'plain text is bare', value: 'abc', field: 'abc' },
  ])('written: $name', ({ value, field }) => {
    expect(formatCrmCsv([row(value)])).toBe(`biller_id,section,key,value\nB1,bif,k,${field}\n`);
  });
});

describe('parseCrmCsv', () => {
  it.each([
    {
      name: 'another header',
      text: 'id,section,key,value\nB1,bif,k,v\n',
      errors: [
        { line: 1, message: 'the header must start with biller_id,section,key,value (found id,section,key,value)' },
      ],
    },
    {
      name: 'nothing at all',
      text: '',
      errors: [{ line: 1, message: 'the header must start with biller_id,section,key,value (found nothing)' }],
    },
    {
      name: 'a short row, with its line',
      text: 'biller_id,section,key,value\nB1,bif,k,v\nB2,bif\n',
      errors: [{ line: 3, message: 'expected 4 columns, found 2' }],
    },
    {
      name: 'an unclosed quote',
      text: 'biller_id,section,key,value\nB1,bif,k,"v\n',
      errors: [{ line: expect.any(Number), message: expect.stringMatching(/^the csv cannot be parsed: /) }],
    },
  ])('$name', ({ text, errors }) => {
    expect(parseCrmCsv(Buffer.from(text)).errors).toEqual(errors);
  });

  it('a header in capitals with spaces, a BOM, blank lines, a 3-column row and a padded section are read', () => {
    const text = '\uFEFF Biller_ID ,SECTION,Key,Value\n\nB1, bif ,k\n';
    expect(parseCrmCsv(Buffer.from(text))).toEqual({
      rows: [{ line: 3, row: { billerId: 'B1', section: 'bif', key: 'k', value: '' } }],
      errors: [],
    });
  });
});
