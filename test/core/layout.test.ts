import { describe, expect, it } from 'vitest';
import type { GridSheet, NormCell } from '../../src/core/grid.js';
import { extractBillers } from '../../src/core/layout.js';
import { fieldMap } from '../support/raw.js';

/** A sheet from a map of A1 addresses to texts. */
function sheet(name: string, cells: Record<string, string>, extra: Partial<GridSheet> = {}): GridSheet {
  const rows = new Map<number, Array<[number, NormCell]>>();
  for (const [ref, text] of Object.entries(cells)) {
    const m = /^([A-Z]+)(\d+)$/.exec(ref);
    if (!m?.[1] || !m[2]) throw new Error(ref);
    const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    const row = Number(m[2]);
    rows.set(row, [...(rows.get(row) ?? []), [col, { kind: 'text', text }]]);
  }
  return {
    name,
    state: 'visible',
    merges: [],
    rows: [...rows].sort((a, b) => a[0] - b[0]).map(([row, c]) => ({ row, cells: c.sort((a, b) => a[0] - b[0]) })),
    ...extra,
  };
}

const form = {
  A1: 'IMT Implementation Worksheet',
  A3: 'Biller Name:',
  B3: 'Town',
  A4: 'IC Biller ID',
  B4: 'G-1',
  A5: 'RTDR URL',
  B5: 'https://x.example.com',
};

describe('form layout', () => {
  it('reads the value to the right of each label, with its cell', () => {
    const { billers, issues } = extractBillers('f.xlsx', [sheet('Biller', form)], fieldMap);
    expect(issues).toEqual([]);
    expect(billers).toHaveLength(1);
    expect(billers[0]?.layout).toBe('form');
    expect(billers[0]?.fields.billerId?.cell?.text).toBe('G-1');
    expect(billers[0]?.fields.rtdrUrl?.origin).toEqual({ file: 'f.xlsx', sheet: 'Biller', cell: 'B5' });
  });

  it('skips the merge of a merged label cell', () => {
    const s = sheet(
      'Biller',
      { A3: 'Biller Name', C3: 'Town', A4: 'IC Biller ID', C4: 'G-1', A5: 'FTP Username', C5: 'ftp' },
      { merges: ['A3:B3', 'A4:B4', 'A5:B5'] },
    );
    const { billers } = extractBillers('f.xlsx', [s], fieldMap);
    expect(billers[0]?.fields.billerName?.origin.cell).toBe('C3');
    expect(billers[0]?.fields.billerName?.cell?.text).toBe('Town');
  });

  it('reads labels in any column and a value that itself reads like a label', () => {
    const { billers } = extractBillers(
      'f.xlsx',
      [sheet('Biller', { D10: 'Biller Name', E10: 'Contact', D11: 'FTP Username', E11: 'ftp' })],
      fieldMap,
    );
    expect(billers[0]?.fields.billerName?.cell?.text).toBe('Contact');
    expect(billers[0]?.fields.billerContact).toBeUndefined();
  });

  it('reports a field given twice', () => {
    const { issues } = extractBillers(
      'f.xlsx',
      [sheet('Biller', { ...form, A9: 'RTDR Endpoint', B9: 'https://y.example.com' })],
      fieldMap,
    );
    expect(issues).toMatchObject([
      { code: 'WORKSHEET.DUPLICATE_FIELD', severity: 'error', cell: 'A9', field: 'RTDR URL', sheet: 'Biller' },
    ]);
  });

  it('warns about a label that matches nothing, with a suggestion', () => {
    const { issues } = extractBillers(
      'f.xlsx',
      [sheet('Biller', { ...form, A6: 'RTDR Usrname', B6: 'someone', A7: 'Section without value' })],
      fieldMap,
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'WORKSHEET.UNKNOWN_LABEL', severity: 'warning', cell: 'A6' });
    expect(issues[0]?.message).toContain('did you mean "RTDR Username"');
  });

  it('one biller per sheet, several sheets per workbook; other sheets ignored with a warning', () => {
    const { billers, issues } = extractBillers(
      'f.xlsx',
      [
        sheet('Read me', { A1: 'How to fill in this workbook', A2: 'Step one' }),
        sheet('Town A', form),
        sheet('Town B', { ...form, B3: 'Town B' }),
        sheet('Empty', {}),
      ],
      fieldMap,
    );
    expect(billers.map((b) => [b.sheet, b.fields.billerName?.cell?.text])).toEqual([
      ['Town A', 'Town'],
      ['Town B', 'Town B'],
    ]);
    expect(issues).toMatchObject([{ code: 'WORKSHEET.SHEET_IGNORED', severity: 'warning', sheet: 'Read me' }]);
  });

  it('skips hidden and example sheets with a note', () => {
    const { billers, issues } = extractBillers(
      'f.xlsx',
      [sheet('Lists', form, { state: 'veryHidden' }), sheet('Example', form), sheet('Biller', form)],
      fieldMap,
    );
    expect(billers.map((b) => b.sheet)).toEqual(['Biller']);
    expect(issues.map((i) => [i.sheet, i.severity])).toEqual([
      ['Lists', 'info'],
      ['Example', 'info'],
    ]);
  });

  it('a form with labels but no values is a blank template, not a biller', () => {
    const { billers, issues } = extractBillers(
      'f.xlsx',
      [sheet('Worksheet', { A3: 'Biller Name', A4: 'IC Biller ID', A5: 'RTDR URL' })],
      fieldMap,
    );
    expect(billers).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual(['WORKSHEET.SHEET_IGNORED', 'WORKSHEET.NO_BILLER']);
  });
});

describe('table layout', () => {
  const table = {
    A1: 'Billers to convert',
    A2: 'Biller Name',
    B2: 'IC Biller ID',
    C2: 'RTDR URL',
    D2: 'Notes',
    A3: 'Town A',
    B3: 'G-A',
    C3: 'https://a.example.com',
    A5: 'Town B',
    B5: 'G-B',
    D5: 'call first',
  };

  it('reads one biller per row under the header, skipping empty rows', () => {
    const { billers, issues } = extractBillers('t.xlsx', [sheet('Billers', table)], fieldMap);
    expect(billers.map((b) => [b.layout, b.row, b.fields.billerId?.cell?.text])).toEqual([
      ['table', 3, 'G-A'],
      ['table', 5, 'G-B'],
    ]);
    expect(billers[1]?.fields.rtdrUrl).toMatchObject({ cell: undefined, origin: { cell: 'C5' } });
    expect(issues).toMatchObject([{ code: 'WORKSHEET.UNKNOWN_LABEL', cell: 'D2' }]);
  });

  it('a vertically merged value applies to every row of the merge', () => {
    const s = sheet(
      'Billers',
      {
        A1: 'Biller Name',
        B1: 'IC Biller ID',
        C1: 'FTP Username',
        A2: 'A',
        B2: 'G-A',
        C2: 'shared',
        A3: 'B',
        B3: 'G-B',
      },
      { merges: ['C2:C3'] },
    );
    const { billers } = extractBillers('t.xlsx', [s], fieldMap);
    expect(billers.map((b) => b.fields.ftpUsername?.cell?.text)).toEqual(['shared', 'shared']);
  });

  it('reports a column given twice', () => {
    const { issues } = extractBillers(
      't.xlsx',
      [sheet('Billers', { A1: 'Biller Name', B1: 'IC Biller ID', C1: 'Biller', A2: 'x', B2: 'y', C2: 'z' })],
      fieldMap,
    );
    expect(issues).toMatchObject([{ code: 'WORKSHEET.DUPLICATE_FIELD', cell: 'C1', field: 'Biller Name' }]);
  });
});
