/** What the layout readers share: the sheet being read, where a value came from, and the issues they report. */
import type { FieldSpec, LoadedFieldMap } from './field-map.js';
import { address, type CellOrigin, type SheetView } from './grid.js';
import type { Issue } from './issues.js';
import { labelShown, readsAsLabel } from './label-quote.js';

export interface SheetContext {
  file: string;
  sheet: string;
  view: SheetView;
  fm: LoadedFieldMap;
  issues: Issue[];
}

export interface LabelHit {
  spec: FieldSpec;
  row: number;
  col: number;
}

export function origin(ctx: SheetContext, row: number, col: number): CellOrigin {
  return { file: ctx.file, sheet: ctx.sheet, cell: address(row, col) };
}

/** A field given twice: the reader will not choose, so the biller (or the whole table) is invalid. */
export function duplicate(ctx: SheetContext, spec: FieldSpec, first: string, again: string): Issue {
  return {
    code: 'WORKSHEET.DUPLICATE_FIELD',
    severity: 'error',
    file: ctx.file,
    sheet: ctx.sheet,
    cell: again,
    field: spec.label,
    message:
      `the field appears twice (labels at ${first} and ${again}), so ` +
      'this biller was not converted; keep one of them',
  };
}

export function unknownLabel(ctx: SheetContext, text: string, cell: string): void {
  // Never quote what could be a value (a secret in a misread sheet): see label-quote.ts.
  const label = readsAsLabel(text, ctx.fm);
  const guess = label ? ctx.fm.closest(text) : undefined;
  ctx.issues.push({
    code: 'WORKSHEET.UNKNOWN_LABEL',
    severity: 'warning',
    file: ctx.file,
    sheet: ctx.sheet,
    cell,
    message:
      `${labelShown(text, ctx.fm)} matches no worksheet field, so its value was not read` +
      `${guess ? `; did you mean "${guess.label}"?` : ''} (labels are listed in templates/worksheet-map.json)`,
  });
}
