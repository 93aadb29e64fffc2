/**
 * One cell of a sheet's XML as a grid cell that keeps its kind: the value by the cell's type and
 * style, a formula with its cached result, text from a shared string or inline runs.
 */
import { DATE1904_OFFSET, serialToDate } from '../core/excel-serial.js';
import type { NormCell } from '../core/grid.js';
import { booleanCell, dateCell, errorCell, formulaCell, numberCell, textCell } from './cells.js';
import { FastReadUnsupported } from './fast-read-unsupported.js';
import type { ReadLimits } from './limits.js';
import type { StyleFormat } from './number-formats.js';
import { decodeOoxmlEscapes, decodeXml, textRuns } from './xml-text.js';

/** What a cell needs beyond its own XML: the workbook's strings, styles, date system and limits. */
export interface SheetContext {
  strings: string[];
  styles: StyleFormat[];
  date1904: boolean;
  recalc: boolean;
  limits: ReadLimits;
}

const CELL_TYPES = new Set(['n', 's', 'str', 'inlineStr', 'b', 'e', 'd']);

export function cellValue(a: Record<string, string>, inner: string, ctx: SheetContext): NormCell | undefined {
  const v = /<(?:\w+:)?v\b[^>]*>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
  const t = a.t ?? 'n';
  if (!CELL_TYPES.has(t)) throw new FastReadUnsupported(`cell type ${t}`); // not a guess: exceljs decides
  if (/<(?:\w+:)?f\b/.test(inner)) {
    // An empty <v></v> is no result, exactly like a missing <v>: never the number 0.
    return formulaCell(v === undefined || v === '' ? undefined : storedValue(t, decodeXml(v), a.s, ctx), ctx.recalc);
  }
  if (t === 'inlineStr') {
    const is = /<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(inner)?.[1];
    return textCell(textRuns(is ?? ''));
  }
  if (v === undefined || v === '') return undefined;
  return storedValue(t, decodeXml(v), a.s, ctx);
}

/** A <v> value by the cell's type (t) and style (s). */
function storedValue(t: string, raw: string, style: string | undefined, ctx: SheetContext): NormCell | undefined {
  switch (t) {
    case 's': {
      const s = ctx.strings[Number(raw)];
      if (s === undefined || !/^\d+$/.test(raw)) throw new FastReadUnsupported(`shared string ${raw} missing`);
      return textCell(s);
    }
    case 'str':
    case 'inlineStr':
      return textCell(decodeOoxmlEscapes(raw));
    case 'b':
      return booleanCell(raw === '1' || raw.toLowerCase() === 'true');
    case 'e':
      return errorCell(raw);
    case 'd': {
      const format = style !== undefined ? ctx.styles[Number(style)]?.code : undefined;
      return dateCell(new Date(raw.endsWith('Z') || /[+-]\d\d:\d\d$/.test(raw) ? raw : `${raw}Z`), format);
    }
    default: {
      const n = Number(raw);
      if (!Number.isFinite(n)) return textCell(raw);
      const fmt = style !== undefined ? ctx.styles[Number(style)] : undefined;
      if (fmt?.date) {
        return dateCell(serialToDate(ctx.date1904 ? n + DATE1904_OFFSET : n), fmt.code);
      }
      return numberCell(n, fmt?.code);
    }
  }
}

export function withLink(cell: NormCell | undefined, target: string): NormCell | undefined {
  const link = target.replace(/^mailto:/i, '');
  const base = cell?.text ? cell : textCell(link);
  if (!base) return undefined;
  return link && link !== base.text ? { ...base, link } : base;
}
