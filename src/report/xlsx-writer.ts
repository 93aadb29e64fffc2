/**
 * A small streaming xlsx writer for reports: rows go out as they come (inline strings, no
 * shared-string table), each sheet deflated straight into the file by the zip writer, so memory
 * stays flat however many rows a night has. It writes just what a results workbook needs:
 * column widths, a frozen header row, an autofilter over the data, bold and coloured fonts,
 * solid fills and a date format. Strings are always text, never formulas.
 *
 * The parts follow ECMA-376 as Excel writes them; a test reads the output back with exceljs and
 * with our own reader, and checks it byte by byte through the zip's CRCs.
 */
import { columnName, quotedSheet } from './cell-ref.js';
import { chartXml, drawingXml, type ChartSpec } from './xlsx-chart.js';
import { xmlText } from './xml-escape.js';
import { Styles, type CellStyle } from './xlsx-styles.js';
import { ZipWriter, type ZipEntryWriter } from './zip-writer.js';

export type { CellStyle } from './xlsx-styles.js';
export type { ChartSpec } from './xlsx-chart.js';
export { columnName } from './cell-ref.js';

export type CellValue = string | number | boolean | Date | null | undefined;

export interface SheetColumn {
  header: string;
  width: number;
}

export interface SheetSpec<R> {
  name: string;
  columns: SheetColumn[];
  rows: Iterable<R>;
  /**
   * How many rows `rows` holds, when known before they are walked: the sheet then declares its range
   * (some readers, such as openpyxl in read-only mode and so pandas, size a sheet by it). It must be
   * exact; a wrong count throws once the rows are written, rather than leave a file that lies.
   */
  count?: number;
  /** The cells of one row, in column order. */
  values: (row: R) => CellValue[];
  /** A style for one cell of a data row (column index from 0), or undefined for none. */
  style?: (row: R, column: number) => CellStyle | undefined;
  /** A link from one cell to a place in the workbook (see `sheetLink`), or undefined for none. */
  link?: (row: R, column: number) => string | undefined;
  /**
   * false: a free-form sheet (a summary page): the rows start at row 1, with no header row, frozen
   * pane or auto-filter; the columns' headers are unused.
   */
  header?: boolean;
  /** A native chart drawn over the sheet. */
  chart?: ChartSpec;
}

/** Where a link inside the workbook points: 'Billers'!A5. */
export function sheetLink(sheetName: string, ref: string): string {
  return `${quotedSheet(sheetName)}!${ref}`;
}

