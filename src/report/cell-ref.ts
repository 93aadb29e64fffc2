/** Cell references as Excel writes them. */
import { columnLetters } from '../core/grid.js';

/** Column letters from a 0-based index, as the writer counts columns: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  return columnLetters(index + 1);
}

/** A sheet name as a reference needs it: always quoted, quotes doubled ('Bob''s'!A1 works everywhere). */
export function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
