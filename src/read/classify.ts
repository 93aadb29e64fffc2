/**
 * What a file is, decided from its name and then confirmed from its bytes, before any parser
 * sees it: parsers given the wrong thing fail in confusing ways or hang (pitfalls §1.4).
 */
import { extname } from 'node:path';
import { ReadError } from './read-error.js';
import type { ReadLimits } from './limits.js';
import { zipEntries, type ZipEntry } from './zip-entries.js';

export type FileKind = 'xlsx' | 'csv' | 'unsupported-spreadsheet' | 'other';

const XLSX = new Set(['.xlsx', '.xlsm', '.xltx', '.xltm']);
const CSV = new Set(['.csv', '.tsv']);
const UNSUPPORTED: Record<string, string> = {
  '.xls': 'an Excel 97-2003 workbook',
  '.xlt': 'an Excel 97-2003 template',
  '.xlsb': 'an Excel binary workbook',
  '.ods': 'an OpenDocument spreadsheet',
  '.fods': 'an OpenDocument spreadsheet',
  '.numbers': 'an Apple Numbers document',
  '.xlw': 'an Excel 4 workbook',
  '.wk1': 'a Lotus 1-2-3 file',
  '.wks': 'a Works spreadsheet',
  '.et': 'a WPS spreadsheet',
  '.gsheet': 'a Google Sheets shortcut',
};

export function kindByName(name: string): FileKind {
  const ext = extname(name).toLowerCase();
  if (XLSX.has(ext)) return 'xlsx';
  if (CSV.has(ext)) return 'csv';
  return ext in UNSUPPORTED ? 'unsupported-spreadsheet' : 'other';
}

export function unsupportedReason(name: string): string {
  const what = UNSUPPORTED[extname(name).toLowerCase()] ?? 'a spreadsheet format this tool does not read';
  return `${what}; open it and save it as Excel Workbook (.xlsx), then drop the .xlsx`;
}

const saveAsXlsx = 'open it and save it as Excel Workbook (.xlsx)';

function isCfb(buf: Buffer): boolean {
  return buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1;
}

function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50;
}

/** Encrypted OOXML is a CFB container holding an "EncryptionInfo" stream (its name is UTF-16LE). */
function isEncryptedOoxml(buf: Buffer): boolean {
  return buf.includes(Buffer.from('EncryptionInfo', 'utf16le'));
}

function looksBinary(buf: Buffer): boolean {
  const head = buf.subarray(0, 8192);
  if (head[0] === 0xff && head[1] === 0xfe) return false; // UTF-16LE text has NULs; it has a BOM too
  if (head[0] === 0xfe && head[1] === 0xff) return false;
  return head.includes(0);
}

/** Throws a ReadError when the bytes are not an xlsx we can safely read; returns its zip directory (read once). */
export function checkXlsxBytes(buf: Buffer, limits: ReadLimits): ZipEntry[] {
  checkZip(buf);
  const entries = zipEntries(buf);
  checkParts(entries);
  const inflated = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (inflated > limits.maxInflatedBytes) {
    throw new ReadError(
      'FILE.TOO_LARGE',
      `the workbook unpacks to ${mb(inflated)} (limit ${mb(limits.maxInflatedBytes)}); a worksheet is far smaller: ` +
        'remove unused sheets, images or formatting',
    );
  }
  return entries;
}

/** Refuses what is not a zip archive: an old .xls, an encrypted workbook, a text file, anything else. */
function checkZip(buf: Buffer): void {
  if (isCfb(buf)) {
    if (isEncryptedOoxml(buf))
      throw new ReadError(
        'FILE.ENCRYPTED',
        'the workbook is password-protected; ask the sender for an unprotected copy ' +
          '(File › Info › Protect Workbook › remove the password)',
      );
    throw new ReadError(
      'FILE.UNSUPPORTED_FORMAT',
      `this is an Excel 97-2003 (.xls) workbook named .xlsx; ${saveAsXlsx}`,
    );
  }
  if (!isZip(buf)) {
    if (!looksBinary(buf))
      throw new ReadError(
        'FILE.UNSUPPORTED_FORMAT',
        'this is a text file (csv or html?) named as a workbook; if it is a csv, rename it to .csv, otherwise ' +
          saveAsXlsx,
      );
    throw new ReadError('FILE.CORRUPT', `this is not an Excel workbook (it is not a zip archive); ${saveAsXlsx}`);
  }
}

/** Refuses a zip that is not a workbook we read: encrypted entries, xlsb, ods, Numbers, no workbook at all. */
function checkParts(entries: ZipEntry[]): void {
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  if (entries.some((e) => e.encrypted))
    throw new ReadError('FILE.ENCRYPTED', 'the archive is password-protected; ask for an unprotected copy');
  if (names.has('xl/workbook.bin'))
    throw new ReadError(
      'FILE.UNSUPPORTED_FORMAT',
      `this is an Excel binary workbook (.xlsb) named .xlsx; ${saveAsXlsx}`,
    );
  // The workbook part is wherever _rels/.rels says (Open Packaging Conventions); the reader follows it.
  if (!names.has('xl/workbook.xml') && !names.has('_rels/.rels')) {
    if (names.has('content.xml'))
      throw new ReadError(
        'FILE.UNSUPPORTED_FORMAT',
        `this is an OpenDocument spreadsheet (.ods) named .xlsx; ${saveAsXlsx}`,
      );
    if ([...names].some((n) => n.startsWith('index/')))
      throw new ReadError('FILE.UNSUPPORTED_FORMAT', `this is an Apple Numbers document; export it as Excel (.xlsx)`);
    throw new ReadError(
      'FILE.CORRUPT',
      `this zip archive is not an Excel workbook (no _rels/.rels, no xl/workbook.xml); ${saveAsXlsx}`,
    );
  }
}

/** Throws a ReadError when the bytes are not a text file we can read as csv. */

export function checkCsvBytes(buf: Buffer): void {
  if (isZip(buf) || isCfb(buf))
    throw new ReadError('FILE.UNSUPPORTED_FORMAT', 'this is a workbook named .csv; rename it to .xlsx');
  if (looksBinary(buf)) throw new ReadError('FILE.CORRUPT', 'this is a binary file, not a csv text file');
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
