/**
 * The reader's output: every sheet of a file as a sparse grid of normalised cells. Readers
 * (xlsx, csv) produce it, the layout finder consumes it, and it is plain data so that it can
 * cross a worker-thread boundary.
 */

/**
 * What the file held in a cell. The reader records it and never guesses what it means:
 * validation decides, per field type, whether a number, a date or a formula result is
 * trustworthy as the text the author sees (src/core/cell-text.ts).
 */
type CellKind = 'text' | 'number' | 'date' | 'boolean' | 'formula' | 'error';

/** The kind of a formula's cached result; 'none' when the file holds no result (no <v>, or an empty one). */
export type ResultKind = 'text' | 'number' | 'date' | 'boolean' | 'error' | 'none';

/** A cell after normalisation. */
export interface NormCell {
  kind: CellKind;
  /**
   * Trimmed text ('' when empty): a string as written; a number in full digits, without its format
   * (1234, 0.3); a date as ISO (2026-12-01, or 2026-12-01T13:45:00); TRUE/FALSE; for a formula, the
   * same for its cached result ('' when it has none); '' for an error.
   */
  text: string;
  /** The untrimmed text, kept only when trimming changed it (secrets must not silently lose spaces). */
  raw?: string;
  /** A hyperlink target, when the cell was a hyperlink whose target differs from its text. */
  link?: string;
  /**
   * A number or a date (or a formula's number or date result): the value as stored; a date as its 1900-system serial.
   */
  number?: number;
  /** The number format code of a number or a date (or a formula's result), e.g. '00000000'; absent for General. */
  format?: string;
  /** A formula: the kind of its cached result. */
  result?: ResultKind;
  /**
   * A formula in a workbook that asks to be recalculated when opened (fullCalcOnLoad): its cached result is not what
   * Excel will show.
   */
  recalc?: true;
  /** An error cell, or a formula whose result is an error: the error as Excel shows it, e.g. '#N/A'. */
  error?: string;
}

/** A cell that holds something: text, or a value that is not text (an error, a formula without result). */
export function hasContent(cell: NormCell | undefined): cell is NormCell {
  return cell !== undefined && (cell.text !== '' || cell.kind === 'error' || cell.kind === 'formula');
}

/** One row: [column number (1-based), cell] pairs, ascending by column, only non-empty cells. */
export type GridRow = { row: number; cells: Array<[number, NormCell]> };

export interface GridSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  rows: GridRow[];
  /** Merged ranges as A1 references ("A3:B3"); only the top-left cell of each holds a value. */
  merges: string[];
}

/** Where a value came from, named the way an operator finds it in Excel. */
export interface CellOrigin {
  file: string;
  sheet: string;
  /** A1-style address, e.g. "C7". */
  cell: string;
}

/** 1 → "A", 27 → "AA". */
export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function address(row: number, col: number): string {
  return `${columnLetters(col)}${row}`;
}

/** "C7" → {row: 7, col: 3}; undefined when it is not an A1 address. */
export function parseAddress(ref: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref.trim().toUpperCase());
  if (!m?.[1] || !m[2]) return undefined;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

export interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function parseRange(ref: string): Range | undefined {
  const [a, b = a] = ref.split(':');
  const from = a ? parseAddress(a) : undefined;
  const to = b ? parseAddress(b) : undefined;
  if (!from || !to) return undefined;
  return {
    top: Math.min(from.row, to.row),
    left: Math.min(from.col, to.col),
    bottom: Math.max(from.row, to.row),
    right: Math.max(from.col, to.col),
  };
}

/** Random access over a sparse sheet, resolving merged cells to their top-left value. */
export class SheetView {
  private readonly cells = new Map<number, Map<number, NormCell>>();
  private readonly merges: Range[];

  constructor(readonly sheet: GridSheet) {
    for (const r of sheet.rows) this.cells.set(r.row, new Map(r.cells));
    this.merges = sheet.merges.map(parseRange).filter((m): m is Range => m !== undefined);
  }

  /** The merged range a cell belongs to, if any. */
  mergeAt(row: number, col: number): Range | undefined {
    return this.merges.find((m) => row >= m.top && row <= m.bottom && col >= m.left && col <= m.right);
  }

  /** The cell at (row, col); a cell inside a merge reads as the merge's top-left cell. */
  get(row: number, col: number): { cell: NormCell | undefined; row: number; col: number } {
    const m = this.merges.length ? this.mergeAt(row, col) : undefined;
    const r = m ? m.top : row;
    const c = m ? m.left : col;
    return { cell: this.cells.get(r)?.get(c), row: r, col: c };
  }
}
