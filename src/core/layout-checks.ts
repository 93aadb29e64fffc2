/**
 * Layout ambiguity is an error, not a guess. When a sheet does not say plainly which cell holds a
 * field's value (a value away from its label, several values beside one label, a table whose
 * header comes back further down), the reader does not pick one: it names what it found and what
 * it expected, and the biller is invalid. Messages never quote a value (it may be a secret).
 */
import type { FieldSpec, LoadedFieldMap } from './field-map.js';
import { normalizeLabel } from './field-map.js';
import { address, hasContent, type NormCell, type SheetView } from './grid.js';
import type { Issue } from './issues.js';

export interface LayoutPlace {
  file: string;
  sheet: string;
  view: SheetView;
}

/**
 * A note beside a value is prose: the field map's own hint for that field (the template writes it in
 * column C), or a sentence (ends with '.', or six words or more). Anything else is a value.
 */
function isNote(spec: FieldSpec, cell: NormCell): boolean {
  const text = cell.text.trim();
  if (spec.hint && normalizeLabel(text) === normalizeLabel(spec.hint)) return true;
  return (/\s/.test(text) && /[.!?)]$/.test(text)) || text.split(/\s+/).length >= 6;
}

/**
 * The cells right of a label's value cell, up to the next label of that row, that hold a value.
 * `valueRight` is the last column of the value cell (a merged value cell spans several).
 */
function valuesFurtherRight(
  place: LayoutPlace,
  spec: FieldSpec,
  row: number,
  valueRight: number,
  nextLabelCol: number,
): number[] {
  const cells = place.view.sheet.rows.find((r) => r.row === row)?.cells ?? [];
  return cells
    .filter(([col, cell]) => col > valueRight && col < nextLabelCol && cell.text !== '' && !isNote(spec, cell))
    .map(([col]) => col);
}

/**
 * For a label whose value is read to its right: is the value where the reader expects it, and alone?
 * Returns the issue (an error) when not.
 */
export function checkBesideLabel(
  place: LayoutPlace,
  spec: FieldSpec,
  label: { row: number; col: number },
  value: { row: number; col: number; cell: NormCell | undefined },
  labelCols: readonly number[],
): Issue | undefined {
  const merge = place.view.mergeAt(value.row, value.col);
  const right = merge?.right ?? value.col;
  // The next label of the row starts another field (two columns of labels); a value that reads like a label is no
  // label.
  const nextLabelCol = labelCols.find((c) => c > right) ?? Number.POSITIVE_INFINITY;
  const others = valuesFurtherRight(place, spec, label.row, right, nextLabelCol);
  if (others.length === 0) return undefined;
  const here = address(value.row, value.col);
  const there = others.map((c) => address(label.row, c));
  const base = { severity: 'error' as const, file: place.file, sheet: place.sheet, field: spec.label };
  if (!hasContent(value.cell)) {
    return {
      ...base,
      code: 'WORKSHEET.VALUE_NOT_BESIDE_LABEL',
      cell: there[0] ?? here,
      message:
        `the value is expected in ${here}, the cell right of the label at ${address(label.row, label.col)}, but ` +
        `${here} is empty and ${there.join(', ')} holds a value; move it to ${here}`,
    };
  }
  return {
    ...base,
    code: 'WORKSHEET.SEVERAL_VALUES',
    cell: here,
    message:
      `the label at ${address(label.row, label.col)} has a value in ${here} and also in ${there.join(', ')}; a form ` +
      'sheet holds one biller with its values right of the labels (billers side by side? give each its own sheet, or ' +
      'use one table with a row per biller)',
  };
}

/**
 * Rows below a table's header that repeat it: most of the header's labels again (in any order: a second table pasted
 * below).
 */
export function repeatedHeaderRows(
  view: SheetView,
  fm: LoadedFieldMap,
  header: number,
  columns: ReadonlyMap<number, FieldSpec>,
): number[] {
  const out: number[] = [];
  const keys = new Set([...columns.values()].map((s) => s.key));
  const need = Math.max(3, Math.ceil(keys.size * 0.6));
  for (const { row, cells } of view.sheet.rows) {
    if (row <= header) continue;
    const same = new Set(
      cells.map(([, cell]) => fm.match(cell.text)?.key).filter((k) => k !== undefined && keys.has(k)),
    );
    if (same.size >= need) out.push(row);
  }
  return out;
}

export function headerRepeated(place: LayoutPlace, header: number, row: number): Issue {
  return {
    code: 'WORKSHEET.HEADER_REPEATED',
    severity: 'error',
    file: place.file,
    sheet: place.sheet,
    cell: address(row, 1),
    message:
      `row ${row} repeats the table header of row ${header}; the reader expects one header row with one biller per ` +
      `row below it, so no biller of this table was read: delete row ${row}, or put the second table on a sheet of ` +
      'its own',
  };
}
