/**
 * Count what exceljs would build before it builds it. exceljs materialises every cell of every
 * sheet (about 0.5 KB each) before we can look at one, so a 200,000-row sheet costs hundreds of
 * MB first and fails the row limit only afterwards. Inflating the sheet parts ourselves (capped)
 * and counting rows and cells in the XML costs milliseconds and keeps memory bounded.
 */
import type { ReadLimits } from './limits.js';
import { ReadError } from './read-error.js';
import { inflateEntry, zipEntries } from './zip-entries.js';

const ROW = /<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g;
const CELL = /<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g;

function count(xml: string, re: RegExp, stopAt: number): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(xml) && ++n <= stopAt);
  return n;
}

export function prescanSheets(buf: Buffer, limits: ReadLimits): void {
  let budget = limits.maxInflatedBytes;
  for (const entry of zipEntries(buf)) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(entry.name)) continue;
    const xml = inflateEntry(buf, entry, budget).toString('utf8');
    budget -= xml.length;
    const rows = count(xml, ROW, limits.maxRows);
    if (rows > limits.maxRows) {
      throw new ReadError('FILE.TOO_LARGE', `a sheet has more than ${limits.maxRows} rows (limit maxRows); a worksheet is far smaller`);
    }
    const cells = count(xml, CELL, limits.maxCells);
    if (cells > limits.maxCells) {
      throw new ReadError('FILE.TOO_LARGE', `a sheet has more than ${limits.maxCells} cells (limit maxCells); a worksheet is far smaller`);
    }
  }
}
