import { describe, expect, it } from 'vitest';
import { columnName, quotedSheet } from '../../src/report/cell-ref.js';

describe('columnName', () => {
  it.each([
    { index: 0, want: 'A' },
    { index: 25, want: 'Z' },
    { index: 26, want: 'AA' },
    { index: 701, want: 'ZZ' },
    { index: 702, want: 'AAA' },
    { index: 16383, want: 'XFD' },
  ])('$index is $want', ({ index, want }) => {
    expect(columnName(index)).toBe(want);
  });
});

describe('quotedSheet', () => {
  it.each([
    { name: 'a plain name is quoted all the same', sheet: 'Summary', want: "'Summary'" },
    { name: 'spaces', sheet: 'My Billers', want: "'My Billers'" },
    { name: 'a quote is doubled', sheet: "Bob's", want: "'Bob''s'" },
    { name: 'two quotes', sheet: "'x'", want: "'''x'''" },
  ])('$name', ({ sheet, want }) => {
    expect(quotedSheet(sheet)).toBe(want);
  });
});
