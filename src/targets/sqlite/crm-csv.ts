/** The CRM export file: a header row, then biller_id,section,key,value per setting (see README). */
import { parse } from 'csv-parse/sync';
import type { CrmRow, RowError } from '../../core/crm-rows.js';
import { decodeText } from '../../read/decode-text.js';

const CRM_CSV_HEADER = ['biller_id', 'section', 'key', 'value'] as const;

export function parseCrmCsv(buf: Buffer): { rows: Array<{ line: number; row: CrmRow }>; errors: RowError[] } {
  const { text } = decodeText(buf);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    return { rows: [], errors: [{ line: err.lines ?? 0, message: `the csv cannot be parsed: ${err.message}` }] };
  }
  const [head, ...body] = records;
  const header = head?.record.map((h) => h.trim().toLowerCase()) ?? [];
  if (CRM_CSV_HEADER.some((h, i) => header[i] !== h)) {
    return {
      rows: [],
      errors: [
        {
          line: 1,
          message: `the header must start with ${CRM_CSV_HEADER.join(',')} (found ${header.join(',') || 'nothing'})`,
        },
      ],
    };
  }
  const rows: Array<{ line: number; row: CrmRow }> = [];
  const errors: RowError[] = [];
  for (const { record, info } of body) {
    if (record.length < 3) {
      errors.push({ line: info.lines, message: `expected 4 columns, found ${record.length}` });
      continue;
    }
    const [billerId = '', section = '', key = '', value = ''] = record.map(unguard);
    rows.push({ line: info.lines, row: { billerId, section: section.trim(), key, value } });
  }
  return { rows, errors };
}

/**
 * A spreadsheet runs a cell that starts with = + - @ tab or CR as a formula (OWASP, "CSV
 * injection"): such a field is written with a leading apostrophe, which spreadsheets show as
 * text, and import takes it off again. A field that itself starts with apostrophes before such a
 * character gets one more, so import then export gives the same bytes.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

export function guard(v: string): string {
  return FORMULA_START.test(v) ? `'${v}` : v;
}

function unguard(v: string): string {
  return GUARDED.test(v) ? v.slice(1) : v;
}

function field(raw: string): string {
  const v = guard(raw);
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

export function formatCrmCsv(rows: readonly CrmRow[]): string {
  const lines = [CRM_CSV_HEADER.join(',')];
  for (const r of rows) lines.push([r.billerId, r.section, r.key, r.value].map(field).join(','));
  return `${lines.join('\n')}\n`;
}
