// @module-tag slow: every corpus xlsx read by both readers
/**
 * The fast reader and exceljs, cell by cell (kind, text, link), over every xlsx of the corpus. Any
 * disagreement fails, except the documented ones below, where exceljs 4.4 is known not to read
 * what Excel shows and the file is therefore never handed to it (see src/read/sheet-prescan.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GridSheet } from '../../src/core/grid.js';
import { readXlsxFast } from '../../src/read/fast-xlsx.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { ReadError } from '../../src/read/read-error.js';
import { readXlsxWithExceljs } from '../../src/read/read-xlsx.js';
import { CASES } from './cases.js';
import { FILES, fileName } from './generate.js';

/** Files exceljs cannot open (it finds no workbook, or its XML parser stops): the fast reader is the only reader. */
const EXCELJS_CANNOT_OPEN: Record<string, RegExp> = {
  'raw-root-workbook': /no worksheets/,
  'raw-folder-workbook': /no worksheets/,
  'raw-backslashes': /no worksheets/,
  'raw-prefixed': /cannot be read/,
  'raw-utf16le': /cannot be read/,
  'raw-utf16be': /cannot be read/,
};
/** Files with a shape exceljs misreads: it is refused on the exceljs path, never read differently. */
const EXCELJS_REFUSED: Record<string, RegExp> = {
  'raw-cdata': /CDATA/,
  'raw-link-location-url': /#location/,
  'raw-date-t-d': /t="d"/,
};

function cells(sheets: GridSheet[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of sheets)
    for (const r of s.rows)
      for (const [c, cell] of r.cells) {
        out[`${s.name}!${c}:${r.row}`] = JSON.stringify({
          kind: cell.kind,
          text: cell.text,
          link: cell.link,
          result: cell.result,
          raw: cell.raw,
        });
      }
  return out;
}

const xlsx = CASES.filter((c) => c.writer !== 'csv');

describe('fast reader and exceljs agree on every corpus cell', () => {
  it.each(xlsx.map((c) => ({ id: c.id, file: fileName(c) })))('$id', async ({ id, file }) => {
    const buf = readFileSync(join(FILES, file));
    const fast = readXlsxFast(buf, DEFAULT_LIMITS);
    const why = EXCELJS_CANNOT_OPEN[id] ?? EXCELJS_REFUSED[id];
    if (why) {
      const err = await readXlsxWithExceljs(buf, DEFAULT_LIMITS).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReadError);
      expect((err as Error).message).toMatch(why);
      expect(fast.length).toBeGreaterThan(0);
      return;
    }
    expect(cells(fast)).toEqual(cells(await readXlsxWithExceljs(buf, DEFAULT_LIMITS)));
  });
});
