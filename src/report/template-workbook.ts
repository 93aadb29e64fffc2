/**
 * The blank IMT Implementation Worksheet, built from the field map so that the template and
 * the reader can never disagree: a form sheet to fill in (label, input cell, hint) and an
 * example sheet, filled in, that the reader skips by name.
 */
import ExcelJS from 'exceljs';
import type { FieldSpec, LoadedFieldMap } from '../core/field-map.js';

const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9DB' } };
const REQUIRED_FONT: Partial<ExcelJS.Font> = { bold: true };
const HINT_FONT: Partial<ExcelJS.Font> = { italic: true, color: { argb: 'FF595959' } };
const FIXED_DATE = new Date(Date.UTC(2026, 0, 1));

export const TEMPLATE_SHEET = 'Worksheet';
export const FIRST_FIELD_ROW = 4;

/** The label as shown: required fields carry a '*' (the reader ignores it when matching). */
function shownLabel(spec: FieldSpec): string {
  return spec.required ? `${spec.label} *` : spec.label;
}

/** What each field type accepts, as Excel's data validation checks it while a person types. */
const RULES: Record<FieldSpec['type'], (ref: string) => Omit<ExcelJS.DataValidation, 'allowBlank'>> = {
  date: () => ({
    type: 'date',
    operator: 'greaterThan',
    formulae: [new Date(Date.UTC(2000, 0, 1))],
    errorTitle: 'Not a date',
    error: 'Enter a date, e.g. 2026-12-01.',
  }),
  guid: () => ({
    type: 'textLength',
    operator: 'between',
    formulae: [36, 38],
    errorTitle: 'Not a GUID',
    error: 'A GUID has 32 hex digits as 8-4-4-4-12.',
  }),
  httpsUrl: (ref) => ({
    type: 'custom',
    formulae: [`LEFT(${ref},8)="https://"`],
    errorTitle: 'Not https',
    error: 'The URL must start with https://',
  }),
  secret: (ref) => ({
    type: 'custom',
    formulae: [`AND(ISERROR(FIND("|",${ref})),LEN(${ref})=LEN(TRIM(${ref})))`],
    errorTitle: 'Not allowed',
    error: "No '|' and no leading or trailing space.",
  }),
  list: () => ({
    type: 'textLength',
    operator: 'lessThanOrEqual',
    formulae: [4000],
    errorTitle: 'Too long',
    error: 'At most 4000 characters.',
  }),
  text: () => ({
    type: 'textLength',
    operator: 'lessThanOrEqual',
    formulae: [255],
    errorTitle: 'Too long',
    error: 'At most 255 characters.',
  }),
};

function validationFor(spec: FieldSpec, ref: string): ExcelJS.DataValidation {
  const prompt = {
    showInputMessage: true,
    promptTitle: spec.label.slice(0, 32),
    prompt: spec.hint.slice(0, 255),
    showErrorMessage: true,
    errorStyle: 'stop',
    allowBlank: true,
  };
  return { ...prompt, ...RULES[spec.type](ref) };
}

function exampleValue(spec: FieldSpec): string | Date {
  if (spec.type === 'date') {
    const [y, m, d] = spec.example.split('-').map(Number);
    return new Date(Date.UTC(y ?? 2026, (m ?? 1) - 1, d ?? 1));
  }
  return spec.example;
}

function addFormSheet(wb: ExcelJS.Workbook, name: string, fm: LoadedFieldMap, filled: boolean): void {
  const ws = wb.addWorksheet(name, { views: [{ showGridLines: false }] });
  ws.columns = [{ width: 36 }, { width: 52 }, { width: 90 }];
  const title = ws.getCell('A1');
  title.value = filled
    ? 'IMT Implementation Worksheet: EXAMPLE (this sheet is not read)'
    : 'IMT Implementation Worksheet';
  title.font = { bold: true, size: 14 };
  ws.getCell('A2').value =
    'One biller per sheet: fill in column B (copy this sheet for more billers). Fields marked * are required.';
  ws.getCell('A2').font = HINT_FONT;
  let row = FIRST_FIELD_ROW;
  let section = '';
  for (const spec of fm.map.fields) {
    if (spec.section !== section) {
      if (section !== '') row++;
      section = spec.section;
      const head = ws.getCell(row, 1);
      head.value = section;
      head.font = { bold: true, color: { argb: 'FF1F4E79' } };
      row++;
    }
    const label = ws.getCell(row, 1);
    label.value = shownLabel(spec);
    if (spec.required) label.font = REQUIRED_FONT;
    const input = ws.getCell(row, 2);
    input.fill = INPUT_FILL;
    input.border = { bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } } };
    // Text format keeps GUIDs, leading zeros and long digit strings exactly as typed.
    input.numFmt = spec.type === 'date' ? 'yyyy-mm-dd' : '@';
    input.dataValidation = validationFor(spec, input.address);
    if (filled) input.value = exampleValue(spec);
    const hint = ws.getCell(row, 3);
    hint.value = spec.hint;
    hint.font = HINT_FONT;
    row++;
  }
}

export function buildTemplate(fm: LoadedFieldMap): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'spectrum-convert';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  addFormSheet(wb, TEMPLATE_SHEET, fm, false);
  addFormSheet(wb, fm.map.exampleSheetNames[0] ?? 'Example', fm, true);
  return wb;
}

export async function writeTemplate(fm: LoadedFieldMap, path: string): Promise<void> {
  await buildTemplate(fm).xlsx.writeFile(path);
}
