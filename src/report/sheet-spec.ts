/** What a sheet of a written xlsx is made of: its columns, its rows and how a row becomes cells. */
import { quotedSheet } from './cell-ref.js';
import type { ChartSpec } from './xlsx-chart.js';
import type { CellStyle } from './xlsx-styles.js';

export type CellValue = string | number | boolean | Date | null | undefined;

interface SheetColumn {
  header: string;
  width: number;
}

export interface SheetSpec<R> {
  name: string;
  columns: SheetColumn[];
  rows: Iterable<R>;
  /**
   * How many rows `rows` holds, when known before they are walked: the sheet then declares its range
   * (some readers, such as openpyxl in read-only mode and so pandas, size a sheet by it). It must be
   * exact; a wrong count throws once the rows are written, rather than leave a file that lies.
   */
  count?: number;
  /** The cells of one row, in column order. */
  values: (row: R) => CellValue[];
  /** A style for one cell of a data row (column index from 0), or undefined for none. */
  style?: (row: R, column: number) => CellStyle | undefined;
  /** A link from one cell to a place in the workbook (see `sheetLink`), or undefined for none. */
  link?: (row: R, column: number) => string | undefined;
  /**
   * false: a free-form sheet (a summary page): the rows start at row 1, with no header row, frozen
   * pane or auto-filter; the columns' headers are unused.
   */
  header?: boolean;
  /** A native chart drawn over the sheet. */
  chart?: ChartSpec;
}

/** Where a link inside the workbook points: 'Billers'!A5. */
export function sheetLink(sheetName: string, ref: string): string {
  return `${quotedSheet(sheetName)}!${ref}`;
}

/** A sheet of any row type, for the list `writeXlsx` takes (the row type only matters inside a spec). */
export function sheet<R>(spec: SheetSpec<R>): SheetSpec<unknown> {
  return spec as SheetSpec<unknown>;
}
