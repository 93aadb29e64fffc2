/**
 * Dates typed into worksheets. A real date cell arrives already as ISO text (the reader turns
 * Excel's zoneless date into YYYY-MM-DD with UTC getters); this module reads what people type
 * into text cells and csv files, and rejects what is not a calendar date.
 */
import { serialToDate } from './excel-serial.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export type DateOrder = 'MDY' | 'DMY';

export type DateParse = { ok: true; iso: string; fromSerial?: true } | { ok: false; reason: string };

/** Excel's day 0 is 1899-12-30 (it counts the phantom 1900-02-29). */
export function excelSerialToIso(serial: number): string {
  return serialToDate(serial).toISOString().slice(0, 10);
}

function iso(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function month(name: string): number | undefined {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 ? undefined : i + 1;
}

/** Read a date as people type it; the order decides what 03/04/2026 means. */
export function parseDate(text: string, order: DateOrder): DateParse {
  const t = text.trim();
  const bad = (reason: string): DateParse => ({ ok: false, reason });
  const done = (value: string | undefined): DateParse =>
    value ? { ok: true, iso: value } : bad('that day does not exist');
  let m: RegExpExecArray | null;

  // ISO, optionally with a time part that we ignore: 2026-12-01, 2026/12/01, 2026-12-01T00:00:00.
  if (
    (m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      t,
    ))
  ) {
    return done(iso(Number(m[1]), Number(m[2]), Number(m[3])));
  }
  // Numeric with the year last: 12/01/2026, 1-12-2026, 01.12.2026.
  if ((m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?$/i.exec(t))) {
    if (m[3]?.length === 2) return bad('write the year with four digits');
    const [a, b] = [Number(m[1]), Number(m[2])];
    return order === 'MDY' ? done(iso(Number(m[3]), a, b)) : done(iso(Number(m[3]), b, a));
  }
  // Day and month name: 1 Dec 2026, 1-Dec-2026, 01 December 2026.
  if ((m = /^(\d{1,2})[-\s.]([A-Za-z]{3,9})\.?[-\s.,]+(\d{4})$/.exec(t))) {
    const mo = month(m[2] ?? '');
    return mo ? done(iso(Number(m[3]), mo, Number(m[1]))) : bad('unknown month name');
  }
  // Month name first: Dec 1, 2026; December 1 2026; Tuesday, December 1, 2026.
  if ((m = /^(?:[A-Za-z]+,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(t))) {
    const mo = month(m[1] ?? '');
    return mo ? done(iso(Number(m[3]), mo, Number(m[2]))) : bad('unknown month name');
  }
  // A bare number: an Excel serial that lost its date format (a csv, or a cell styled as General).
  if ((m = /^(\d{5})(?:\.\d+)?$/.exec(t))) {
    const serial = Number(m[1]);
    if (serial >= 36526 && serial <= 73051) return { ok: true, iso: excelSerialToIso(serial), fromSerial: true };
  }
  return bad('not a date');
}

/**
 * A numeric date whose day and month could be swapped (06/07/2030: 7 June or 6 July): both parts
 * 12 or less and different. The field map's dateOrder says which one the tool would pick, but a
 * worksheet typed in another country means the other: a conversion a month early is worse than a
 * morning's fix, so such a date is refused. undefined when the text reads one way only.
 */
export function twoReadings(text: string): [string, string] | undefined {
  const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (a > 12 || b > 12 || a === b || a < 1 || b < 1) return undefined;
  const mdy = iso(y, a, b);
  const dmy = iso(y, b, a);
  return mdy && dmy ? [mdy, dmy] : undefined;
}
