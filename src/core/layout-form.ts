/** The form layout: label cells with the value beside (or below) them, one biller per sheet. */
import type { FieldKey } from './field-map.js';
import { address, hasContent } from './grid.js';
import type { Issue, IssueCode } from './issues.js';
import type { RawBiller } from './layout.js';
import { checkBesideLabel } from './layout-checks.js';
import { duplicate, origin, unknownLabel, type LabelHit, type SheetContext } from './layout-context.js';

export function readForm(ctx: SheetContext, hits: readonly LabelHit[]): RawBiller | undefined {
  const fields: RawBiller['fields'] = {};
  const errors: IssueCode[] = [];
  const fail = (issue: Issue | undefined) => {
    if (issue) {
      ctx.issues.push(issue);
      errors.push(issue.code);
    }
  };
  const labelAt = new Map<FieldKey, string>();
  const valueCells = new Set<string>();
  const sorted = [...hits].sort((a, b) => a.row - b.row || a.col - b.col);
  for (const hit of sorted) {
    const here = address(hit.row, hit.col);
    if (valueCells.has(here)) continue; // a value that happens to read like a label
    const value = valueOf(ctx, hit);
    valueCells.add(address(value.row, value.col));
    const first = labelAt.get(hit.spec.key);
    if (first !== undefined) {
      fail(duplicate(ctx, hit.spec, first, here));
      continue;
    }
    if (hit.spec.valueAt !== 'below')
      fail(
        checkBesideLabel(
          ctx,
          hit.spec,
          hit,
          value,
          sorted.filter((h) => h.row === hit.row).map((h) => h.col),
        ),
      );
    labelAt.set(hit.spec.key, here);
    fields[hit.spec.key] = {
      spec: hit.spec,
      cell: hasContent(value.cell) ? value.cell : undefined,
      origin: origin(ctx, value.row, value.col),
    };
  }
  reportUnknownFormLabels(ctx, sorted, valueCells);
  if (!Object.values(fields).some((f) => f.cell)) return undefined;
  return {
    file: ctx.file,
    sheet: ctx.sheet,
    layout: 'form',
    fields,
    ...(errors.length ? { layoutErrors: errors } : {}),
  };
}

/** The cell a label's value is in: beside it or below it, past the label's merged range. */
function valueOf(ctx: SheetContext, hit: LabelHit) {
  const merge = ctx.view.mergeAt(hit.row, hit.col);
  return hit.spec.valueAt === 'below'
    ? ctx.view.get((merge?.bottom ?? hit.row) + 1, merge?.left ?? hit.col)
    : ctx.view.get(merge?.top ?? hit.row, (merge?.right ?? hit.col) + 1);
}

/** In the columns that hold labels, a text with a value beside it that matches no field is reported. */
function reportUnknownFormLabels(ctx: SheetContext, hits: readonly LabelHit[], valueCells: ReadonlySet<string>): void {
  const labelCols = new Set(hits.map((h) => h.col));
  const known = new Set(hits.map((h) => address(h.row, h.col)));
  for (const { row, cells } of ctx.view.sheet.rows) {
    for (const [col, cell] of cells) {
      const here = address(row, col);
      if (!labelCols.has(col) || known.has(here) || valueCells.has(here)) continue;
      if (cell.text.length > 60 || !ctx.view.get(row, col + 1).cell?.text) continue;
      if (ctx.view.mergeAt(row, col + 1) === ctx.view.mergeAt(row, col) && ctx.view.mergeAt(row, col)) continue;
      unknownLabel(ctx, cell.text, here);
    }
  }
}
