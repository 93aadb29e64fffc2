import type { CellValue } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dateText, normaliseValue, numberText } from '../../src/read/cells.js';

const cases: Array<{ name: string; value: unknown; expected: unknown }> = [
  { name: 'empty', value: null, expected: undefined },
  { name: 'plain text', value: 'Alice', expected: { kind: 'text', text: 'Alice' } },
  {
    name: 'text with spaces and NBSP',
    value: '\u00a0 Alice \t',
    expected: { kind: 'text', text: 'Alice', raw: '\u00a0 Alice \t' },
  },
  { name: 'whitespace only', value: '   ', expected: { kind: 'text', text: '', raw: '   ' } },
  { name: 'integer', value: 1234, expected: { kind: 'number', text: '1234', number: 1234 } },
  { name: 'float noise', value: 0.1 + 0.2, expected: { kind: 'number', text: '0.3', number: 0.1 + 0.2 } },
  {
    name: 'large integer',
    value: 123456789012345,
    expected: { kind: 'number', text: '123456789012345', number: 123456789012345 },
  },
  { name: 'boolean', value: true, expected: { kind: 'boolean', text: 'TRUE' } },
  {
    name: 'date (UTC midnight)',
    value: new Date(Date.UTC(2024, 0, 15)),
    expected: { kind: 'date', text: '2024-01-15', number: 45306 },
  },
  {
    name: 'date with time',
    value: new Date(Date.UTC(2024, 0, 15, 13, 30)),
    expected: { kind: 'date', text: '2024-01-15T13:30:00', number: 45306 + 13.5 / 24 },
  },
  {
    name: 'rich text',
    value: { richText: [{ text: 'Rich ' }, { font: { bold: true }, text: 'inline ' }] },
    expected: { kind: 'text', text: 'Rich inline', raw: 'Rich inline ' },
  },
  {
    name: 'hyperlink, text is the URL',
    value: { text: 'https://a.example.com', hyperlink: 'https://a.example.com' },
    expected: { kind: 'text', text: 'https://a.example.com' },
  },
  {
    name: 'hyperlink with a description',
    value: { text: 'RTDR endpoint', hyperlink: 'https://a.example.com/x' },
    expected: { kind: 'text', text: 'RTDR endpoint', link: 'https://a.example.com/x' },
  },
  {
    name: 'hyperlink with rich text',
    value: {
      text: { richText: [{ text: 'https://a.' }, { text: 'example.com' }] },
      hyperlink: 'https://a.example.com',
    },
    expected: { kind: 'text', text: 'https://a.example.com' },
  },
  {
    name: 'mailto hyperlink',
    value: { text: 'clerk@example.org', hyperlink: 'mailto:clerk@example.org' },
    expected: { kind: 'text', text: 'clerk@example.org' },
  },
  {
    name: 'formula with result',
    value: { formula: 'B4*2', result: 6 },
    expected: { kind: 'formula', result: 'number', text: '6', number: 6 },
  },
  {
    name: 'formula with text result',
    value: { formula: 'CONCAT(A1,"x")', result: ' abc ' },
    expected: { kind: 'formula', result: 'text', text: 'abc', raw: ' abc ' },
  },
  {
    name: 'formula with date result',
    value: { formula: 'TODAY()', result: new Date(Date.UTC(2026, 11, 1)) },
    expected: { kind: 'formula', result: 'date', text: '2026-12-01', number: 46357 },
  },
  {
    name: 'shared formula dependent',
    value: { sharedFormula: 'C12', result: 3 },
    expected: { kind: 'formula', result: 'number', text: '3', number: 3 },
  },
  {
    name: 'formula without result',
    value: { formula: 'B4+1' },
    expected: { kind: 'formula', result: 'none', text: '' },
  },
  {
    name: 'formula with an error result',
    value: { formula: '1/0', result: { error: '#DIV/0!' } },
    expected: { kind: 'formula', result: 'error', text: '', error: '#DIV/0!' },
  },
  { name: 'error #N/A', value: { error: '#N/A' }, expected: { kind: 'error', text: '', error: '#N/A' } },
];

describe('normaliseValue', () => {
  it.each(cases)('$name', ({ value, expected }) => expect(normaliseValue(value as CellValue)).toEqual(expected));
});

describe('numberText and dateText', () => {
  it.each([
    [0, '0'],
    [-5, '-5'],
    [1e21, '1e+21'],
    [12.5, '12.5'],
    [1 / 3, '0.333333333333333'],
  ])('%d → %s', (n, s) => expect(numberText(n)).toBe(s));
  it('never shifts a date by the time zone', () =>
    expect(dateText(new Date(Date.UTC(2024, 0, 15)))).toBe('2024-01-15'));
  it('an invalid date is empty', () => expect(dateText(new Date(NaN))).toBe(''));
});
