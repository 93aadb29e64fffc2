import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readXlsxFast } from '../../src/read/fast-xlsx.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { inflateEntry, zipEntries } from '../../src/read/zip-entries.js';
import { xmlText } from '../../src/report/xml-escape.js';
import { columnName, MAX_CELL_CHARS, sheet, writeXlsx, type CellValue } from '../../src/report/xlsx-writer.js';
import { plainText } from '../support/workbooks.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-writer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LONG = 'x'.repeat(MAX_CELL_CHARS + 10);
const SHAPES: Array<[string, CellValue, unknown]> = [
  // label, value written, what exceljs reads back
  ['plain', 'Town of Example', 'Town of Example'],
  ['markup', '<a href="x">&amp;</a> \'q\'', '<a href="x">&amp;</a> \'q\''],
  ['edge spaces', '  two spaces  ', '  two spaces  '],
  ['line breaks', 'one\ntwo\r\nthree\ttab', 'one\ntwo\r\nthree\ttab'],
  ['emoji and accents', 'café ☕ 𝔘 Ünïcødé', 'café ☕ 𝔘 Ünïcødé'],
  ['looks like a formula', '=HYPERLINK("http://evil")', '=HYPERLINK("http://evil")'],
  ['integer', 12345, 12345],
  ['negative float', -0.30000000000000004, -0.30000000000000004],
  ['large', 1e21, 1e21],
  ['boolean', true, true],
  ['date', new Date(Date.UTC(2026, 10, 26, 2, 30, 15)), new Date(Date.UTC(2026, 10, 26, 2, 30, 15))],
];

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

describe('xmlText', () => {
  it.each([
    ['a & b < c > d "e"', 'a &amp; b &lt; c &gt; d &quot;e&quot;'],
    ['bell\u0007 and nul\u0000', 'bell_x0007_ and nul_x0000_'],
    ['literal _x0041_ stays literal', 'literal _x005F_x0041_ stays literal'],
    ['_x12_ is no escape', '_x12_ is no escape'],
    ['lone \ud800 surrogate', 'lone \ufffd surrogate'],
    ['pair 𝔘 kept', 'pair 𝔘 kept'],
    ['tab\tLF\nCR\r', 'tab\tLF\nCR&#13;'],
    ['\ufffe\uffff', '_xFFFE__xFFFF_'],
  ])('%j', (input, expected) => {
    expect(xmlText(input)).toBe(expected);
  });

  it('names columns the way Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
  });
});

