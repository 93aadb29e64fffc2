/**
 * An xlsx workbook becomes grid sheets. exceljs's in-memory reader is used (not its streaming
 * reader, which loses hyperlinks, merges and rich text: pitfalls §1.3); the caller has already
 * checked the bytes and the inflated size, and runs this in a worker with a heap ceiling.
 */
import type ExcelJS from 'exceljs';
import { hasContent, type GridRow, type GridSheet } from '../core/grid.js';
import { normaliseValue } from './cells.js';
import type { ReadLimits } from './limits.js';
import { ReadError, sheetTooLarge } from './read-error.js';
import { prescanSheets } from './sheet-prescan.js';
import { asksRecalculation, FastReadUnsupported, readXlsxFast } from './fast-xlsx.js';
import { inflateEntry, zipEntries, type ZipEntry } from './zip-entries.js';

// ExcelJS.ValueType.Merge: a non-top-left cell of a merged range repeats the top-left value.
const MERGE: ExcelJS.ValueType = 1;
const FORMULA: ExcelJS.ValueType = 6; // ExcelJS.ValueType.Formula

/**
 * Read a workbook: the fast reader first; exceljs when the fast reader meets something it does
 * not expect (it then says so by throwing FastReadUnsupported). Limit and corruption errors of the
 * fast reader stand: exceljs would only fail later, at a higher cost.
 */
export async function readXlsx(buf: Buffer, limits: ReadLimits, entries?: ZipEntry[]): Promise<GridSheet[]> {
  try {
    return readXlsxFast(buf, limits, entries);
  } catch (e) {
    if (!(e instanceof FastReadUnsupported)) throw e;
  }
  return readXlsxWithExceljs(buf, limits);
}

export async function readXlsxWithExceljs(buf: Buffer, limits: ReadLimits): Promise<GridSheet[]> {
  prescanSheets(buf, limits);
  // Loaded only when needed: most workbooks never need it, and it costs a worker ~100 ms to load.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0]?.slice(0, 120) : String(e);
    throw new ReadError('FILE.CORRUPT', `the workbook cannot be read (${why}); open it in Excel and save it again`);
  }
  if (wb.worksheets.length === 0)
    throw new ReadError(
      'FILE.CORRUPT',
      'the workbook has no worksheets that can be read; open it in Excel and save it again',
    );
  const recalc = workbookRecalculates(buf, limits);
  return wb.worksheets.map((ws) => readSheet(ws, limits, recalc));
}

/**
 * cell.value of a formula drops a cached result that is falsy (0, FALSE, ""): exceljs copies the
 * model with `if (value)`. The loaded model keeps it, so the result is taken from there.
 */
function cellValue(cell: ExcelJS.Cell): ExcelJS.CellValue {
  if (cell.type !== FORMULA) return cell.value;
  return {
    ...(cell.value as ExcelJS.CellFormulaValue),
    result: (cell.model as { result?: ExcelJS.CellFormulaValue['result'] }).result,
  };
}

/** exceljs does not read calcPr's fullCalcOnLoad, so the workbook part is looked at here. */
function workbookRecalculates(buf: Buffer, limits: ReadLimits): boolean {
  const entry = zipEntries(buf).find((e) => e.name.toLowerCase() === 'xl/workbook.xml');
  return entry !== undefined && asksRecalculation(inflateEntry(buf, entry, limits.maxInflatedBytes).toString('utf8'));
}

function readSheet(ws: ExcelJS.Worksheet, limits: ReadLimits, recalc: boolean): GridSheet {
  const rows: GridRow[] = [];
  const tooLarge = (what: string) => sheetTooLarge(ws.name, what, limits);
  // eachRow/eachCell are sparse: never loop to rowCount × columnCount (a cell at XFD1048576 makes
  // those huge).
  let count = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (++count > limits.maxRows) throw tooLarge(`more than ${limits.maxRows} rows`);
    const cells: GridRow['cells'] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (col > limits.maxColumns) throw tooLarge(`a value in column ${col}`);
      if (cell.type === MERGE) return;
      const norm = normaliseValue(cellValue(cell), { format: cell.numFmt, recalc });
      if (hasContent(norm)) cells.push([col, norm]);
    });
    if (cells.length) rows.push({ row: rowNumber, cells });
  });
  const merges = ((ws.model as unknown as { merges?: string[] }).merges ?? []).slice(0, 10_000);
  const state = ws.state === 'hidden' || ws.state === 'veryHidden' ? ws.state : 'visible';
  return { name: ws.name, state, rows, merges };
}
