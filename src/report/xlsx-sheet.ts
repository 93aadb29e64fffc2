/**
 * One worksheet part of a written xlsx, streamed: the rows go to the compressor in small pieces as
 * they come, so a sheet of any length is written in flat memory.
 */
import { dateToSerial } from '../core/excel-serial.js';
import { columnName } from './cell-ref.js';
import { MAIN_NS, REL_NS, XML_HEAD } from './ooxml.js';
import type { SheetSpec } from './sheet-spec.js';
import type { ChartSpec } from './xlsx-chart.js';
import type { Styles } from './xlsx-styles.js';
import { xmlText } from './xml-escape.js';
import type { ZipEntryWriter } from './zip-writer.js';

const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
/** Excel refuses a cell of more than 32,767 characters ("we found a problem with some content"). */
export const MAX_CELL_CHARS = 32_767;
/**
 * Flush the XML of a sheet to the compressor in pieces of about this many characters: small enough
 * that a piece stays in V8's young generation (a string over ~128 KB goes to large-object space and
 * lives until a full collection: 256 KB pieces grew the heap by 100 MB over a night's results).
 */
const CHUNK_CHARS = 32 * 1024;
const FROZEN_HEADER =
  '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
  '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>';
const MARGINS = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';

/** What the workbook part needs to know of a sheet once it is written. */
export interface SheetWritten {
  name: string;
  columns: number;
  lastRow: number;
  filter: boolean;
  chart?: ChartSpec | undefined;
}

/** Sheet names: at most 31 characters, none of []:*?/\, not blank, unique (Excel's rules). */
export function sheetName(name: string, taken: Set<string>): string {
  const clean =
    name
      .replace(/[[\]:*?/\\]/g, '_')
      .replace(/^'|'$/g, '_')
      .trim() || 'Sheet';
  let base = clean.slice(0, 31);
  for (let n = 2; taken.has(base.toLowerCase()); n++) base = `${clean.slice(0, 31 - String(n).length - 1)}_${n}`;
  taken.add(base.toLowerCase());
  return base;
}

/** One cell's XML; empty for a value a cell cannot show (an invalid date). */
export function cell(ref: string, v: string | number | boolean | Date, style: number): string {
  const s = style ? ` s="${style}"` : '';
  if (typeof v === 'string') {
    const text = v.length > MAX_CELL_CHARS ? `${v.slice(0, MAX_CELL_CHARS - 1)}…` : v;
    return `<c r="${ref}" t="inlineStr"${s}><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`;
  }
  if (typeof v === 'boolean') return `<c r="${ref}" t="b"${s}><v>${v ? 1 : 0}</v></c>`;
  if (typeof v === 'number')
    return Number.isFinite(v)
      ? `<c r="${ref}"${s}><v>${v}</v></c>`
      : `<c r="${ref}" t="inlineStr"${s}><is><t>${v}</t></is></c>`;
  return Number.isNaN(v.getTime()) ? '' : `<c r="${ref}"${s}><v>${dateToSerial(v)}</v></c>`;
}

/** The sheet's XML up to its first data row: views, columns and (for a table) the header row. */
function sheetStart(spec: SheetSpec<unknown>, selected: boolean, styles: Styles, letters: string[]): string {
  const headed = spec.header !== false;
  const cols = spec.columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`)
    .join('');
  const dimension =
    spec.count !== undefined
      ? `<dimension ref="A1:${columnName(spec.columns.length - 1)}${spec.count + (headed ? 1 : 0)}"/>`
      : '';
  const pane = headed ? FROZEN_HEADER : '';
  // A page (header false) prints one page wide, as a person reads it; tables print as they fall.
  const fit = headed ? '' : '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
  let xml =
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${fit}${dimension}` +
    `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">${pane}</sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`;
  if (headed) {
    const bold = styles.index({ bold: true });
    xml += `<row r="1">${spec.columns.map((c, i) => cell(`${letters[i]}1`, c.header, bold)).join('')}</row>`;
  }
  return xml;
}

/** The sheet's XML after its last row, in the order CT_Worksheet fixes: autoFilter, hyperlinks, margins, drawing. */
function sheetEnd(spec: SheetSpec<unknown>, lastRow: number, links: string[]): string {
  const headed = spec.header !== false;
  const filter = headed ? `<autoFilter ref="A1:${columnName(spec.columns.length - 1)}${lastRow}"/>` : '';
  const hyperlinks = links.length ? `<hyperlinks>${links.join('')}</hyperlinks>` : '';
  const setup = headed ? '' : '<pageSetup orientation="portrait" fitToWidth="1" fitToHeight="0"/>';
  return (
    `</sheetData>${filter}${hyperlinks}${MARGINS}${setup}` + `${spec.chart ? '<drawing r:id="rId1"/>' : ''}</worksheet>`
  );
}

/** Writes one sheet's rows to its zip entry; throws when a declared count does not match. */
export async function writeSheet(
  out: ZipEntryWriter,
  spec: SheetSpec<unknown>,
  name: string,
  selected: boolean,
  styles: Styles,
): Promise<SheetWritten> {
  const letters = spec.columns.map((_, i) => columnName(i));
  const headed = spec.header !== false;
  const dateStyle = styles.index({ numFmt: DATE_FORMAT });
  let xml = sheetStart(spec, selected, styles, letters);
  const links: string[] = [];
  let r = headed ? 1 : 0;
  for (const row of spec.rows) {
    r++;
    const values = spec.values(row);
    let line = `<row r="${r}">`;
    for (let i = 0; i < letters.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      const given = spec.style?.(row, i);
      // A date gets the date format unless its style names another.
      const s =
        v instanceof Date
          ? given
            ? styles.index({ ...given, numFmt: given.numFmt ?? DATE_FORMAT })
            : dateStyle
          : styles.index(given);
      line += cell(`${letters[i]}${r}`, v, s);
      const to = spec.link?.(row, i);
      if (to)
        links.push(`<hyperlink ref="${letters[i]}${r}" location="${xmlText(to)}" display="${xmlText(String(v))}"/>`);
    }
    xml += `${line}</row>`;
    if (xml.length >= CHUNK_CHARS) {
      await out.write(xml);
      xml = '';
    }
  }
  const rows = r - (headed ? 1 : 0);
  if (spec.count !== undefined && rows !== spec.count)
    throw new Error(`sheet ${name}: ${rows} rows written but ${spec.count} declared`);
  await out.write(xml + sheetEnd(spec, r, links));
  return { name, columns: spec.columns.length, lastRow: r, filter: headed, chart: spec.chart };
}