/** A sheet of any row type, for the list `writeXlsx` takes (the row type only matters inside a spec). */
export function sheet<R>(spec: SheetSpec<R>): SheetSpec<unknown> {
  return spec as SheetSpec<unknown>;
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
/** Excel refuses a cell of more than 32,767 characters ("we found a problem with some content"). */
export const MAX_CELL_CHARS = 32_767;
/**
 * Flush the XML of a sheet to the compressor in pieces of about this many characters: small enough
 * that a piece stays in V8's young generation (a string over ~128 KB goes to large-object space and
 * lives until a full collection: 256 KB pieces grew the heap by 100 MB over a night's results).
 */
const CHUNK_CHARS = 32 * 1024;

/** Excel's serial date (1900 system) of an instant, read as UTC: what Excel shows is the UTC clock. */
function serial(d: Date): number {
  return d.getTime() / 86_400_000 + 25_569;
}

/** Sheet names: at most 31 characters, none of []:*?/\, not blank, unique (Excel's rules). */
function sheetName(name: string, taken: Set<string>): string {
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

interface SheetWritten {
  name: string;
  columns: number;
  lastRow: number;
  filter: boolean;
  chart?: ChartSpec | undefined;
}

/** Writes an xlsx of the given sheets to `path` (which must not exist), streaming every row. */
export async function writeXlsx(
  path: string,
  sheets: ReadonlyArray<SheetSpec<unknown>>,
  options: { creator?: string; created?: Date; level?: number } = {},
): Promise<void> {
  const created = options.created ?? new Date();
  const zip = new ZipWriter(path, options.level ?? 6, created);
  try {
    const styles = new Styles();
    const taken = new Set<string>();
    const written: SheetWritten[] = [];
    for (const [i, spec] of sheets.entries()) {
      const entry = await zip.entry(`xl/worksheets/sheet${i + 1}.xml`);
      written.push(await writeSheet(entry, spec, sheetName(spec.name, taken), i === 0, styles));
      await entry.close();
    }
    const charted = await writeCharts(zip, written);
    await zip.file('xl/styles.xml', styles.xml());
    await zip.file('xl/workbook.xml', workbookXml(written));
    await zip.file(
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${written.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${written.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    );
    await zip.file(
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${written.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}${charted}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
    );
    await zip.file(
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    );
    const when = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
    await zip.file(
      'docProps/core.xml',
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${xmlText(options.creator ?? '')}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`,
    );
    await zip.file(
      'docProps/app.xml',
      `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${xmlText(options.creator ?? 'spectrum-convert')}</Application></Properties>`,
    );
    await zip.close();
  } catch (e) {
    zip.destroy();
    throw e;
  }
}

/**
 * The chart parts of every sheet that has a chart: sheet → drawing → chart, each through its own
 * relationships part. Returns their content-type overrides.
 */
async function writeCharts(zip: ZipWriter, sheets: SheetWritten[]): Promise<string> {
  let types = '';
  let n = 0;
  for (const [i, s] of sheets.entries()) {
    if (!s.chart) continue;
    n++;
    const rel = (type: string, target: string) =>
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/${type}" Target="${target}"/></Relationships>`;
    await zip.file(`xl/worksheets/_rels/sheet${i + 1}.xml.rels`, rel('drawing', `../drawings/drawing${n}.xml`));
    await zip.file(`xl/drawings/drawing${n}.xml`, drawingXml(s.chart));
    await zip.file(`xl/drawings/_rels/drawing${n}.xml.rels`, rel('chart', `../charts/chart${n}.xml`));
    await zip.file(`xl/charts/chart${n}.xml`, chartXml(s.chart, s.name));
    types +=
      `<Override PartName="/xl/drawings/drawing${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>` +
      `<Override PartName="/xl/charts/chart${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`;
  }
  return types;
}

function workbookXml(sheets: SheetWritten[]): string {
  const filters = sheets
    .map((s, i) =>
      s.filter
        ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xmlText(s.name.replace(/'/g, "''"))}'!$A$1:$${columnName(s.columns - 1)}$${s.lastRow}</definedName>`
        : '',
    )
    .join('');
  return (
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>` +
    `<sheets>${sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>` +
    `${filters ? `<definedNames>${filters}</definedNames>` : ''}<calcPr calcId="191029"/></workbook>`
  );
}

/** One cell's XML; empty for a value a cell cannot show (an invalid date). */
function cell(ref: string, v: string | number | boolean | Date, style: number): string {
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
  return Number.isNaN(v.getTime()) ? '' : `<c r="${ref}"${s}><v>${serial(v)}</v></c>`;
}

async function writeSheet(
  out: ZipEntryWriter,
  spec: SheetSpec<unknown>,
  name: string,
  selected: boolean,
  styles: Styles,
): Promise<SheetWritten> {
  const letters = spec.columns.map((_, i) => columnName(i));
  const headed = spec.header !== false;
  const dateStyle = styles.index({ numFmt: DATE_FORMAT });
  const cols = spec.columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`)
    .join('');
  const dimension =
    spec.count !== undefined
      ? `<dimension ref="A1:${columnName(spec.columns.length - 1)}${spec.count + (headed ? 1 : 0)}"/>`
      : '';
  const pane = headed
    ? '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
    : '';
  // A page (header false) prints one page wide, as a person reads it; tables print as they fall.
  const fit = headed ? '' : '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
  let xml =
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${fit}${dimension}` +
    `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">${pane}</sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`;
  if (headed)
    xml += `<row r="1">${spec.columns.map((c, i) => cell(`${letters[i]}1`, c.header, styles.index({ bold: true }))).join('')}</row>`;
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
  const last = columnName(spec.columns.length - 1);
  // The order of these elements is fixed by the schema (CT_Worksheet): autoFilter, hyperlinks, pageMargins, drawing.
  xml +=
    `</sheetData>${headed ? `<autoFilter ref="A1:${last}${r}"/>` : ''}${links.length ? `<hyperlinks>${links.join('')}</hyperlinks>` : ''}` +
    `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>${headed ? '' : '<pageSetup orientation="portrait" fitToWidth="1" fitToHeight="0"/>'}${spec.chart ? '<drawing r:id="rId1"/>' : ''}</worksheet>`;
  await out.write(xml);
  return { name, columns: spec.columns.length, lastRow: r, filter: headed, chart: spec.chart };
}
