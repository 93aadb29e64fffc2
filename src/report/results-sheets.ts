/** The sheets of the results workbook: the Summary page, then one table per list of the report rows. */
import type { ReportRows } from '../core/report-rows.js';
import { STATUS_FILL } from './status-colors.js';
import { summarySheet } from './summary-sheet.js';
import { sheet, type CellStyle, type CellValue, type SheetSpec } from './xlsx-writer.js';

interface Column<R> {
  header: string;
  key: keyof R & string;
  width: number;
}

/** Columns written compactly: [header, key of the row, width]. */
function columns<R>(list: Array<[string, keyof R & string, number]>): Array<Column<R>> {
  return list.map(([header, key, width]) => ({ header, key, width }));
}

type Row<K extends keyof ReportRows> = ReportRows[K] extends Iterable<infer R> ? R : never;

const BILLERS = columns<Row<'billers'>>([
  ['Status', 'status', 18],
  ['Biller id', 'billerId', 40],
  ['Name', 'billerName', 32],
  ['Source file', 'file', 40],
  ['Sheet', 'sheet', 18],
  ['Row', 'row', 6],
  ['Changes', 'changes', 9],
  ['Follow-ups', 'followUps', 11],
  ['Error code', 'errorCode', 30],
  ['Message', 'message', 80],
  ['What to do', 'todo', 60],
  ['Window (s)', 'windowSeconds', 11],
]);
const FILES = columns<Row<'files'>>([
  ['File', 'file', 50],
  ['Status', 'status', 10],
  ['Billers', 'billers', 8],
  ['Errors', 'errors', 8],
  ['Warnings', 'warnings', 9],
  ['Note', 'note', 70],
]);
const CHANGES = columns<Row<'changes'>>([
  ['Biller id', 'billerId', 40],
  ['Name', 'billerName', 28],
  ['Checklist section', 'section', 36],
  ['Entity', 'entity', 20],
  ['Setting', 'setting', 8],
  ['Name / key', 'name', 44],
  ['Action', 'action', 8],
  ['Before', 'before', 50],
  ['After', 'after', 50],
  ['Worksheet cell', 'cell', 22],
]);
const FOLLOW_UPS = columns<Row<'followUps'>>([
  ['Biller id', 'billerId', 40],
  ['Name', 'billerName', 28],
  ['Section', 'section', 30],
  ['Code', 'code', 36],
  ['Task', 'reason', 100],
]);
const ERRORS = columns<Row<'errors'>>([
  ['File', 'file', 40],
  ['Sheet', 'sheet', 18],
  ['Cell', 'cell', 8],
  ['Field', 'field', 26],
  ['Severity', 'severity', 9],
  ['Code', 'code', 32],
  ['Message', 'message', 100],
]);

/** A results sheet: a header row of the columns' names, then one row per item, values as they are. */
function table<R extends object>(
  name: string,
  columns: Array<Column<R>>,
  rows: Iterable<R>,
  style?: (r: R, column: number) => CellStyle | undefined,
): SheetSpec<unknown> {
  return sheet<R>({
    name,
    columns: columns.map((c) => ({ header: c.header, width: c.width })),
    rows,
    ...(Array.isArray(rows)
      ? { count: rows.length }
      : 'count' in rows && typeof rows.count === 'number'
        ? { count: rows.count }
        : {}),
    // Values are written as they are: strings stay strings (never formulas), dates stay dates.
    values: (r) => columns.map((c) => (r as Record<string, CellValue>)[c.key]),
    ...(style ? { style } : {}),
  });
}

/** The status cell coloured by status; a failed rollback shouts (white on red, bold). */
function statusStyle(r: Row<'billers'>, column: number): CellStyle | undefined {
  if (column !== 0) return undefined;
  return r.status === 'rollback-failed'
    ? { fill: STATUS_FILL[r.status], bold: true, color: 'FFFFFFFF' }
    : { fill: STATUS_FILL[r.status] };
}

export function resultsSheets(rows: ReportRows): Array<SheetSpec<unknown>> {
  return [
    summarySheet(rows.summary),
    table('Billers', BILLERS, rows.billers, statusStyle),
    table('Files', FILES, rows.files),
    table('Changes', CHANGES, rows.changes),
    table('Follow-ups', FOLLOW_UPS, rows.followUps),
    table('Errors', ERRORS, rows.errors),
  ];
}
