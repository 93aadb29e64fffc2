import { expect, it } from 'vitest';
import { duplicateBillers } from '../../src/core/duplicates.js';

type Found = Array<{ billerId: string | null; file: string }>;

it.each<{ name: string; found: Found; want: Record<string, string[]> }>([
  { name: 'nothing found', found: [], want: {} },
  {
    name: 'each biller in one file',
    found: [
      { billerId: 'A', file: 'a.xlsx' },
      { billerId: 'B', file: 'b.xlsx' },
    ],
    want: {},
  },
  {
    name: 'a biller twice in one file is not a duplicate across files',
    found: [
      { billerId: 'A', file: 'a.xlsx' },
      { billerId: 'A', file: 'a.xlsx' },
    ],
    want: {},
  },
  {
    name: 'a biller in two files: both files, sorted',
    found: [
      { billerId: 'A', file: 'z.xlsx' },
      { billerId: 'A', file: 'b.xlsx' },
      { billerId: 'C', file: 'c.xlsx' },
    ],
    want: { A: ['b.xlsx', 'z.xlsx'] },
  },
  {
    name: 'ids compare without case, keyed upper case',
    found: [
      { billerId: 'abc-1', file: 'one.xlsx' },
      { billerId: 'ABC-1', file: 'two.xlsx' },
    ],
    want: { 'ABC-1': ['one.xlsx', 'two.xlsx'] },
  },
  {
    name: 'a file listed once however many times it holds the biller',
    found: [
      { billerId: 'A', file: 'a.xlsx' },
      { billerId: 'A', file: 'a.xlsx' },
      { billerId: 'a', file: 'b.xlsx' },
      { billerId: 'A', file: 'c.xlsx' },
    ],
    want: { A: ['a.xlsx', 'b.xlsx', 'c.xlsx'] },
  },
  {
    name: 'billers without an id are never duplicates',
    found: [
      { billerId: null, file: 'a.xlsx' },
      { billerId: null, file: 'b.xlsx' },
      { billerId: '', file: 'c.xlsx' },
      { billerId: '', file: 'd.xlsx' },
    ],
    want: {},
  },
])('$name', ({ found, want }) => {
  expect(Object.fromEntries(duplicateBillers(found))).toEqual(want);
});
