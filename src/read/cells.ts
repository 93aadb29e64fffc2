/**
 * The one place where a spreadsheet cell becomes text. Every shape exceljs can hand us is
 * handled here (see docs: pitfalls §1.2), so the rest of the tool only ever sees NormCell.
 */
import type { CellValue } from 'exceljs';
import type { NormCell } from '../core/grid.js';

// Trim also the spaces Unicode knows beyond ASCII: NBSP and friends arrive from web pages and Word.
const EDGE_SPACE = /^[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+|[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+$/g;

export function textCell(s: string): NormCell | undefined {
  const text = s.replace(EDGE_SPACE, '');
  if (text === '' && s === '') return undefined;
  return text === s ? { text } : { text, raw: s };
}

/** Numbers as a person reads them: no float noise (0.1+0.2 shows as 0.3), no exponent for ids. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(Number(n.toPrecision(15)));
}

const DAY = 86_400_000;
const SERIAL_ZERO = Date.UTC(1899, 11, 30); // serial 0 as exceljs (and we) build dates: (serial - 25569) days from 1970
const FEB_28_1900 = Date.UTC(1900, 1, 28);
const MAR_1_1900 = Date.UTC(1900, 2, 1);

/**
 * A date as Excel shows it. Excel dates are zoneless (exceljs builds them as UTC, so read them back
 * with UTC getters), rounded to the second as Excel displays them. Excel's 1900 calendar counts a
 * 29 February 1900 that never was (serial 60), so serials 1-59 are a day later than plain day
 * arithmetic gives, and 60 is that fictitious day; a serial below 1 is a time of day alone.
 */
export function dateText(d: Date): string {
  const ms = Math.round(d.getTime() / 1000) * 1000;
  if (Number.isNaN(ms)) return '';
  if (ms >= SERIAL_ZERO && ms < SERIAL_ZERO + DAY) return new Date(ms).toISOString().slice(11, 19);
  if (ms >= FEB_28_1900 && ms < MAR_1_1900) {
    const time = new Date(ms).toISOString().slice(10, 19);
    return time === 'T00:00:00' ? '1900-02-29' : `1900-02-29${time}`;
  }
  const iso = new Date(ms >= SERIAL_ZERO + DAY && ms < FEB_28_1900 ? ms + DAY : ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

function richText(v: { richText?: Array<{ text?: unknown }> }): string {
  return (v.richText ?? []).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
}

/** Normalise one exceljs cell value; undefined when the cell is empty. */
export function normaliseValue(value: CellValue | undefined): NormCell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return textCell(value);
  if (typeof value === 'number') return { text: numberText(value) };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: dateText(value) };
  if (typeof value !== 'object') return textCell(String(value));

  const v = value as unknown as Record<string, unknown>;
  if ('error' in v) return { text: '', note: 'error-value', error: String(v.error) };
  if ('richText' in v) return textCell(richText(v as { richText: Array<{ text?: unknown }> }));
  if ('hyperlink' in v) {
    // The shown text may itself be rich text (exceljs#1988); the target may be mailto:.
    const shown = typeof v.text === 'string' ? v.text : v.text && typeof v.text === 'object' ? richText(v.text as { richText: [] }) : '';
    const link = typeof v.hyperlink === 'string' ? v.hyperlink.replace(/^mailto:/i, '') : '';
    const cell = textCell(shown || link);
    if (!cell) return undefined;
    return link && link !== cell.text ? { ...cell, link } : cell;
  }
  if ('formula' in v || 'sharedFormula' in v) {
    if (!('result' in v) || v.result === undefined) return { text: '', note: 'formula-no-result' };
    const result = normaliseValue(v.result as CellValue);
    return result ?? undefined;
  }
  return undefined;
}
