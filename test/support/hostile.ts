/** Hostile and broken files, built in code: the kinds an operator's input folder will see. */
import JSZip from 'jszip';

const CONTENT_TYPES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
  `<Default Extension="xml" ContentType="application/xml"/>` +
  `<Override PartName="/xl/workbook.xml" ` +
  `ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
  `<Override PartName="/xl/worksheets/sheet1.xml" ` +
  `ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" ` +
  `Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
  `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
  `<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WB_RELS =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" ` +
  `Target="worksheets/sheet1.xml"/></Relationships>`;

/** A minimal, valid xlsx (as hand-written tools make them: inline strings, no styles) around one sheet's rows XML. */
export async function minimalXlsx(sheetData: string | (() => string)): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', ROOT_RELS);
  zip.file('xl/workbook.xml', WORKBOOK);
  zip.file('xl/_rels/workbook.xml.rels', WB_RELS);
  const rows = typeof sheetData === 'string' ? sheetData : sheetData();
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      `<sheetData>${rows}</sheetData></worksheet>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

export function inlineRow(r: number, values: string[]): string {
  const cells = values
    .map((v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`)
    .join('');
  return `<row r="${r}">${cells}</row>`;
}

/** Rows of one numeric cell each: a million of them is ~50 MB of XML, compressed to well under 1 MB. */
export function manyRows(n: number): string {
  const parts: string[] = [];
  for (let r = 1; r <= n; r++) parts.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
  return parts.join('');
}

/** A sheet whose one cell holds `mb` megabytes of text: tiny on disk, huge once inflated. */
export function bombRows(mb: number): string {
  return inlineRow(1, ['x'.repeat(mb * 1024 * 1024)]);
}

/** Make the central directory claim small sizes, as a crafted bomb does. */
export function lieAboutSizes(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 46 < out.length; i++) {
    if (out.readUInt32LE(i) === 0x02014b50) out.writeUInt32LE(Math.min(out.readUInt32LE(i + 24), 1000), i + 24);
  }
  return out;
}

export async function zipWith(files: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The header of an OLE compound file, as .xls and password-protected .xlsx files start. */
export function cfb(withEncryptionInfo: boolean): Buffer {
  const header = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  if (withEncryptionInfo) Buffer.from('EncryptionInfo', 'utf16le').copy(header, 1024);
  else Buffer.from('Workbook', 'utf16le').copy(header, 1024);
  return header;
}

export function flipBytes(buf: Buffer, from: number, count: number): Buffer {
  const out = Buffer.from(buf);
  for (let i = from; i < Math.min(out.length, from + count); i++) out[i] = (out[i] ?? 0) ^ 0xff;
  return out;
}
