import { describe, expect, it } from 'vitest';
import { cellValue, withLink, type SheetContext } from '../../src/read/cell-value.js';
import { FastReadUnsupported } from '../../src/read/fast-read-unsupported.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';

const ctx = (over: Partial<SheetContext> = {}): SheetContext => ({
  strings: ['shared', 'two'],
  styles: [{ date: false }, { code: 'yyyy-mm-dd', date: true }, { code: '0.00', date: false }],
  date1904: false,
  recalc: false,
  limits: DEFAULT_LIMITS,
  ...over,
});

describe('cellValue', () => {
  it.each([
    { name: 'a number', a: {}, inner: '<v>12.5</v>', kind: 'number', text: '12.5' },
    { name: 'a number with its format', a: { s: '2' }, inner: '<v>3</v>', kind: 'number', format: '0.00' },
    { name: 'a shared string', a: { t: 's' }, inner: '<v>1</v>', kind: 'text', text: 'two' },
    { name: 'an inline string', a: { t: 'inlineStr' }, inner: '<is><t>in &amp; line</t></is>', text: 'in & line' },
    { name: 'a formula string result', a: { t: 'str' }, inner: '<v>a_x0041_</v>', kind: 'text', text: 'aA' },
    { name: 'a boolean', a: { t: 'b' }, inner: '<v>1</v>', kind: 'boolean', text: 'TRUE' },
    { name: 'an error', a: { t: 'e' }, inner: '<v>#N/A</v>', kind: 'error', error: '#N/A' },
    { name: 'a date by its style', a: { s: '1' }, inner: '<v>46357</v>', kind: 'date', text: '2026-12-01' },
    { name: 'an ISO date cell', a: { t: 'd' }, inner: '<v>2026-12-01T00:00:00</v>', kind: 'date', text: '2026-12-01' },
    { name: 'a number that is not finite', a: {}, inner: '<v>abc</v>', kind: 'text', text: 'abc' },
  ])('$name', ({ name: _name, a, inner, ...expected }) => {
    expect(cellValue(a as Record<string, string>, inner, ctx())).toMatchObject(expected);
  });

  it('reads a date in the 1904 system 1462 days later', () => {
    expect(cellValue({ s: '1' }, '<v>44895</v>', ctx({ date1904: true }))?.text).toBe('2026-12-01');
  });

  it('keeps a formula with its cached result, and flags a workbook that asks to recalculate', () => {
    expect(cellValue({}, '<f>1+1</f><v>2</v>', ctx())).toMatchObject({ kind: 'formula', result: 'number', text: '2' });
    expect(cellValue({}, '<f>1+1</f><v></v>', ctx())).toMatchObject({ kind: 'formula', result: 'none' });
    expect(cellValue({}, '<f>1+1</f><v>0</v>', ctx({ recalc: true }))).toMatchObject({ recalc: true });
  });

  it.each([
    { name: 'an empty value', a: {}, inner: '<v></v>' },
    { name: 'no value', a: {}, inner: '' },
  ])('$name is no cell', ({ a, inner }) => {
    expect(cellValue(a, inner, ctx())).toBeUndefined();
  });

  it.each([
    { name: 'an unknown cell type', a: { t: 'x' }, inner: '<v>1</v>' },
    { name: 'a missing shared string', a: { t: 's' }, inner: '<v>9</v>' },
    { name: 'a shared string index that is not a number', a: { t: 's' }, inner: '<v>1.5</v>' },
  ])('leaves $name to exceljs', ({ a, inner }) => {
    expect(() => cellValue(a, inner, ctx())).toThrow(FastReadUnsupported);
  });
});

describe('withLink', () => {
  it('adds the target to a cell that shows other text, without mailto:', () => {
    expect(withLink({ kind: 'text', text: 'write' }, 'mailto:a@b.c')).toEqual({
      kind: 'text',
      text: 'write',
      link: 'a@b.c',
    });
  });

  it('an empty cell shows its link; a link equal to the text is not repeated', () => {
    expect(withLink(undefined, 'https://x.example')).toEqual({ kind: 'text', text: 'https://x.example' });
    expect(withLink({ kind: 'text', text: 'https://x.example' }, 'https://x.example')).toEqual({
      kind: 'text',
      text: 'https://x.example',
    });
  });
});
