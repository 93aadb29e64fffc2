/**
 * Finding billers in a sheet, by label. Two layouts are recognised per sheet:
 * - form: label cells with the value next to them (one biller per sheet);
 * - table: one header row of labels, one biller per row below it.
 * The field map says which texts are labels; no cell address is ever assumed.
 */
import type { FieldKey, FieldSpec, LoadedFieldMap } from './field-map.js';
import { normalizeLabel } from './field-map.js';
import { address, hasContent, SheetView, type CellOrigin, type GridSheet, type NormCell } from './grid.js';
import type { Issue } from './issues.js';

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
}

interface LabelHit { spec: FieldSpec; row: number; col: number }

export function extractBillers(file: string, sheets: readonly GridSheet[], fm: LoadedFieldMap): { billers: RawBiller[]; issues: Issue[] } {
  const billers: RawBiller[] = [];
  const issues: Issue[] = [];
  const examples = new Set(fm.map.exampleSheetNames.map(normalizeLabel));
  for (const sheet of sheets) {
    const note = (message: string, severity: Issue['severity'] = 'info') =>
      issues.push({ code: 'WORKSHEET.SHEET_IGNORED', severity, file, sheet: sheet.name, message });
    if (sheet.state !== 'visible') { note('hidden sheet, not read'); continue; }
    if (examples.has(normalizeLabel(sheet.name))) { note('example sheet, not read (the field map lists its name)'); continue; }
    const view = new SheetView(sheet);
    const hits = findLabels(view, fm);
    if (hits.length === 0) {
      if (sheet.rows.length > 0) note('no worksheet labels found in this sheet, so it was not read', 'warning');
      continue;
    }
    const ctx: SheetContext = { file, sheet: sheet.name, view, fm, issues };
    const header = tableHeaderRow(hits);
    if (header !== undefined) billers.push(...readTable(ctx, hits.filter((h) => h.row === header), header));
    else {
      const biller = readForm(ctx, hits);
      if (biller) billers.push(biller);
      else note('the form has labels but no values (a blank template?), so it was not read', 'warning');
    }
  }
  if (billers.length === 0 && !issues.some((i) => i.severity === 'error')) {
    issues.push({ code: 'WORKSHEET.NO_BILLER', severity: 'error', file, message: 'no sheet holds a biller: none has the worksheet labels with values (see the template: spectrum-convert template)' });
  }
  return { billers, issues };
}

interface SheetContext { file: string; sheet: string; view: SheetView; fm: LoadedFieldMap; issues: Issue[] }

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

/** A row holding three or more labels, and most of the sheet's labels, is a table header. */
function tableHeaderRow(hits: readonly LabelHit[]): number | undefined {
  const perRow = new Map<number, number>();
  for (const h of hits) perRow.set(h.row, (perRow.get(h.row) ?? 0) + 1);
  let best: [number, number] | undefined;
  for (const [row, count] of perRow) if (!best || count > best[1]) best = [row, count];
  return best && best[1] >= 3 && best[1] >= 0.6 * hits.length ? best[0] : undefined;
}

function origin(ctx: SheetContext, row: number, col: number): CellOrigin {
  return { file: ctx.file, sheet: ctx.sheet, cell: address(row, col) };
}

function duplicate(ctx: SheetContext, spec: FieldSpec, first: string, again: string): void {
  ctx.issues.push({
    code: 'WORKSHEET.DUPLICATE_FIELD', severity: 'error', file: ctx.file, sheet: ctx.sheet, cell: again, field: spec.label,
    message: `the field appears twice (labels at ${first} and ${again}); keep one of them`,
  });
}

function readForm(ctx: SheetContext, hits: readonly LabelHit[]): RawBiller | undefined {
  const fields: RawBiller['fields'] = {};
  const labelAt = new Map<FieldKey, string>();
  const valueCells = new Set<string>();
  const sorted = [...hits].sort((a, b) => a.row - b.row || a.col - b.col);
  for (const hit of sorted) {
    const here = address(hit.row, hit.col);
    if (valueCells.has(here)) continue; // a value that happens to read like a label
    const merge = ctx.view.mergeAt(hit.row, hit.col);
    const [vr, vc] = hit.spec.valueAt === 'below'
      ? [(merge?.bottom ?? hit.row) + 1, merge?.left ?? hit.col]
      : [merge?.top ?? hit.row, (merge?.right ?? hit.col) + 1];
    const value = ctx.view.get(vr, vc);
    valueCells.add(address(value.row, value.col));
    const first = labelAt.get(hit.spec.key);
    if (first !== undefined) { duplicate(ctx, hit.spec, first, here); continue; }
    labelAt.set(hit.spec.key, here);
    fields[hit.spec.key] = { spec: hit.spec, cell: hasContent(value.cell) ? value.cell : undefined, origin: origin(ctx, value.row, value.col) };
  }
  reportUnknownFormLabels(ctx, sorted, valueCells);
  return Object.values(fields).some((f) => f.cell) ? { file: ctx.file, sheet: ctx.sheet, layout: 'form', fields } : undefined;
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
  const guess = ctx.fm.closest(text);
  ctx.issues.push({
    code: 'WORKSHEET.UNKNOWN_LABEL', severity: 'warning', file: ctx.file, sheet: ctx.sheet, cell,
    message: `the label ${JSON.stringify(text.slice(0, 60))} matches no worksheet field, so its value was not read${guess ? `; did you mean "${guess.label}"?` : ''} (labels are listed in templates/worksheet-map.json)`,
  });
}

function readTable(ctx: SheetContext, headerHits: readonly LabelHit[], header: number): RawBiller[] {
  const columns = new Map<number, FieldSpec>();
  const labelAt = new Map<FieldKey, string>();
  for (const hit of headerHits) {
    const here = address(hit.row, hit.col);
    const first = labelAt.get(hit.spec.key);
    if (first !== undefined) { duplicate(ctx, hit.spec, first, here); continue; }
    labelAt.set(hit.spec.key, here);
    columns.set(hit.col, hit.spec);
  }
  const headerRow = ctx.view.sheet.rows.find((r) => r.row === header);
  for (const [col, cell] of headerRow?.cells ?? []) {
    if (!columns.has(col) && !headerHits.some((h) => h.col === col)) unknownLabel(ctx, cell.text, address(header, col));
  }
  const billers: RawBiller[] = [];
  for (const { row } of ctx.view.sheet.rows) {
    if (row <= header) continue;
    const fields: RawBiller['fields'] = {};
    let any = false;
    for (const [col, spec] of columns) {
      const value = ctx.view.get(row, col);
      const cell = hasContent(value.cell) ? value.cell : undefined;
      any ||= cell !== undefined;
      fields[spec.key] = { spec, cell, origin: origin(ctx, row, col) };
    }
    if (any) billers.push({ file: ctx.file, sheet: ctx.sheet, layout: 'table', row, fields });
  }
  return billers;
}