describe('writeXlsx', () => {
  it('writes every value shape so exceljs and our reader both read back what was written', async () => {
    const path = join(dir, 'shapes.xlsx');
    const rows: Array<[string, CellValue]> = [
      ...SHAPES.map(([l, v]) => [l, v] as [string, CellValue]),
      ['controls', 'bell\u0007 nul\u0000 end'],
      ['literal escape', 'keep _x0041_ as is'],
      ['lone surrogate', 'a\ud800b'],
      ['too long', LONG],
      ['not a number', Number.NaN],
      ['invalid date', new Date(Number.NaN)],
      ['null', null],
      ['empty', ''],
    ];
    await writeXlsx(path, [
      sheet({
        name: 'Shapes',
        columns: [
          { header: 'Label', width: 20 },
          { header: 'Value', width: 40 },
        ],
        rows,
        values: (r) => r,
      }),
    ]);

    const ws = (await readBack(path)).getWorksheet('Shapes')!;
    const byLabel = new Map<string, unknown>();
    ws.eachRow((row, n) => {
      if (n > 1) byLabel.set(plainText(row.getCell(1).value), row.getCell(2).value);
    });
    for (const [label, , expected] of SHAPES) expect(byLabel.get(label), label).toEqual(expected);
    expect(byLabel.get('lone surrogate')).toBe('a\ufffdb');
    expect(byLabel.get('too long')).toHaveLength(MAX_CELL_CHARS);
    expect(String(byLabel.get('too long')).endsWith('…')).toBe(true);
    expect(byLabel.get('not a number')).toBe('NaN');
    for (const label of ['invalid date', 'null', 'empty'])
      expect(byLabel.has(label) ? byLabel.get(label) : null, label).toBeNull();

    // Our reader decodes the OOXML escapes the way Excel shows them.
    const [fast] = readXlsxFast(await readFile(path), { ...DEFAULT_LIMITS, maxInflatedBytes: 64 * 1024 * 1024 });
    const texts = new Map(fast!.rows.slice(1).map((r) => [r.cells[0]![1].text, r.cells[1]?.[1]]));
    expect(texts.get('controls')?.text).toBe('bell\u0007 nul\u0000 end');
    expect(texts.get('literal escape')?.text).toBe('keep _x0041_ as is');
    expect(texts.get('emoji and accents')?.text).toBe('café ☕ 𝔘 Ünïcødé');
    expect(texts.get('markup')?.text).toBe('<a href="x">&amp;</a> \'q\'');
    expect(texts.get('date')?.text).toBe('2026-11-26T02:30:15');
    expect(texts.get('integer')?.text).toBe('12345');
    expect(texts.get('boolean')?.text).toBe('TRUE');
  });

  it('keeps the layout a report reader expects: widths, frozen header, filter over the data, styles', async () => {
    const path = join(dir, 'layout.xlsx');
    const statuses = ['converted', 'failed', 'converted'];
    await writeXlsx(
      path,
      [
        sheet({
          name: 'Billers',
          columns: [
            { header: 'Status', width: 18 },
            { header: 'When', width: 22 },
            { header: 'Note', width: 70 },
          ],
          rows: statuses,
          values: (s) => [s, new Date(Date.UTC(2026, 0, 1)), `${s} note`],
          style: (s, column) =>
            column === 0
              ? s === 'failed'
                ? { fill: 'FFF4B084', bold: true, color: 'FFFFFFFF' }
                : { fill: '#C6EFCE' }
              : undefined,
        }),
        sheet({ name: 'Empty', columns: [{ header: 'Nothing', width: 10 }], rows: [], values: () => [] }),
      ],
      { creator: 'spectrum-convert' },
    );
    const wb = await readBack(path);
    expect(wb.creator).toBe('spectrum-convert');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Billers', 'Empty']);
    const ws = wb.getWorksheet('Billers')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:C4');
    expect(ws.columns.map((c) => c.width)).toEqual([18, 22, 70]);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('A2').fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } });
    expect(ws.getCell('A3').fill).toMatchObject({ fgColor: { argb: 'FFF4B084' } });
    expect(ws.getCell('A3').font).toMatchObject({ bold: true, color: { argb: 'FFFFFFFF' } });
    expect(ws.getCell('B2').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(ws.getCell('B2').value).toEqual(new Date(Date.UTC(2026, 0, 1)));
    expect(wb.getWorksheet('Empty')!.getCell('A1').value).toBe('Nothing');
  });

  it('streams a sheet across many chunks into a zip whose every part passes its CRC', { tags: ['slow'] }, async () => {
    const path = join(dir, 'big.xlsx');
    const n = 30_000;
    function* rows() {
      for (let i = 0; i < n; i++) yield i;
    }
    await writeXlsx(path, [
      sheet({
        name: 'Changes',
        columns: [
          { header: 'N', width: 8 },
          { header: 'Text', width: 30 },
        ],
        rows: rows(),
        values: (i) => [i, `row ${i} ünïcode ${'ab'.repeat(i % 50)}`],
      }),
    ]);
    const buf = await readFile(path);
    const entries = zipEntries(buf);
    expect(entries.map((e) => e.name).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'docProps/app.xml',
      'docProps/core.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    // checks each CRC and size
    for (const e of entries) expect(() => inflateEntry(buf, e, 1 << 30), e.name).not.toThrow();
    const zip = await JSZip.loadAsync(buf, { checkCRC32: true });
    expect(Object.keys(zip.files)).toHaveLength(8);
    const ws = (await readBack(path)).getWorksheet('Changes')!;
    expect(ws.actualRowCount).toBe(n + 1);
    expect(ws.getCell(`B${n + 1}`).value).toBe(`row ${n - 1} ünïcode ${'ab'.repeat((n - 1) % 50)}`);
  });

  it('declares the range of a sheet whose row count is known, and refuses a count that is wrong', async () => {
    const one = (count: number) =>
      sheet({
        name: 'S',
        columns: [
          { header: 'A', width: 5 },
          { header: 'B', width: 5 },
        ],
        rows: ['x', 'y', 'z'],
        values: (v) => [v, v],
        count,
      });
    await writeXlsx(join(dir, 'sized.xlsx'), [one(3)]);
    const buf = await readFile(join(dir, 'sized.xlsx'));
    const part = zipEntries(buf).find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    expect(inflateEntry(buf, part, 1 << 20).toString('utf8')).toContain('<dimension ref="A1:B4"/>');
    await expect(writeXlsx(join(dir, 'lying.xlsx'), [one(5)])).rejects.toThrow('3 rows written but 5 declared');
  });

  it('makes sheet names Excel accepts: no forbidden characters, at most 31 long, unique', async () => {
    const path = join(dir, 'names.xlsx');
    const one = (name: string) => sheet({ name, columns: [{ header: 'A', width: 5 }], rows: [], values: () => [] });
    await writeXlsx(path, [one('a/b:c*d?[e]'), one('x'.repeat(40)), one('X'.repeat(40)), one("'quoted'"), one('  ')]);
    const names = (await readBack(path)).worksheets.map((w) => w.name);
    expect(names).toEqual(['a_b_c_d__e_', 'x'.repeat(31), `${'X'.repeat(29)}_2`, '_quoted_', 'Sheet']);
  });

  it('fails cleanly: never overwrites a file, and a failing row source rejects instead of hanging', async () => {
    const existing = join(dir, 'taken.xlsx');
    await writeFile(existing, 'keep me');
    await expect(writeXlsx(existing, [])).rejects.toThrow(/EEXIST/);
    expect(await readFile(existing, 'utf8')).toBe('keep me');
    await expect(writeXlsx(join(dir, 'missing-dir', 'x.xlsx'), [])).rejects.toThrow(/ENOENT/);
    function* broken() {
      for (let i = 0; i < 50_000; i++) {
        if (i === 40_000) throw new Error('source failed');
        yield i;
      }
    }
    await expect(
      writeXlsx(join(dir, 'broken.xlsx'), [
        sheet({ name: 'S', columns: [{ header: 'N', width: 5 }], rows: broken(), values: (i) => [i] }),
      ]),
    ).rejects.toThrow('source failed');
  });
});
