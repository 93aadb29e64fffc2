/**
 * Hand-made OOXML workbooks, for the cell shapes no library writes on request: empty cached
 * results, fullCalcOnLoad, custom number formats on raw numbers, t="d" cells.
 */
import JSZip from 'jszip';

export interface RawWorkbook {
  /** The rows XML of the one sheet (inside <sheetData>). */
  rows: string;
  /** Custom number formats, by id (164 and up), and the cell styles: style index → numFmtId. */
  numFmts?: Record<number, string>;
  xfs?: number[];
  /** Written into workbook.xml after <sheets>, e.g. '<calcPr fullCalcOnLoad="1"/>'. */
  workbookExtra?: string;
  /** Shared strings, referenced by index from t="s" cells. */
  strings?: string[];
  sheetName?: string;
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function stylesXml(numFmts: Record<number, string>, xfs: number[]): string {
  const fmts = Object.entries(numFmts).map(
    ([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>`,
  );
  const cellXfs = [0, ...xfs].map(
    (id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''}/>`,
  );
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet ${NS}>` +
    (fmts.length ? `<numFmts count="${fmts.length}">${fmts.join('')}</numFmts>` : '') +
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${cellXfs.length}">${cellXfs.join('')}</cellXfs></styleSheet>`
  );
}

/** Style index s="N" of the N-th entry of `xfs` is N (index 0 is the default General style). */
export async function rawWorkbook(w: RawWorkbook): Promise<Buffer> {
  const zip = new JSZip();
  const strings = w.strings ?? [];
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ` +
      `ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ` +
      `ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
      `<Override PartName="/xl/styles.xml" ` +
      `ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
      `<Override PartName="/xl/sharedStrings.xml" ` +
      `ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
      `</Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  zip.file(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ${NS} xmlns:r="${REL}">` +
      `<sheets><sheet name="${w.sheetName ?? 'Biller'}" sheetId="1" r:id="rId1"/></sheets>` +
      `${w.workbookExtra ?? ''}</workbook>`,
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  zip.file('xl/styles.xml', stylesXml(w.numFmts ?? {}, w.xfs ?? []));
  zip.file(
    'xl/sharedStrings.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<sst ${NS} count="${strings.length}" uniqueCount="${strings.length}">` +
      `${strings.map((s) => `<si><t xml:space="preserve">${s}</t></si>`).join('')}</sst>`,
  );
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<worksheet ${NS}><sheetData>${w.rows}</sheetData></worksheet>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An inline-string cell. */
export const str = (ref: string, text: string) =>
  `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(text)}</t></is></c>`;
/** A number cell, with a style index. */
export const num = (ref: string, v: string | number, s?: number) =>
  `<c r="${ref}"${s ? ` s="${s}"` : ''}><v>${v}</v></c>`;
/** A formula cell; `v` undefined: no <v> at all; '' : an empty <v></v>. */
export const formula = (ref: string, f: string, v?: string, t?: string, s?: number) =>
  `<c r="${ref}"${t ? ` t="${t}"` : ''}${s ? ` s="${s}"` : ''}>` +
  `<f>${esc(f)}</f>${v === undefined ? '' : `<v>${esc(v)}</v>`}</c>`;
/** A row of cells. */
export const row = (r: number, ...cells: string[]) => `<row r="${r}">${cells.join('')}</row>`;
