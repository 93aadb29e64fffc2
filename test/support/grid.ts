/** Sheets and reading contexts for the layout readers, without files. */
import type { FieldKey } from '../../src/core/field-map.js';
import { parseAddress, SheetView, type GridSheet, type NormCell } from '../../src/core/grid.js';
import type { LabelHit, SheetContext } from '../../src/core/layout-context.js';
import { fieldMap } from './raw.js';

/** A sheet from a map of A1 addresses to texts (or cells). */
function gridSheet(cells: Record<string, string | NormCell>, extra: Partial<GridSheet> = {}): GridSheet {
  const rows = new Map<number, Array<[number, NormCell]>>();
  for (const [ref, v] of Object.entries(cells)) {
    const at = parseAddress(ref);
    if (!at) throw new Error(`not an A1 address: ${ref}`);
    const cell: NormCell = typeof v === 'string' ? { kind: 'text', text: v } : v;
    rows.set(at.row, [...(rows.get(at.row) ?? []), [at.col, cell]]);
  }
  return {
    name: 'Biller',
    state: 'visible',
    merges: [],
    ...extra,
    rows: [...rows].sort((a, b) => a[0] - b[0]).map(([row, c]) => ({ row, cells: c.sort((a, b) => a[0] - b[0]) })),
  };
}

/** The context a layout reader gets for one sheet; its issues start empty. */
export function sheetContext(cells: Record<string, string | NormCell>, extra: Partial<GridSheet> = {}): SheetContext {
  const sheet = gridSheet(cells, extra);
  return { file: 'f.xlsx', sheet: sheet.name, view: new SheetView(sheet), fm: fieldMap, issues: [] };
}

/** The label hit of field `key` at an A1 address, as the label finder reports it. */
export function hit(key: FieldKey, ref: string): LabelHit {
  const spec = fieldMap.byKey.get(key);
  const at = parseAddress(ref);
  if (!spec || !at) throw new Error(`${key} at ${ref}`);
  return { spec, row: at.row, col: at.col };
}
