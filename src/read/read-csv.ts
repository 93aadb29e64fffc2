/** A csv file becomes one grid sheet; the layout finder then treats it like any sheet. */
import { parse } from 'csv-parse/sync';
import type { GridRow, GridSheet } from '../core/grid.js';
import { decodeText, sniffDelimiter } from './decode-text.js';
import type { ReadLimits } from './limits.js';
import { ReadError } from './read-error.js';
import { textCell } from './cells.js';

export interface CsvRead {
  sheet: GridSheet;
  encoding: string;
  delimiter: string;
}

/** `sheetName` is what Excel shows when it opens the csv: the file name without extension. */
export function readCsv(buf: Buffer, sheetName: string, limits: ReadLimits): CsvRead {
  const { text, encoding } = decodeText(buf);
  const delimiter = sniffDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: 1024 * 1024,
      to: limits.maxRows + 1,
    });
  } catch (e) {
    const err = e as { code?: string; lines?: number; message: string };
    const where = err.lines ? ` near line ${err.lines}` : '';
    if (err.code === 'CSV_MAX_RECORD_SIZE')
      throw new ReadError('FILE.TOO_LARGE', `a record is longer than 1 MB${where}; this is not a worksheet`);
    if (err.code === 'CSV_QUOTE_NOT_CLOSED')
      throw new ReadError('FILE.CORRUPT', `a quoted value is never closed${where}: a '"' is missing`);
    throw new ReadError('FILE.CORRUPT', `the csv cannot be parsed${where} (${err.code ?? 'error'})`);
  }
  if (records.length > limits.maxRows)
    throw new ReadError('FILE.TOO_LARGE', `the csv has more than ${limits.maxRows} rows (limit maxRows)`);
  const rows: GridRow[] = [];
  records.forEach((record, i) => {
    if (record.length > limits.maxColumns)
      throw new ReadError('FILE.TOO_LARGE', `row ${i + 1} has ${record.length} columns (limit ${limits.maxColumns})`);
    const cells: GridRow['cells'] = [];
    record.forEach((value, c) => {
      const cell = textCell(excelText(value));
      if (cell?.text) cells.push([c + 1, cell]);
    });
    if (cells.length) rows.push({ row: i + 1, cells });
  });
  return { sheet: { name: sheetName, state: 'visible', rows, merges: [] }, encoding, delimiter };
}

/** Excel's csv keeps text that would read as a number as ="00123": the text is 00123. */
export function excelText(value: string): string {
  const m = /^="((?:[^"]|"")*)"$/s.exec(value);
  return m ? (m[1] ?? '').replace(/""/g, '"') : value;
}
