import { describe, expect, it } from 'vitest';
import { formatIssue, ISSUE_CODES, quote, type Issue } from '../../src/core/issues.js';

const issue = (over: Partial<Issue>): Issue => ({
  code: 'WORKSHEET.URL_NOT_HTTPS',
  severity: 'error',
  file: 'town.xlsx',
  message: 'must start with https://',
  ...over,
});

describe('formatIssue: file › sheet!cell › field: message', () => {
  it.each([
    { name: 'the file alone', over: {}, want: 'town.xlsx: must start with https://' },
    {
      name: 'every place',
      over: { sheet: 'Biller', cell: 'C7', field: 'RTDR URL' },
      want: 'town.xlsx › Biller!C7 › RTDR URL: must start with https://',
    },
    { name: 'a sheet without a cell', over: { sheet: 'Biller' }, want: 'town.xlsx › Biller: must start with https://' },
    { name: 'a cell without a sheet', over: { cell: 'C7' }, want: 'town.xlsx › C7: must start with https://' },
    {
      name: 'an empty sheet name is no sheet',
      over: { sheet: '', cell: 'C7' },
      want: 'town.xlsx › C7: must start with https://',
    },
    { name: 'a field only', over: { field: 'RTDR URL' }, want: 'town.xlsx › RTDR URL: must start with https://' },
  ])('$name', ({ over, want }) => {
    expect(formatIssue(issue(over))).toBe(want);
  });
});

describe('quote: short, one line, controls made visible', () => {
  it.each([
    { name: 'plain', value: 'abc', max: undefined, want: '"abc"' },
    { name: 'a line break cannot forge a line', value: 'a\nFAKE LINE', max: undefined, want: '"a\\nFAKE LINE"' },
    { name: 'a quote is escaped', value: 'say "hi"', max: undefined, want: '"say \\"hi\\""' },
    { name: 'cut at 60 by default', value: 'x'.repeat(61), max: undefined, want: `"${'x'.repeat(60)}…"` },
    { name: 'exactly the limit is kept whole', value: 'x'.repeat(60), max: undefined, want: `"${'x'.repeat(60)}"` },
    { name: 'a limit of its own', value: 'abcdef', max: 3, want: '"abc…"' },
  ])('$name', ({ value, max, want }) => {
    const got = quote(value, max);
    expect(got).toBe(want);
    expect(got).not.toContain('\n');
  });
});

it('every code is PREFIX.NAME and says what it means', () => {
  for (const [code, meaning] of Object.entries(ISSUE_CODES)) {
    expect(code).toMatch(/^(FILE|WORKSHEET)\.[A-Z0-9_]+$/);
    expect(meaning.length).toBeGreaterThan(5);
  }
});
