/** Cell references as Excel writes them. */

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A sheet name as a reference needs it: always quoted, quotes doubled ('Bob''s'!A1 works everywhere). */
export function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
