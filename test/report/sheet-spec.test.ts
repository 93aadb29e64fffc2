import { describe, expect, it } from 'vitest';
import { sheet, sheetLink } from '../../src/report/sheet-spec.js';

describe('sheet specs', () => {
  it.each([
    { name: 'plain', sheet: 'Billers', ref: 'A5', link: "'Billers'!A5" },
    { name: 'a quote doubled', sheet: "Bob's", ref: 'B2', link: "'Bob''s'!B2" },
    { name: 'spaces', sheet: 'Follow ups', ref: 'C3', link: "'Follow ups'!C3" },
  ])('links to a cell: $name', ({ sheet: name, ref, link }) => {
    expect(sheetLink(name, ref)).toBe(link);
  });

  it('keeps a spec as it is, whatever its row type', () => {
    const spec = { name: 'S', columns: [], rows: [1], values: (n: number) => [n] };
    expect(sheet(spec)).toBe(spec);
  });
});
