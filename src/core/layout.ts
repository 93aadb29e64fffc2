/**
 * Finding billers in a sheet, by label. Two layouts are recognised per sheet:
 * - form: label cells with the value next to them (one biller per sheet);
 * - table: one header row of labels, one biller per row below it.
 * The field map says which texts are labels; no cell address is ever assumed.
 */
import type { FieldKey, FieldSpec, LoadedFieldMap } from './field-map.js';
import { normalizeLabel } from './field-map.js';
import { SheetView, type CellOrigin, type GridSheet, type NormCell } from './grid.js';
import type { Issue, IssueCode } from './issues.js';
import type { LabelHit, SheetContext } from './layout-context.js';
import { readForm } from './layout-form.js';
import { readTable } from './layout-table.js';

interface RawField {
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
    if (sheet.state !== 'visible') note('hidden sheet, not read');
    else if (examples.has(normalizeLabel(sheet.name))) note('example sheet, not read (the field map lists its name)');
    else billers.push(...readSheet({ file, sheet: sheet.name, view: new SheetView(sheet), fm, issues }, note));
  }
  if (billers.length === 0 && !issues.some((i) => i.severity === 'error')) {
    issues.push({
      code: 'WORKSHEET.NO_BILLER',
      severity: 'error',
      file,
      message:
        'no sheet holds a biller: none has the worksheet labels with values ' +
        '(see the template: spectrum-convert template)',
    });
  }
  return { billers, issues };
}

/** One visible sheet: a table if one row holds most labels, else a form; a sheet without labels is noted. */
function readSheet(ctx: SheetContext, note: (message: string, severity: Issue['severity']) => void): RawBiller[] {
  const hits = findLabels(ctx.view, ctx.fm);
  if (hits.length === 0) {
    if (ctx.view.sheet.rows.length > 0) note('no worksheet labels found in this sheet, so it was not read', 'warning');
    return [];
  }
  const header = tableHeaderRow(hits);
  if (header !== undefined)
    return readTable(
      ctx,
      hits.filter((h) => h.row === header),
      header,
    );
  const biller = readForm(ctx, hits);
  if (!biller) note('the form has labels but no values (a blank template?), so it was not read', 'warning');
  return biller ? [biller] : [];
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
