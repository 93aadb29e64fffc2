import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/core/layout-table.js';
import { hit, sheetContext } from '../support/grid.js';

const header = { A2: 'Biller Name', B2: 'IC Biller ID', C2: 'FTP Username' };
const hits = [hit('billerName', 'A2'), hit('billerId', 'B2'), hit('ftpUsername', 'C2')];

describe('readTable: one biller per row under the header', () => {
  it('reads every row below the header with content, each field at its column', () => {
    const ctx = sheetContext({
      A1: 'Billers for December',
      ...header,
      A3: 'Town A',
      B3: 'G-A',
      C3: 'ftp-a',
      A4: '',
      C5: 'ftp-c',
    });
    const billers = readTable(ctx, hits, 2);
    expect(billers.map((b) => [b.row, b.fields.billerName?.cell?.text, b.fields.ftpUsername?.cell?.text])).toEqual([
      [3, 'Town A', 'ftp-a'],
      [5, undefined, 'ftp-c'],
    ]);
    expect(billers[1]?.fields.billerName).toMatchObject({ cell: undefined, origin: { cell: 'A5' } });
    expect(billers[0]).toMatchObject({ file: 'f.xlsx', sheet: 'Biller', layout: 'table' });
    expect(billers[0]).not.toHaveProperty('layoutErrors');
    expect(ctx.issues).toEqual([]);
  });

  it('a column outside the header is not read, and an error cell is content', () => {
    const ctx = sheetContext({ ...header, D3: 'stray', A4: { kind: 'error', text: '', error: '#N/A' } });
    const billers = readTable(ctx, hits, 2);
    expect(billers.map((b) => b.row)).toEqual([4]);
    expect(billers[0]?.fields.billerName?.cell?.error).toBe('#N/A');
  });

  it('a header text that matches no field is warned about, and its column is not read', () => {
    const ctx = sheetContext({ ...header, D2: 'Notes', A3: 'Town', D3: 'call first' });
    const billers = readTable(ctx, hits, 2);
    expect(ctx.issues).toMatchObject([{ code: 'WORKSHEET.UNKNOWN_LABEL', severity: 'warning', cell: 'D2' }]);
    expect(Object.keys(billers[0]?.fields ?? {})).toEqual(['billerName', 'billerId', 'ftpUsername']);
  });

  it('a column given twice makes every biller invalid, the code listed once however many repeats', () => {
    const ctx = sheetContext({ ...header, D2: 'Biller', E2: 'Customer Name', A3: 'a', D3: 'b', A4: 'c' });
    const billers = readTable(ctx, [...hits, hit('billerName', 'D2'), hit('billerName', 'E2')], 2);
    expect(ctx.issues.map((i) => [i.code, i.cell])).toEqual([
      ['WORKSHEET.DUPLICATE_FIELD', 'D2'],
      ['WORKSHEET.DUPLICATE_FIELD', 'E2'],
    ]);
    expect(billers.map((b) => b.layoutErrors)).toEqual([['WORKSHEET.DUPLICATE_FIELD'], ['WORKSHEET.DUPLICATE_FIELD']]);
    // The first column keeps the field: the repeat is not read over it.
    expect(billers[0]?.fields.billerName?.cell?.text).toBe('a');
  });

  it('a repeated header row is no biller, and makes the table invalid', () => {
    const ctx = sheetContext({ ...header, A3: 'Town', A4: 'Biller Name', B4: 'IC Biller ID', C4: 'FTP User', A5: 'x' });
    const billers = readTable(ctx, hits, 2);
    expect(billers.map((b) => b.row)).toEqual([3, 5]);
    expect(ctx.issues).toMatchObject([{ code: 'WORKSHEET.HEADER_REPEATED', cell: 'A4' }]);
    expect(billers.every((b) => b.layoutErrors?.includes('WORKSHEET.HEADER_REPEATED'))).toBe(true);
  });

  it('a header with no row below it is no biller', () => {
    expect(readTable(sheetContext(header), hits, 2)).toEqual([]);
  });
});
