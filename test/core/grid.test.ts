import { describe, expect, it } from 'vitest';
import {
  address,
  columnLetters,
  hasContent,
  parseAddress,
  parseRange,
  SheetView,
  type NormCell,
} from '../../src/core/grid.js';

const text = (t: string): NormCell => ({ kind: 'text', text: t });

describe('column letters and A1 addresses', () => {
  it.each([
    { name: 'first', col: 1, letters: 'A' },
    { name: 'last single', col: 26, letters: 'Z' },
    { name: 'first double', col: 27, letters: 'AA' },
    { name: 'AZ', col: 52, letters: 'AZ' },
    { name: 'BA', col: 53, letters: 'BA' },
    { name: 'last double', col: 702, letters: 'ZZ' },
    { name: 'first triple', col: 703, letters: 'AAA' },
    { name: "Excel's last column", col: 16384, letters: 'XFD' },
  ])('$name: $col ↔ $letters', ({ col, letters }) => {
    expect(columnLetters(col)).toBe(letters);
    expect(address(7, col)).toBe(`${letters}7`);
    expect(parseAddress(`${letters}7`)).toEqual({ row: 7, col });
  });

  it.each([
    { name: 'lower case', ref: 'c7', want: { row: 7, col: 3 } },
    { name: 'absolute', ref: '$C$7', want: { row: 7, col: 3 } },
    { name: 'spaces around', ref: ' C7 ', want: { row: 7, col: 3 } },
    { name: 'no row', ref: 'C', want: undefined },
    { name: 'no column', ref: '7', want: undefined },
    { name: 'four letters', ref: 'ABCD1', want: undefined },
    { name: 'a range', ref: 'A1:B2', want: undefined },
    { name: 'empty', ref: '', want: undefined },
  ])('parseAddress: $name', ({ ref, want }) => {
    expect(parseAddress(ref)).toEqual(want);
  });

  it.each([
    { name: 'a range', ref: 'A3:B5', want: { top: 3, left: 1, bottom: 5, right: 2 } },
    { name: 'reversed corners', ref: 'B5:A3', want: { top: 3, left: 1, bottom: 5, right: 2 } },
    { name: 'one cell', ref: 'C7', want: { top: 7, left: 3, bottom: 7, right: 3 } },
    { name: 'a bad corner', ref: 'A1:?', want: undefined },
    { name: 'nothing', ref: '', want: undefined },
  ])('parseRange: $name', ({ ref, want }) => {
    expect(parseRange(ref)).toEqual(want);
  });
});

describe('hasContent', () => {
  it.each<{ name: string; cell: NormCell | undefined; want: boolean }>([
    { name: 'no cell', cell: undefined, want: false },
    { name: 'empty text', cell: text(''), want: false },
    { name: 'text', cell: text('x'), want: true },
    { name: 'an error, without text', cell: { kind: 'error', text: '', error: '#N/A' }, want: true },
    { name: 'a formula without result', cell: { kind: 'formula', text: '', result: 'none' }, want: true },
    { name: 'an empty number cell', cell: { kind: 'number', text: '' }, want: false },
  ])('$name → $want', ({ cell, want }) => {
    expect(hasContent(cell)).toBe(want);
  });
});

describe('SheetView: a merged cell reads as its top-left cell', () => {
  const view = new SheetView({
    name: 'S',
    state: 'visible',
    rows: [
      { row: 2, cells: [[2, text('merged')]] },
      { row: 5, cells: [[1, text('alone')]] },
    ],
    merges: ['B2:D3', 'not a range'],
  });
  it.each([
    { name: 'the top-left itself', at: [2, 2], want: { text: 'merged', row: 2, col: 2 } },
    { name: 'inside the merge', at: [3, 4], want: { text: 'merged', row: 2, col: 2 } },
    { name: 'just right of it', at: [2, 5], want: { text: undefined, row: 2, col: 5 } },
    { name: 'just below it', at: [4, 2], want: { text: undefined, row: 4, col: 2 } },
    { name: 'a plain cell', at: [5, 1], want: { text: 'alone', row: 5, col: 1 } },
    { name: 'an empty row', at: [9, 9], want: { text: undefined, row: 9, col: 9 } },
  ])('$name', ({ at: [row, col], want }) => {
    const got = view.get(row!, col!);
    expect({ text: got.cell?.text, row: got.row, col: got.col }).toEqual(want);
  });

  it('names the range a cell belongs to; an unreadable merge is ignored', () => {
    expect(view.mergeAt(3, 3)).toEqual({ top: 2, left: 2, bottom: 3, right: 4 });
    expect(view.mergeAt(1, 1)).toBeUndefined();
  });
});
