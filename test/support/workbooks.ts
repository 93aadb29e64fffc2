/**
 * Worksheets built in code for tests, examples and benchmarks. Labels come from the real field
 * map, so a renamed label in templates/worksheet-map.json flows through every test.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { FieldKey } from '../../src/core/field-map.js';
import { defaultFieldMapPath } from '../../src/paths.js';

interface MapField {
  key: FieldKey;
  label: string;
  aliases: string[];
}
export const MAP_FIELDS: MapField[] = (JSON.parse(readFileSync(defaultFieldMapPath, 'utf8')) as { fields: MapField[] })
  .fields;
export const LABEL = Object.fromEntries(MAP_FIELDS.map((f) => [f.key, f.label])) as Record<FieldKey, string>;

export type FieldValues = Partial<Record<FieldKey, ExcelJS.CellValue>>;

/** Hex digits from a number, for deterministic GUIDs. */
function hex(n: number, width: number): string {
  return (n >>> 0).toString(16).toUpperCase().padStart(width, '0').slice(-width);
}

function guid(n: number, salt = 0xa1): string {
  return `${hex(n * 2654435761 + salt, 8)}-${hex(n, 4)}-4${hex(salt, 3)}-8${hex(n * 7, 3)}-${hex(n * 97 + salt, 12)}`;
}

/** A complete, valid biller; secrets carry the biller number so leak tests can search for them. */
export function sampleBiller(n: number, overrides: FieldValues = {}): FieldValues {
  return {
    billerName: `Town of Sample ${n}`,
    billerId: guid(n),
    conversionDate: new Date(Date.UTC(2026, 10, 1)),
    rtdrUrl: `https://rtdr${n}.spectrum.example.com/rtdr`,
    rtdrUsername: `rtdr-user-${n}`,
    rtdrPrivateKey: `rtdrKEY${n}!x`,
    rtdrPassword: `rtdrPW-${n}-secret`,
    paymentsUrl: `https://pay${n}.spectrum.example.com/datapump`,
    paymentsUsername: `pay-user-${n}`,
    paymentsPrivateKey: `payKEY${n}!y`,
    paymentsPassword: `payPW-${n}-secret`,
    ftpUsername: `sample${n}`,
    invoiceFormatGuid: guid(n, 0x1f),
    paymentDataPumpSelections: 'Terminal: Main Office; PayPal',
    billerContact: `clerk${n}@sample.example.org`,
    ...overrides,
  };
}

export interface FormSheet {
  name: string;
  fields: FieldValues;
  /** Use another label for some fields (an alias, a typo). */
  labels?: Partial<Record<FieldKey, string>>;
  /** Extra label/value rows after the fields. */
  extra?: Array<[string, ExcelJS.CellValue]>;
  /** First row and label column (default A3, value in B). */
  startRow?: number;
  labelColumn?: number;
  state?: 'visible' | 'hidden' | 'veryHidden';
}

export function addFormSheet(wb: ExcelJS.Workbook, sheet: FormSheet): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheet.name, { state: sheet.state ?? 'visible' });
  const col = sheet.labelColumn ?? 1;
  ws.getCell(1, col).value = 'IMT Implementation Worksheet';
  let row = sheet.startRow ?? 3;
  for (const [key, value] of Object.entries(sheet.fields) as Array<[FieldKey, ExcelJS.CellValue]>) {
    ws.getCell(row, col).value = sheet.labels?.[key] ?? LABEL[key];
    if (value !== undefined) ws.getCell(row, col + 1).value = value;
    row++;
  }
  for (const [label, value] of sheet.extra ?? []) {
    ws.getCell(row, col).value = label;
    ws.getCell(row, col + 1).value = value;
    row++;
  }
  return ws;
}

export async function formWorkbook(...sheets: FormSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) addFormSheet(wb, s);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function addTableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  billers: FieldValues[],
  headerRow = 1,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  const keys = [...new Set(billers.flatMap((b) => Object.keys(b)))] as FieldKey[];
  keys.forEach((k, i) => {
    ws.getCell(headerRow, i + 1).value = LABEL[k];
  });
  billers.forEach((b, r) =>
    keys.forEach((k, i) => {
      const v = b[k];
      if (v !== undefined) ws.getCell(headerRow + 1 + r, i + 1).value = v;
    }),
  );
  return ws;
}

export async function tableWorkbook(name: string, billers: FieldValues[], headerRow = 1): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  addTableSheet(wb, name, billers, headerRow);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A plain cell value (text, number, boolean) as its text; nothing as ''. Rich text, links and
 * formulas have no one text, so a test that passes one here is wrong and is told so.
 */
export function plainText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`not a plain value: ${JSON.stringify(v)}`);
}

/** The biller id of a sample (text, as sampleBiller makes it). */
export function billerIdOf(b: FieldValues): string {
  return plainText(b.billerId);
}

function csvField(v: ExcelJS.CellValue, d: string): string {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : plainText(v);
  return s.includes(d) || s.includes('"') || /[\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvText(billers: FieldValues[], delimiter = ',', eol = '\r\n'): string {
  const keys = [...new Set(billers.flatMap((b) => Object.keys(b)))] as FieldKey[];
  const lines = [keys.map((k) => csvField(LABEL[k], delimiter)).join(delimiter)];
  for (const b of billers) lines.push(keys.map((k) => csvField(b[k] ?? '', delimiter)).join(delimiter));
  return lines.join(eol) + eol;
}
