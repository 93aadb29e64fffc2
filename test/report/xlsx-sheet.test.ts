import { describe, expect, it } from 'vitest';
import { sheet } from '../../src/report/sheet-spec.js';
import { cell, MAX_CELL_CHARS, sheetName, writeSheet } from '../../src/report/xlsx-sheet.js';
import { Styles } from '../../src/report/xlsx-styles.js';
import type { ZipEntryWriter } from '../../src/report/zip-writer.js';

function collector(): { out: ZipEntryWriter; text: () => string; pieces: string[] } {
  const pieces: string[] = [];
  const out = { write: async (t: string) => void pieces.push(t) } as unknown as ZipEntryWriter;
  return { out, pieces, text: () => pieces.join('') };
}

describe('sheetName', () => {
  it.each([
    { name: 'plain', given: 'Billers', taken: [], expected: 'Billers' },
    { name: 'forbidden characters', given: 'a[b]:c*d?e/f\\g', taken: [], expected: 'a_b__c_d_e_f_g' },
    { name: 'edge quotes', given: "'quoted'", taken: [], expected: '_quoted_' },
    { name: 'blank', given: '   ', taken: [], expected: 'Sheet' },
    { name: 'too long', given: 'x'.repeat(40), taken: [], expected: 'x'.repeat(31) },
    { name: 'taken, case aside', given: 'Billers', taken: ['billers'], expected: 'Billers_2' },
    { name: 'long and taken', given: 'y'.repeat(40), taken: ['y'.repeat(31)], expected: `${'y'.repeat(29)}_2` },
  ])('$name', ({ given, taken, expected }) => {
    expect(sheetName(given, new Set(taken))).toBe(expected);
  });
});

describe('cell', () => {
  it.each([
    { name: 'text', v: 'a<b', s: 0, xml: '<c r="A1" t="inlineStr"><is><t xml:space="preserve">a&lt;b</t></is></c>' },
    { name: 'styled number', v: 12.5, s: 3, xml: '<c r="A1" s="3"><v>12.5</v></c>' },
    { name: 'infinite number as text', v: Infinity, s: 0, xml: '<c r="A1" t="inlineStr"><is><t>Infinity</t></is></c>' },
    { name: 'boolean', v: false, s: 0, xml: '<c r="A1" t="b"><v>0</v></c>' },
    { name: 'date as its serial', v: new Date(Date.UTC(1970, 0, 2)), s: 1, xml: '<c r="A1" s="1"><v>25570</v></c>' },
    { name: 'invalid date: no cell', v: new Date(NaN), s: 0, xml: '' },
  ])('$name', ({ v, s, xml }) => {
    expect(cell('A1', v, s)).toBe(xml);
  });

  it('cuts text Excel would refuse, marking the cut', () => {
    const xml = cell('B2', 'x'.repeat(MAX_CELL_CHARS + 5), 0);
    expect(xml).toContain(`${'x'.repeat(MAX_CELL_CHARS - 1)}…</t>`);
  });
});

describe('writeSheet', () => {
  const spec = sheet<number>({
    name: 'T',
    columns: [
      { header: 'N', width: 5 },
      { header: 'Text', width: 9 },
    ],
    rows: [1, 2],
    count: 2,
    values: (n) => [n, n === 2 ? '' : `t${n}`],
    link: (n, c) => (c === 0 && n === 1 ? "'Other'!A1" : undefined),
  });

  it('writes a table: header row, frozen pane, range, filter and links', async () => {
    const c = collector();
    const written = await writeSheet(c.out, spec, 'T', true, new Styles());
    const xml = c.text();
    expect(written).toEqual({ name: 'T', columns: 2, lastRow: 3, filter: true, chart: undefined });
    expect(xml).toContain('<dimension ref="A1:B3"/>');
    expect(xml).toContain('tabSelected="1"');
    expect(xml).toContain('state="frozen"');
    expect(xml).toContain('<row r="1"><c r="A1" t="inlineStr" s="2">');
    expect(xml).toContain('<row r="3"><c r="A3"><v>2</v></c></row>');
    expect(xml).toContain('<autoFilter ref="A1:B3"/>');
    expect(xml).toContain(`<hyperlink ref="A2" location="'Other'!A1" display="1"/>`);
    expect(xml.endsWith('</worksheet>')).toBe(true);
  });

  it('writes a page: no header, no filter, fitted to one page wide', async () => {
    const c = collector();
    const written = await writeSheet(c.out, { ...spec, header: false }, 'P', false, new Styles());
    const xml = c.text();
    expect(written.filter).toBe(false);
    expect(xml).toContain('<dimension ref="A1:B2"/>');
    expect(xml).toContain('<pageSetUpPr fitToPage="1"/>');
    expect(xml).not.toContain('autoFilter');
    expect(xml).not.toContain('tabSelected');
  });

  it('refuses a declared count the rows do not match', async () => {
    await expect(writeSheet(collector().out, { ...spec, count: 3 }, 'T', false, new Styles())).rejects.toThrow(
      'sheet T: 2 rows written but 3 declared',
    );
  });

  it('hands the XML over in pieces, not as one string', async () => {
    const c = collector();
    const many = sheet<number>({ ...spec, rows: Array.from({ length: 5000 }, (_, i) => i), count: 5000 });
    await writeSheet(c.out, many, 'T', false, new Styles());
    expect(c.pieces.length).toBeGreaterThan(2);
    expect(Math.max(...c.pieces.map((p) => p.length))).toBeLessThan(64 * 1024);
  });
});
