import { describe, expect, it } from 'vitest';
import type { FieldKey } from '../../src/core/field-map.js';
import type { LabelHit } from '../../src/core/layout-context.js';
import { readForm } from '../../src/core/layout-form.js';
import { hit, sheetContext } from '../support/grid.js';

const below = (h: LabelHit): LabelHit => ({ ...h, spec: { ...h.spec, valueAt: 'below' } });
const valueOf = (b: ReturnType<typeof readForm>, key: FieldKey) => b?.fields[key]?.cell?.text;

describe('readForm: each label with its value', () => {
  it('reads the value beside a label, or below it when the field map says so', () => {
    const ctx = sheetContext({ A3: 'Biller Name', B3: 'Town', A5: 'FTP Username', A6: 'ftp-user' });
    const b = readForm(ctx, [hit('billerName', 'A3'), below(hit('ftpUsername', 'A5'))]);
    expect(valueOf(b, 'billerName')).toBe('Town');
    expect(valueOf(b, 'ftpUsername')).toBe('ftp-user');
    expect(b?.fields.ftpUsername?.origin).toEqual({ file: 'f.xlsx', sheet: 'Biller', cell: 'A6' });
    expect(b).toMatchObject({ file: 'f.xlsx', sheet: 'Biller', layout: 'form' });
    expect(b).not.toHaveProperty('layoutErrors');
    expect(ctx.issues).toEqual([]);
  });

  it('a value below a label merged over two rows is under the merge', () => {
    const ctx = sheetContext({ A3: 'FTP Username', A5: 'ftp-user' }, { merges: ['A3:A4'] });
    const b = readForm(ctx, [below(hit('ftpUsername', 'A3'))]);
    expect(b?.fields.ftpUsername?.origin.cell).toBe('A5');
  });

  it('an empty value cell keeps the field, with no cell and the address it would be at', () => {
    const ctx = sheetContext({ A3: 'Biller Name', B3: 'Town', A4: 'Biller Contact' });
    const b = readForm(ctx, [hit('billerName', 'A3'), hit('billerContact', 'A4')]);
    expect(b?.fields.billerContact).toMatchObject({ cell: undefined, origin: { cell: 'B4' } });
  });

  it('a formula without a result is content, so the form is a biller', () => {
    const ctx = sheetContext({ A3: 'Biller Name', B3: { kind: 'formula', text: '', result: 'none' } });
    expect(readForm(ctx, [hit('billerName', 'A3')])?.fields.billerName?.cell?.kind).toBe('formula');
  });

  it('labels without any value are no biller (a blank template)', () => {
    const ctx = sheetContext({ A3: 'Biller Name', A4: 'IC Biller ID' });
    expect(readForm(ctx, [hit('billerName', 'A3'), hit('billerId', 'A4')])).toBeUndefined();
  });

  it('a field given twice is reported at the later label, whatever order the hits came in', () => {
    const ctx = sheetContext({ A3: 'RTDR URL', B3: 'https://a.example.com', A9: 'RTDR Endpoint', B9: 'https://b' });
    const b = readForm(ctx, [hit('rtdrUrl', 'A9'), hit('rtdrUrl', 'A3')]);
    expect(ctx.issues).toMatchObject([{ code: 'WORKSHEET.DUPLICATE_FIELD', cell: 'A9', field: 'RTDR URL' }]);
    expect(valueOf(b, 'rtdrUrl')).toBe('https://a.example.com');
    expect(b?.layoutErrors).toEqual(['WORKSHEET.DUPLICATE_FIELD']);
  });

  it('a cell that is the value of an earlier label is not read as a label', () => {
    const ctx = sheetContext({ A3: 'Biller Name', B3: 'Biller Contact', C3: 'x' });
    const b = readForm(ctx, [hit('billerName', 'A3'), hit('billerContact', 'B3')]);
    expect(valueOf(b, 'billerName')).toBe('Biller Contact');
    expect(b?.fields.billerContact).toBeUndefined();
  });

  it('a layout error beside a label marks the biller, and is reported once', () => {
    const ctx = sheetContext({ A3: 'Biller Name', C3: 'Town', A4: 'IC Biller ID', B4: 'G-1' });
    const b = readForm(ctx, [hit('billerName', 'A3'), hit('billerId', 'A4')]);
    expect(ctx.issues.map((i) => i.code)).toEqual(['WORKSHEET.VALUE_NOT_BESIDE_LABEL']);
    expect(b?.layoutErrors).toEqual(['WORKSHEET.VALUE_NOT_BESIDE_LABEL']);
  });
});

describe('readForm: texts in the label column that match no field', () => {
  const labels = { A3: 'Biller Name', B3: 'Town', A4: 'IC Biller ID', B4: 'G-1' };
  const hits = [hit('billerName', 'A3'), hit('billerId', 'A4')];
  it.each<{ name: string; cells: Record<string, string>; merges?: string[]; warned: string[] }>([
    { name: 'with a value beside it: warned', cells: { A6: 'Biller Notes', B6: 'n' }, warned: ['A6'] },
    { name: 'with nothing beside it (a heading): not warned', cells: { A6: 'Section two' }, warned: [] },
    { name: 'in another column: not warned', cells: { D6: 'Biller Notes', E6: 'n' }, warned: [] },
    { name: 'longer than a label: not warned', cells: { A6: 'x'.repeat(61), B6: 'n' }, warned: [] },
    {
      name: 'merged across the value column (a title): not warned',
      cells: { A6: 'Biller Notes', B6: 'n' },
      merges: ['A6:B6'],
      warned: [],
    },
  ])('$name', ({ cells, merges = [], warned }) => {
    const ctx = sheetContext({ ...labels, ...cells }, { merges });
    readForm(ctx, hits);
    expect(ctx.issues.filter((i) => i.code === 'WORKSHEET.UNKNOWN_LABEL').map((i) => i.cell)).toEqual(warned);
  });
});
