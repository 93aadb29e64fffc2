/**
 * Hand-made OOXML for shapes no library writes: the workbook part somewhere else than
 * xl/workbook.xml, backslashes in zip names, other namespace prefixes, UTF-16 parts, CDATA, raw
 * cell XML. One sheet of label/value rows (label in A, value in B, from row 1).
 */
import JSZip from 'jszip';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The XML inside <c> and its attributes (r is added); a plain string becomes a shared string. */
interface RawCell {
  t?: string;
  s?: number;
  inner: string;
}
export type RawValue = string | RawCell;

export interface RawBook {
  rows: Array<[string, RawValue | undefined]>;
  /** Where the workbook part lives (default xl/workbook.xml); its sheet and strings sit beside it. */
  workbookPath?: string;
  /** Element prefix bound to SpreadsheetML (default none), and the one bound to relationships (default r). */
  prefix?: string;
  relPrefix?: string;
  utf16?: 'le' | 'be';
  backslashes?: boolean;
  /** `<cellXfs>` children and `<numFmts>` children, for number and date formats. */
  xfs?: string[];
  numFmts?: string[];
  hyperlinks?: Array<{ ref: string; target?: string; location?: string }>;
  workbookPr?: string;
  /** Leave out _rels/.rels (a package that only has the conventional name to go by). */
  noRootRels?: boolean;
  /** Shared strings written as CDATA. */
  cdataStrings?: boolean;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export async function rawWorkbook(book: RawBook): Promise<Buffer> {
  const p = book.prefix ? `${book.prefix}:` : '';
  const ns = book.prefix ? `xmlns:${book.prefix}="${MAIN}"` : `xmlns="${MAIN}"`;
  const rp = book.relPrefix ?? 'r';
  const wbPath = book.workbookPath ?? 'xl/workbook.xml';
  const dir = wbPath.includes('/') ? wbPath.slice(0, wbPath.lastIndexOf('/') + 1) : '';
  const wbName = wbPath.slice(dir.length);
  const strings: string[] = [];
  const sst = (s: string) => {
    const i = strings.indexOf(s);
    return i >= 0 ? i : strings.push(s) - 1;
  };
  const cell = (ref: string, v: RawValue) => {
    if (typeof v === 'string') return `<${p}c r="${ref}" t="s"><${p}v>${sst(v)}</${p}v></${p}c>`;
    const attrs = `${v.t ? ` t="${v.t}"` : ''}${v.s !== undefined ? ` s="${v.s}"` : ''}`;
    return `<${p}c r="${ref}"${attrs}>${v.inner.replace(/<(\/?)(?=[a-z])/g, `<$1${p}`)}</${p}c>`;
  };
  const rows = book.rows
    .map(
      ([label, value], i) =>
        `<${p}row r="${i + 1}">${cell(`A${i + 1}`, label)}` +
        `${value === undefined ? '' : cell(`B${i + 1}`, value)}</${p}row>`,
    )
    .join('');
  const links = book.hyperlinks ?? [];
  const linkXml = links.length
    ? `<${p}hyperlinks>${links
        .map(
          (l, i) =>
            `<${p}hyperlink ref="${l.ref}"${l.target ? ` ${rp}:id="rIdL${i}"` : ''}` +
            `${l.location ? ` location="${esc(l.location)}"` : ''}/>`,
        )
        .join('')}</${p}hyperlinks>`
    : '';
  const sheet =
    `<${p}worksheet ${ns} xmlns:${rp}="${REL}">` + `<${p}sheetData>${rows}</${p}sheetData>${linkXml}</${p}worksheet>`;
  const si = (s: string) =>
    book.cdataStrings
      ? `<${p}si><${p}t><![CDATA[${s}]]></${p}t></${p}si>`
      : `<${p}si><${p}t xml:space="preserve">${esc(s)}</${p}t></${p}si>`;
  const sharedStrings =
    `<${p}sst ${ns} count="${strings.length}" uniqueCount="${strings.length}">` +
    `${strings.map(si).join('')}</${p}sst>`;
  const numFmts = book.numFmts?.length
    ? `<${p}numFmts count="${book.numFmts.length}">${book.numFmts.join('')}</${p}numFmts>`
    : '';
  const xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>', ...(book.xfs ?? [])].map((x) =>
    x.replace(/<(\/?)(?=[a-z])/g, `<$1${p}`),
  );
  const styles =
    `<${p}styleSheet ${ns}>${numFmts}` +
    `<${p}fonts count="1"><${p}font/></${p}fonts><${p}fills count="1"><${p}fill/></${p}fills>` +
    `<${p}borders count="1"><${p}border/></${p}borders>` +
    `<${p}cellXfs count="${xfs.length}">${xfs.join('')}</${p}cellXfs></${p}styleSheet>`;
  const workbook =
    `<${p}workbook ${ns} xmlns:${rp}="${REL}">` +
    `${book.workbookPr ? `<${p}workbookPr ${book.workbookPr}/>` : ''}` +
    `<${p}sheets><${p}sheet name="Biller" sheetId="1" ${rp}:id="rId1"/></${p}sheets></${p}workbook>`;
  const rel = (id: string, type: string, target: string, external = false) =>
    `<Relationship Id="${id}" Type="${REL}/${type}" Target="${esc(target)}"` +
    `${external ? ' TargetMode="External"' : ''}/>`;
  const rels = (body: string) => `<Relationships xmlns="${PKG_REL}">${body}</Relationships>`;
  const wbRels = rels(
    rel('rId1', 'worksheet', 'worksheets/sheet1.xml') +
      rel('rId2', 'sharedStrings', 'sharedStrings.xml') +
      rel('rId3', 'styles', 'styles.xml'),
  );
  const sheetRels = rels(links.map((l, i) => (l.target ? rel(`rIdL${i}`, 'hyperlink', l.target, true) : '')).join(''));
  const ct =
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/${wbPath}" ` +
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>';
  const parts: Record<string, string> = {
    '[Content_Types].xml': ct,
    [wbPath]: workbook,
    [`${dir}_rels/${wbName}.rels`]: wbRels,
    [`${dir}worksheets/sheet1.xml`]: sheet,
    [`${dir}worksheets/_rels/sheet1.xml.rels`]: sheetRels,
    [`${dir}sharedStrings.xml`]: sharedStrings,
    [`${dir}styles.xml`]: styles,
  };
  if (!book.noRootRels)
    parts['_rels/.rels'] = rels(`<Relationship Id="rId1" Type="${REL}/officeDocument" Target="${wbPath}"/>`);
  const zip = new JSZip();
  for (const [name, xml] of Object.entries(parts)) {
    const text = `<?xml version="1.0" encoding="${book.utf16 ? 'UTF-16' : 'UTF-8'}" standalone="yes"?>\n${xml}`;
    zip.file(book.backslashes ? name.replace(/\//g, '\\') : name, encode(text, book.utf16));
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function encode(text: string, utf16: RawBook['utf16']): Buffer {
  if (!utf16) return Buffer.from(text, 'utf8');
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (utf16 === 'le') return le;
  const be = Buffer.from(le);
  be.swap16();
  return be;
}
