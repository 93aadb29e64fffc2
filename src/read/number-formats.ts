/**
 * The number format of each cell style of an xlsx (styles.xml): the format code, and whether it
 * formats a date. Builtin format ids have no code in the file; their codes are those of ECMA-376
 * §18.8.30 as exceljs resolves them (so that both readers name the same code for the same cell).
 */
import { attributes } from './xml-text.js';

const BUILTIN_CODES: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** Builtin ids that format dates, including the East Asian ones (27-36, 50-58) whose codes depend on the locale. */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

export interface StyleFormat {
  code?: string;
  date: boolean;
}

/** Per cell style index (s="…"), its number format; styles without a number format are absent. */
export function styleFormats(xml: string | undefined): StyleFormat[] {
  const out: StyleFormat[] = [];
  if (!xml) return out;
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)\/?>/g)) {
    const a = attributes(m[1] ?? '');
    custom.set(Number(a.numFmtId), a.formatCode ?? '');
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  for (const m of xfs.matchAll(/<(?:\w+:)?xf\b([^>]*?)(?:\/>|>)/g)) {
    const id = Number(attributes(m[1] ?? '').numFmtId ?? 0);
    const code = custom.get(id);
    if (code !== undefined) out.push({ code, date: isDateFormat(code) });
    else
      out.push({
        ...(BUILTIN_CODES[id] !== undefined ? { code: BUILTIN_CODES[id] } : {}),
        date: BUILTIN_DATE_FORMATS.has(id),
      });
  }
  return out;
}
