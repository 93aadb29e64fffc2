/** The table layout: one header row of labels, one biller per row below it. */
import type { FieldKey, FieldSpec } from './field-map.js';
import { address, hasContent } from './grid.js';
import type { IssueCode } from './issues.js';
import type { RawBiller } from './layout.js';
import { headerRepeated, repeatedHeaderRows } from './layout-checks.js';
import { duplicate, origin, unknownLabel, type LabelHit, type SheetContext } from './layout-context.js';

export function readTable(ctx: SheetContext, headerHits: readonly LabelHit[], header: number): RawBiller[] {
  const columns = new Map<number, FieldSpec>();
  const labelAt = new Map<FieldKey, string>();
  const errors: IssueCode[] = [];
  for (const hit of headerHits) {
    const here = address(hit.row, hit.col);
    const first = labelAt.get(hit.spec.key);
    if (first !== undefined) {
      ctx.issues.push(duplicate(ctx, hit.spec, first, here));
      errors.push('WORKSHEET.DUPLICATE_FIELD');
      continue;
    }
    labelAt.set(hit.spec.key, here);
    columns.set(hit.col, hit.spec);
  }
  const headerRow = ctx.view.sheet.rows.find((r) => r.row === header);
  for (const [col, cell] of headerRow?.cells ?? []) {
    if (!columns.has(col) && !headerHits.some((h) => h.col === col)) unknownLabel(ctx, cell.text, address(header, col));
  }
  const repeats = new Set(repeatedHeaderRows(ctx.view, ctx.fm, header, columns));
  for (const row of repeats) {
    ctx.issues.push(headerRepeated(ctx, header, row));
    errors.push('WORKSHEET.HEADER_REPEATED');
  }
  const billers: RawBiller[] = [];
  for (const { row } of ctx.view.sheet.rows) {
    if (row <= header || repeats.has(row)) continue;
    const fields: RawBiller['fields'] = {};
    let any = false;
    for (const [col, spec] of columns) {
      const value = ctx.view.get(row, col);
      const cell = hasContent(value.cell) ? value.cell : undefined;
      any ||= cell !== undefined;
      fields[spec.key] = { spec, cell, origin: origin(ctx, row, col) };
    }
    if (any)
      billers.push({
        file: ctx.file,
        sheet: ctx.sheet,
        layout: 'table',
        row,
        fields,
        ...(errors.length ? { layoutErrors: [...new Set(errors)] } : {}),
      });
  }
  return billers;
}
