/**
 * The one place where a spreadsheet cell becomes a NormCell. Every shape exceljs can hand us is
 * handled here (see docs: pitfalls §1.2); the fast reader builds its cells with the same helpers,
 * so both readers give the same kind, text, number and format for the same cell.
 */
import type { CellValue } from 'exceljs';
import type { NormCell, ResultKind } from '../core/grid.js';
import { dateToSerial } from '../core/excel-serial.js';

// Trim also the spaces Unicode knows beyond ASCII: NBSP and friends arrive from web pages and Word.
const EDGE_SPACE = /^[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+|[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+$/g;

export function textCell(s: string): NormCell | undefined {
  const text = s.replace(EDGE_SPACE, '');
  if (text === '' && s === '') return undefined;
  return text === s ? { kind: 'text', text } : { kind: 'text', text, raw: s };
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

/** A number format code worth keeping: General (or none) is left out. */
function formatOf(code: string | undefined): { format?: string } {
  return code && !/^general$/i.test(code.trim()) ? { format: code } : {};
}

export function numberCell(n: number, format?: string): NormCell {
  return { kind: 'number', text: numberText(n), number: n, ...formatOf(format) };
}

/** A date as the 1900-system serial Excel stores (from a Date built as UTC, as both readers build it). */
export function dateCell(d: Date, format?: string): NormCell | undefined {
  if (Number.isNaN(d.getTime())) return undefined;
  return { kind: 'date', text: dateText(d), number: dateToSerial(d), ...formatOf(format) };
}

export function booleanCell(b: boolean): NormCell {
  return { kind: 'boolean', text: b ? 'TRUE' : 'FALSE' };
}

export function errorCell(error: string): NormCell {
  return { kind: 'error', text: '', error };
}

/** A formula, from its cached result as a cell (undefined: the file holds no result). */
export function formulaCell(result: NormCell | undefined, recalc: boolean): NormCell {
  const kind: ResultKind = result ? (result.kind === 'formula' ? 'none' : result.kind) : 'none';
  const cell: NormCell = { ...(result ?? { text: '' }), kind: 'formula', result: kind };
  return recalc ? { ...cell, recalc: true } : cell;
}

function richText(v: { richText?: Array<{ text?: unknown }> }): string {
  return (v.richText ?? []).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
}

export interface CellContext {
  /** The cell's number format code (exceljs: cell.numFmt). */
  format?: string | undefined;
  /** The workbook asks to be recalculated when opened. */
  recalc?: boolean;
}

/** Normalise one exceljs cell value; undefined when the cell is empty. */
export function normaliseValue(value: CellValue | undefined, ctx: CellContext = {}): NormCell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return textCell(value);
  if (typeof value === 'number') return numberCell(value, ctx.format);
  if (typeof value === 'boolean') return booleanCell(value);
  if (value instanceof Date) return dateCell(value, ctx.format);
  if (typeof value !== 'object') return textCell(String(value));

  const v = value as unknown as Record<string, unknown>;
  if ('error' in v) return errorCell(String(v.error));
  if ('richText' in v) return textCell(richText(v));
  if ('hyperlink' in v) return hyperlinkCell(v, ctx);
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v.result === undefined ? undefined : normaliseValue(v.result as CellValue, ctx);
    return formulaCell(result, ctx.recalc === true);
  }
  return undefined;
}

function hyperlinkCell(v: Record<string, unknown>, ctx: CellContext): NormCell | undefined {
  // The shown text may itself be rich text (exceljs#1988) or a number; the target may be mailto:.
  const shown =
    typeof v.text === 'string' || typeof v.text === 'number'
      ? v.text
      : v.text && typeof v.text === 'object'
        ? richText(v.text)
        : '';
  const link = typeof v.hyperlink === 'string' ? v.hyperlink.replace(/^mailto:/i, '') : '';
  const cell = typeof shown === 'number' ? numberCell(shown, ctx.format) : textCell(shown || link);
  if (!cell) return undefined;
  return link && link !== cell.text ? { ...cell, link } : cell;
}
