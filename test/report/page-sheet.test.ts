import { describe, expect, it } from 'vitest';
import { pageSheet } from '../../src/report/page-sheet.js';

describe('pageSheet', () => {
  const lines = [
    { cells: ['Title'], styles: [{ bold: true }] },
    { cells: ['a', 1], links: [undefined, "'B'!A2"] },
  ];

  it('is a page: no header, the columns only widths, every line a row', () => {
    const spec = pageSheet('Summary', [24, 14], lines, undefined);
    expect(spec.header).toBe(false);
    expect(spec.columns).toEqual([
      { header: '', width: 24 },
      { header: '', width: 14 },
    ]);
    expect(spec.count).toBe(2);
    expect(spec.values(lines[1])).toEqual(['a', 1]);
    expect(spec.style?.(lines[0], 0)).toEqual({ bold: true });
    expect(spec.style?.(lines[1], 0)).toBeUndefined();
    expect(spec.link?.(lines[1], 1)).toBe("'B'!A2");
    expect('chart' in spec).toBe(false);
  });

  it('carries a chart when given one', () => {
    const chart = {
      kind: 'bar' as const,
      title: 't',
      categories: { column: 0, firstRow: 1, values: [] },
      series: [],
      from: { column: 0, row: 0 },
      to: { column: 1, row: 1 },
    };
    expect(pageSheet('P', [1], lines, chart).chart).toBe(chart);
  });
});
