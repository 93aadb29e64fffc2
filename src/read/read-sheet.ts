/**
 * One sheet's XML scanned into grid rows: a token scan over <row> and <c> (no DOM), with the
 * merges' hidden cells skipped, hyperlinks attached and the limits enforced as it goes.
 */
import type { GridRow, GridSheet } from '../core/grid.js';
import { hasContent, parseAddress } from '../core/grid.js';
import { cellValue, withLink, type SheetContext } from './cell-value.js';
import { FastReadUnsupported } from './fast-read-unsupported.js';
import { ReadError, sheetTooLarge } from './read-error.js';
import { attributes } from './xml-text.js';

export type { SheetContext } from './cell-value.js';

/** A start tag's inside made only of name="value" pairs (what a well-formed tag holds). */
const WELL_FORMED_ATTRS = /^(?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*$/;

export function readSheet(
  name: string,
  state: GridSheet['state'],
  xml: string,
  sheetRels: () => Map<string, string>,
  ctx: SheetContext,
): GridSheet {
  const merges = [...xml.matchAll(/<(?:\w+:)?mergeCell\b([^>]*)\/?>/g)]
    .map((m) => attributes(m[1] ?? '').ref ?? '')
    .filter(Boolean);
  const slaves = mergeSlaves(merges);
  const links = hyperlinks(xml, sheetRels);
  const tooLarge = (what: string) => sheetTooLarge(name, what, ctx.limits);
  const rows = new Map<number, GridRow>();
  let current: GridRow | undefined;
  let rowNumber = 0;
  let col = 0;
  let rowCount = 0;
  let cellCount = 0;
  const data = /<(?:\w+:)?sheetData\b[^>]*>([\s\S]*)<\/(?:\w+:)?sheetData>/.exec(xml)?.[1] ?? '';
  const token = /<(?:\w+:)?(row|c)\b([^>]*?)(\/?)>/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(data))) {
    const a = attributes(m[2] ?? '');
    if (!WELL_FORMED_ATTRS.test(m[2] ?? '')) throw malformed(name, m[0]);
    if (m[1] === 'row') {
      rowNumber = a.r ? Number(a.r) : rowNumber + 1;
      col = 0;
      if (++rowCount > ctx.limits.maxRows) throw tooLarge(`more than ${ctx.limits.maxRows} rows`);
      current = undefined;
      continue;
    }
    const inner = m[3] === '/' ? '' : cellInner(data, token);
    const at = a.r ? parseAddress(a.r) : undefined;
    const r = at?.row ?? rowNumber;
    col = at?.col ?? col + 1;
    if (++cellCount > ctx.limits.maxCells) throw tooLarge(`more than ${ctx.limits.maxCells} cells`);
    if (col > ctx.limits.maxColumns && inner) throw tooLarge(`a value in column ${col}`);
    if (!inner || slaves.has(`${r}:${col}`)) continue;
    let cell = cellValue(a, inner, ctx);
    const link = links.get(`${r}:${col}`);
    if (link !== undefined) cell = withLink(cell, link);
    if (!hasContent(cell)) continue;
    if (!current || current.row !== r) current = rowAt(rows, r);
    current.cells.push([col, cell]);
  }
  return { name, state, rows: sortedRows(rows), merges };
}

/** The XML inside a <c> element whose start tag `token` just matched; moves `token` past it. */
function cellInner(data: string, token: RegExp): string {
  const close = data.slice(token.lastIndex).search(/<\/(?:\w+:)?c>/);
  if (close < 0) throw new FastReadUnsupported('unclosed cell');
  const inner = data.slice(token.lastIndex, token.lastIndex + close);
  token.lastIndex += close;
  return inner;
}

/** The row numbered `r`, made when it is first seen (rows may come out of order). */
function rowAt(rows: Map<number, GridRow>, r: number): GridRow {
  let row = rows.get(r);
  if (!row) {
    row = { row: r, cells: [] };
    rows.set(r, row);
  }
  return row;
}

function sortedRows(rows: Map<number, GridRow>): GridRow[] {
  const sorted = [...rows.values()].sort((x, y) => x.row - y.row);
  for (const row of sorted) row.cells.sort((x, y) => x[0] - y[0]);
  return sorted;
}

function malformed(name: string, near: string): ReadError {
  return new ReadError(
    'FILE.CORRUPT',
    `sheet "${name}" holds malformed XML near ${near.slice(0, 40)}; open it in Excel and save it again`,
  );
}

function mergeSlaves(merges: string[]): Set<string> {
  const out = new Set<string>();
  for (const ref of merges) {
    const [a, b = a] = ref.split(':');
    const from = a ? parseAddress(a) : undefined;
    const to = b ? parseAddress(b) : undefined;
    if (!from || !to || (to.row - from.row + 1) * (to.col - from.col + 1) > 100_000) continue;
    for (let r = from.row; r <= to.row; r++)
      for (let c = from.col; c <= to.col; c++) if (r !== from.row || c !== from.col) out.add(`${r}:${c}`);
  }
  return out;
}

function hyperlinks(xml: string, sheetRels: () => Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const found = [...xml.matchAll(/<(?:\w+:)?hyperlink\b([^>]*)\/?>/g)];
  if (!found.length) return out;
  const rels = sheetRels();
  for (const m of found) {
    const a = attributes(m[1] ?? '');
    // `location` is the part after '#' (Excel follows target#location); alone it points inside the
    // workbook.
    const external = rels.get(a['r:id'] ?? '');
    const target = external && a.location && !external.includes('#') ? `${external}#${a.location}` : external;
    const at = parseAddress((a.ref ?? '').split(':')[0] ?? '');
    if (target && at) out.set(`${at.row}:${at.col}`, target);
  }
  return out;
}
