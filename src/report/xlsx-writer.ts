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
import { ZipWriter, type ZipEntryWriter } from './zip-writer.js';

export type CellValue = string | number | boolean | Date | null | undefined;

export interface CellStyle { bold?: boolean; color?: string; fill?: string; numFmt?: string }

export interface SheetColumn { header: string; width: number }

export interface SheetSpec<R> {
  name: string;
  columns: SheetColumn[];
  rows: Iterable<R>;
  /** The cells of one row, in column order. */
  values: (row: R) => CellValue[];
  /** A style for one cell of a data row (column index from 0), or undefined for none. */
  style?: (row: R, column: number) => CellStyle | undefined;
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

/** Characters XML 1.0 cannot hold (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF), and the markup ones. */
const NEEDS_ESCAPE = /[&<>"\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]|_x[0-9a-fA-F]{4}_/;
const ESCAPES = /[&<>"\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|_(?=x[0-9a-fA-F]{4}_)/g;

/**
 * Text as XML character data. Controls XML cannot hold are written the OOXML way (`_x0001_`), which
 * Excel shows as the character; CR as a character reference (XML readers turn a raw CR into LF); a literal `_x0041_` in the text has its underscore escaped
 * (`_x005F_`) so Excel does not turn it into "A"; a lone surrogate becomes U+FFFD.
 */
export function xmlText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(ESCAPES, (c) => {
    switch (c) {
      case '&': return '&amp;';
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '"': return '&quot;';
      case '\r': return '&#13;'; // a raw CR would be read back as LF (XML's end-of-line rule)
      case '_': return '_x005F_';
      default:
        if (c.length === 2) return c; // a well-formed surrogate pair
        if (c >= '\ud800' && c <= '\udfff') return '\ufffd';
        return `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
    }
  });
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Excel's serial date (1900 system) of an instant, read as UTC: what Excel shows is the UTC clock. */
function serial(d: Date): number {
  return d.getTime() / 86_400_000 + 25_569;
}

/** Sheet names: at most 31 characters, none of []:*?/\, not blank, unique (Excel's rules). */
function sheetName(name: string, taken: Set<string>): string {
  const clean = name.replace(/[[\]:*?/\\]/g, '_').replace(/^'|'$/g, '_').trim() || 'Sheet';
  let base = clean.slice(0, 31);
  for (let n = 2; taken.has(base.toLowerCase()); n++) base = `${clean.slice(0, 31 - String(n).length - 1)}_${n}`;
  taken.add(base.toLowerCase());
  return base;
}

/** The cell formats used so far; styles.xml is written last, from these. */
class Styles {
  private readonly fonts = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'];
  private readonly fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private readonly numFmts: string[] = [];
  private readonly xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly byKey = new Map<string, number>();

  /** The cellXfs index of a style (0 for none). */
  index(style: CellStyle | undefined): number {
    if (!style || (!style.bold && !style.color && !style.fill && !style.numFmt)) return 0;
    const key = `${style.bold ? 1 : 0}|${style.color ?? ''}|${style.fill ?? ''}|${style.numFmt ?? ''}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const font = style.bold || style.color ? this.add(this.fonts, `<font>${style.bold ? '<b/>' : ''}<sz val="11"/>${style.color ? `<color rgb="${argb(style.color)}"/>` : ''}<name val="Calibri"/><family val="2"/></font>`) : 0;
    const fill = style.fill ? this.add(this.fills, `<fill><patternFill patternType="solid"><fgColor rgb="${argb(style.fill)}"/><bgColor indexed="64"/></patternFill></fill>`) : 0;
    const numFmt = style.numFmt ? 164 + this.add(this.numFmts, style.numFmt) : 0;
    const applies = `${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''}${numFmt ? ' applyNumberFormat="1"' : ''}`;
    const i = this.xfs.push(`<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="0" xfId="0"${applies}/>`) - 1;
    this.byKey.set(key, i);
    return i;
  }

  private add(list: string[], xml: string): number {
    const i = list.indexOf(xml);
    return i >= 0 ? i : list.push(xml) - 1;
  }

  xml(): string {
    const numFmts = this.numFmts.length ? `<numFmts count="${this.numFmts.length}">${this.numFmts.map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${xmlText(f)}"/>`).join('')}</numFmts>` : '';
    return `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">${numFmts}`
      + `<fonts count="${this.fonts.length}">${this.fonts.join('')}</fonts>`
      + `<fills count="${this.fills.length}">${this.fills.join('')}</fills>`
      + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
      + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
      + `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>`
      + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
  }
}

function argb(color: string): string {
  const hex = color.replace(/^#/, '').toUpperCase();
  if (!/^(?:[0-9A-F]{6}|[0-9A-F]{8})$/.test(hex)) throw new Error(`not a colour: ${color}`);
  return hex.length === 6 ? `FF${hex}` : hex;
}

interface SheetWritten { name: string; columns: number; lastRow: number }

/** Writes an xlsx of the given sheets to `path` (which must not exist), streaming every row. */
export async function writeXlsx(path: string, sheets: ReadonlyArray<SheetSpec<unknown>>, options: { creator?: string; created?: Date; level?: number } = {}): Promise<void> {
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
    await zip.file('xl/styles.xml', styles.xml());
    await zip.file('xl/workbook.xml', workbookXml(written));
    await zip.file('xl/_rels/workbook.xml.rels', `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${written.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${written.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`);
    await zip.file('[Content_Types].xml', `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${written.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`);
    await zip.file('_rels/.rels', `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/></Relationships>`);
    const when = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
    await zip.file('docProps/core.xml', `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${xmlText(options.creator ?? '')}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`);
    await zip.file('docProps/app.xml', `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${xmlText(options.creator ?? 'spectrum-convert')}</Application></Properties>`);
    await zip.close();
  } catch (e) {
    zip.destroy();
    throw e;
  }
}

function workbookXml(sheets: SheetWritten[]): string {
  const filters = sheets.map((s, i) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xmlText(s.name.replace(/'/g, "''"))}'!$A$1:$${columnName(s.columns - 1)}$${s.lastRow}</definedName>`).join('');
  return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>`
    + `<sheets>${sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>`
    + `${filters ? `<definedNames>${filters}</definedNames>` : ''}<calcPr calcId="191029"/></workbook>`;
}

/** One cell's XML; empty for a value a cell cannot show (an invalid date). */
function cell(ref: string, v: string | number | boolean | Date, style: number): string {
  const s = style ? ` s="${style}"` : '';
  if (typeof v === 'string') {
    const text = v.length > MAX_CELL_CHARS ? `${v.slice(0, MAX_CELL_CHARS - 1)}…` : v;
    return `<c r="${ref}" t="inlineStr"${s}><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`;
  }
  if (typeof v === 'boolean') return `<c r="${ref}" t="b"${s}><v>${v ? 1 : 0}</v></c>`;
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"${s}><is><t>${v}</t></is></c>`;
  return Number.isNaN(v.getTime()) ? '' : `<c r="${ref}"${s}><v>${serial(v)}</v></c>`;
}

async function writeSheet(out: ZipEntryWriter, spec: SheetSpec<unknown>, name: string, selected: boolean, styles: Styles): Promise<SheetWritten> {
  const letters = spec.columns.map((_, i) => columnName(i));
  const header = styles.index({ bold: true });
  const dateStyle = styles.index({ numFmt: DATE_FORMAT });
  const cols = spec.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('');
  let xml = `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`
    + `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`
    + `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`
    + `<row r="1">${spec.columns.map((c, i) => `<c r="${letters[i]}1" t="inlineStr" s="${header}"><is><t xml:space="preserve">${xmlText(c.header)}</t></is></c>`).join('')}</row>`;
  let r = 1;
  for (const row of spec.rows) {
    r++;
    const values = spec.values(row);
    let line = `<row r="${r}">`;
    for (let i = 0; i < letters.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      const given = spec.style?.(row, i);
      // A date gets the date format unless its style names another.
      const s = v instanceof Date ? (given ? styles.index({ ...given, numFmt: given.numFmt ?? DATE_FORMAT }) : dateStyle) : styles.index(given);
      line += cell(`${letters[i]}${r}`, v, s);
    }
    xml += `${line}</row>`;
    if (xml.length >= CHUNK_CHARS) {
      await out.write(xml);
      xml = '';
    }
  }
  const last = columnName(spec.columns.length - 1);
  xml += `</sheetData><autoFilter ref="A1:${last}${r}"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
  await out.write(xml);
  return { name, columns: spec.columns.length, lastRow: r };
}
