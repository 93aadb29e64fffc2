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

/**
 * Shapes exceljs 4.4 reads differently from Excel (measured, test/corpus): CDATA text is dropped,
 * a hyperlink's `location` (its #fragment) is dropped, `_xHHHH_` escapes in a formula's string result
 * are kept as written, a t="d" date reads as the number of its year. A file that needs exceljs and
 * holds one of them is refused, never misread.
 */
const EXCELJS_MISREADS: Array<[RegExp, string]> = [
  [/<!\[CDATA\[/, 'CDATA text'],
  [/<(?:[\w.-]+:)?hyperlink\b[^>]*\blocation\s*=/, 'a hyperlink with a #location'],
  [/<(?:[\w.-]+:)?c\b[^>]*\bt="d"/, 'an ISO date cell (t="d"), which exceljs reads as a number,'],
  [
    /<(?:[\w.-]+:)?c\b[^>]*\bt="str"[^>]*>(?:(?!<\/(?:[\w.-]+:)?c>)[\s\S])*?_x[0-9A-Fa-f]{4}_/,
    'an _xHHHH_ escape in a formula result',
  ],
];

export function prescanSheets(buf: Buffer, limits: ReadLimits): void {
  let budget = limits.maxInflatedBytes;
  for (const entry of zipEntries(buf)) {
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(entry.name);
    if (!isSheet && !/^xl\/sharedStrings\.xml$/i.test(entry.name)) continue;
    const xml = inflateEntry(buf, entry, budget).toString('utf8');
    budget -= xml.length;
    for (const [shape, what] of EXCELJS_MISREADS) {
      if (shape.test(xml))
        throw new ReadError(
          'FILE.UNSUPPORTED_FORMAT',
          `the workbook holds ${what} in a shape this tool cannot read with certainty; ` +
            'open it in Excel and save it again (File › Save As › Excel Workbook)',
        );
    }
    if (!isSheet) continue;
    const rows = count(xml, ROW, limits.maxRows);
    if (rows > limits.maxRows) {
      throw new ReadError(
        'FILE.TOO_LARGE',
        `a sheet has more than ${limits.maxRows} rows (limit maxRows); a worksheet is far smaller`,
      );
    }
    const cells = count(xml, CELL, limits.maxCells);
    if (cells > limits.maxCells) {
      throw new ReadError(
        'FILE.TOO_LARGE',
        `a sheet has more than ${limits.maxCells} cells (limit maxCells); a worksheet is far smaller`,
      );
    }
  }
}
