/**
 * Finding billers in a sheet, by label. Two layouts are recognised per sheet:
 * - form: label cells with the value next to them (one biller per sheet);
 * - table: one header row of labels, one biller per row below it.
 * The field map says which texts are labels; no cell address is ever assumed.
 */
import type { FieldKey, FieldSpec, LoadedFieldMap } from './field-map.js';
import { normalizeLabel } from './field-map.js';
import { address, hasContent, SheetView, type CellOrigin, type GridSheet, type NormCell } from './grid.js';
import type { Issue, IssueCode } from './issues.js';
import { labelShown, readsAsLabel } from './label-quote.js';
import { checkBesideLabel, headerRepeated, repeatedHeaderRows } from './layout-checks.js';

export interface RawField {
  spec: FieldSpec;
  /** The value cell; undefined when the cell is empty. */
  cell: NormCell | undefined;
  origin: CellOrigin;
}

/** A biller as found in a sheet, before validation. */
export interface RawBiller {
  file: string;
  sheet: string;
  layout: 'form' | 'table';
  /** The row of a table layout biller. */
  row?: number;
  fields: Partial<Record<FieldKey, RawField>>;
  /** Codes of layout errors (reported once, in the sheet's issues) that make this biller invalid. */
  layoutErrors?: IssueCode[];
}

interface LabelHit {
  spec: FieldSpec;
  row: number;
  col: number;
}

export function extractBillers(
  file: string,
  sheets: readonly GridSheet[],
  fm: LoadedFieldMap,
): { billers: RawBiller[]; issues: Issue[] } {
  const billers: RawBiller[] = [];
  const issues: Issue[] = [];
  const examples = new Set(fm.map.exampleSheetNames.map(normalizeLabel));
  for (const sheet of sheets) {
    const note = (message: string, severity: Issue['severity'] = 'info') =>
      issues.push({ code: 'WORKSHEET.SHEET_IGNORED', severity, file, sheet: sheet.name, message });
    if (sheet.state !== 'visible') {
      note('hidden sheet, not read');
      continue;
    }
    if (examples.has(normalizeLabel(sheet.name))) {
      note('example sheet, not read (the field map lists its name)');
      continue;
    }
    const view = new SheetView(sheet);
    const hits = findLabels(view, fm);
    if (hits.length === 0) {
      if (sheet.rows.length > 0) note('no worksheet labels found in this sheet, so it was not read', 'warning');
      continue;
    }
    const ctx: SheetContext = { file, sheet: sheet.name, view, fm, issues };
    const header = tableHeaderRow(hits);
    if (header !== undefined)
      billers.push(
        ...readTable(
          ctx,
          hits.filter((h) => h.row === header),
          header,
        ),
      );
    else {
      const biller = readForm(ctx, hits);
      if (biller) billers.push(biller);
      else note('the form has labels but no values (a blank template?), so it was not read', 'warning');
    }
  }
  if (billers.length === 0 && !issues.some((i) => i.severity === 'error')) {
    issues.push({
      code: 'WORKSHEET.NO_BILLER',
      severity: 'error',
      file,
      message:
        'no sheet holds a biller: none has the worksheet labels with values (see the template: spectrum-convert template)',
    });
  }
  return { billers, issues };
}

interface SheetContext {
  file: string;
  sheet: string;
  view: SheetView;
  fm: LoadedFieldMap;
  issues: Issue[];
}

function findLabels(view: SheetView, fm: LoadedFieldMap): LabelHit[] {
  const hits: LabelHit[] = [];
  for (const { row, cells } of view.sheet.rows) {
    for (const [col, cell] of cells) {
      const spec = fm.match(cell.text);
      if (spec) hits.push({ spec, row, col });
    }
  }
  return hits;
}

/**
 * A row holding three or more labels, and most of the sheet's labels, is a table header. Rows that
 * repeat it (mostly the same labels, in any order) do not count against it: a repeated header is a
 * table to refuse (WORKSHEET.HEADER_REPEATED), not a form to read.
 */
function tableHeaderRow(hits: readonly LabelHit[]): number | undefined {
  const perRow = new Map<number, LabelHit[]>();
  for (const h of hits) perRow.set(h.row, [...(perRow.get(h.row) ?? []), h]);
  let best: LabelHit[] | undefined;
  for (const row of [...perRow.values()].sort((a, b) => (a[0]?.row ?? 0) - (b[0]?.row ?? 0)))
    if (!best || row.length > best.length) best = row;
  if (!best || best.length < 3) return undefined;
  const header = new Set(best.map((h) => h.spec.key));
  let repeats = 0;
  for (const row of perRow.values()) {
    if (row !== best && row.filter((h) => header.has(h.spec.key)).length >= Math.max(3, 0.6 * best.length))
      repeats += row.length;
  }
  return best.length >= 0.6 * (hits.length - repeats) ? best[0]?.row : undefined;
}

function origin(ctx: SheetContext, row: number, col: number): CellOrigin {
  return { file: ctx.file, sheet: ctx.sheet, cell: address(row, col) };
}

/** A field given twice: the reader will not choose, so the biller (or the whole table) is invalid. */
function duplicate(ctx: SheetContext, spec: FieldSpec, first: string, again: string): Issue {
  return {
    code: 'WORKSHEET.DUPLICATE_FIELD',
    severity: 'error',
    file: ctx.file,
    sheet: ctx.sheet,
    cell: again,
    field: spec.label,
    message: `the field appears twice (labels at ${first} and ${again}), so this biller was not converted; keep one of them`,
  };
}

function readForm(ctx: SheetContext, hits: readonly LabelHit[]): RawBiller | undefined {
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
    const merge = ctx.view.mergeAt(hit.row, hit.col);
    const [vr, vc] =
      hit.spec.valueAt === 'below'
        ? [(merge?.bottom ?? hit.row) + 1, merge?.left ?? hit.col]
        : [merge?.top ?? hit.row, (merge?.right ?? hit.col) + 1];
    const value = ctx.view.get(vr, vc);
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

function unknownLabel(ctx: SheetContext, text: string, cell: string): void {
  // Never quote what could be a value (a secret in a misread sheet): see label-quote.ts.
  const label = readsAsLabel(text, ctx.fm);
  const guess = label ? ctx.fm.closest(text) : undefined;
  ctx.issues.push({
    code: 'WORKSHEET.UNKNOWN_LABEL',
    severity: 'warning',
    file: ctx.file,
    sheet: ctx.sheet,
    cell,
    message: `${labelShown(text, ctx.fm)} matches no worksheet field, so its value was not read${guess ? `; did you mean "${guess.label}"?` : ''} (labels are listed in templates/worksheet-map.json)`,
  });
}

function readTable(ctx: SheetContext, headerHits: readonly LabelHit[], header: number): RawBiller[] {
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
