/**
 * The canary scan: every byte a command wrote, searched for every canary (a secret or the token)
 * in every form it could be written in. Its encoders are its own, not src/core/scrub.ts's: a form
 * the scrubber forgot must still be found here. Zip files (xlsx) are unpacked, entry by entry and
 * nested, since a deflated part never shows its text; SQLite files (journal, WAL) and everything
 * else are read as bytes, in UTF-8, Latin-1 and UTF-16.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const asciiJson = (s: string) =>
  JSON.stringify(s)
    .slice(1, -1)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** JSON with the UTF-16 units `which` matches as \uXXXX (the rest as JSON.stringify writes them). */
const unicodeEscaped = (s: string, which: RegExp, upper: boolean) =>
  s
    .split('')
    .map((c) => {
      if (!c.match(which)) return JSON.stringify(c).slice(1, -1);
      const h = c.charCodeAt(0).toString(16).padStart(4, '0');
      return `\\u${upper ? h.toUpperCase() : h}`;
    })
    .join('');
const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (p) => p.toLowerCase());
/** XML with `& < > " '` and every non-ASCII character as a numeric character reference. */
const xmlReferences = (s: string, ref: (n: number) => string) =>
  Array.from(s, (c) => (/[&<>"']/.test(c) || (c.codePointAt(0) ?? 0) > 0x7f ? ref(c.codePointAt(0) ?? 0) : c)).join('');

/** Each encoding by name: what a secret looks like once written through it. */
export const ENCODINGS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  json: (s) => JSON.stringify(s).slice(1, -1),
  'json-ascii': asciiJson,
  'json-in-json': (s) => JSON.stringify(JSON.stringify(s).slice(1, -1)).slice(1, -1),
  url: (s) => encodeURIComponent(s),
  form: (s) => new URLSearchParams({ x: s }).toString().slice(2),
  xml,
  'xml-apos': (s) => xml(s).replace(/'/g, '&apos;'),
  'xml-numeric-apos': (s) => xml(s).replace(/'/g, '&#39;'),
  'xml-in-json': (s) => JSON.stringify(xml(s)).slice(1, -1),
  // What other languages' libraries write: a CRM in Java, .NET, PHP or Go that echoes a request.
  'json-ascii-upper': (s) => asciiJson(s).replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => `\\u${h.toUpperCase()}`),
  'json-php': (s) => asciiJson(s).replace(/\//g, '\\/'),
  'json-dotnet': (s) => unicodeEscaped(s, /["&'+<>`]|[^\x00-\x7e]/, true),
  'json-go': (s) => unicodeEscaped(s, /[<>&]/, false),
  'url-lower': (s) => lowerHex(encodeURIComponent(s)),
  'form-lower': (s) => lowerHex(new URLSearchParams({ x: s }).toString().slice(2)),
  'xml-go': (s) =>
    xml(s)
      .replace(/&quot;/g, '&#34;')
      .replace(/'/g, '&#39;'),
  'xml-decimal': (s) => xmlReferences(s, (n) => `&#${n};`),
  'xml-hex': (s) => xmlReferences(s, (n) => `&#x${n.toString(16).toUpperCase()};`),
};

export interface Form {
  canary: number;
  encoding: string;
  text: string;
}

/** Every form of every canary; forms too short to mean anything (under 6 characters) are left out. */
function canaryForms(canaries: readonly string[]): Form[] {
  const seen = new Set<string>();
  const out: Form[] = [];
  canaries.forEach((c, canary) => {
    for (const [encoding, encode] of Object.entries(ENCODINGS)) {
      const text = encode(c);
      if (text.length < 6 || seen.has(text)) continue;
      seen.add(text);
      out.push({ canary, encoding, text });
    }
  });
  return out;
}

interface Leak {
  where: string;
  encoding: string;
  canary: number;
}

export interface ScanReport {
  files: number;
  /** Every file read, as found. */
  paths: string[];
  bytes: number;
  /** Zip entries unpacked and searched (inflated bytes counted in `bytes` too). */
  zipEntries: number;
  texts: number;
  forms: number;
  leaks: Leak[];
}

const isZip = (b: Buffer) => b.length > 4 && b.readUInt32LE(0) === 0x04034b50;

/** Every file under `root` (hidden ones too), skipping paths `skip` says belong to the secrets' owner. */
function filesUnder(root: string, skip: (path: string) => boolean): string[] {
  let st;
  try {
    st = statSync(root);
  } catch {
    return [];
  }
  if (!st.isDirectory()) return skip(root) ? [] : [root];
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => {
    const p = join(root, e.name);
    if (skip(p)) return [];
    if (e.isDirectory()) return filesUnder(p, skip);
    return e.isFile() ? [p] : [];
  });
}

export class CanaryScan {
  readonly forms: Form[];
  readonly report: ScanReport;

  constructor(canaries: readonly string[]) {
    this.forms = canaryForms(canaries);
    this.report = { files: 0, paths: [], bytes: 0, zipEntries: 0, texts: 0, forms: this.forms.length, leaks: [] };
  }

  /** Search one text (a console's output, a decoded file) for every form. */
  text(where: string, text: string): void {
    this.report.texts++;
    for (const f of this.forms)
      if (text.includes(f.text)) this.report.leaks.push({ where, encoding: f.encoding, canary: f.canary });
  }

  private async bytes(where: string, bytes: Buffer): Promise<void> {
    this.report.bytes += bytes.length;
    const utf8 = bytes.toString('utf8');
    this.text(where, utf8);
    const latin1 = bytes.toString('latin1');
    if (latin1 !== utf8) this.text(`${where} (latin1)`, latin1);
    this.text(`${where} (utf16le)`, bytes.toString('utf16le'));
    if (bytes.length > 1) this.text(`${where} (utf16le, odd)`, bytes.subarray(1).toString('utf16le'));
    if (!isZip(bytes)) return;
    const zip = await JSZip.loadAsync(bytes);
    for (const [name, entry] of Object.entries(zip.files)) {
      if (entry.dir) continue;
      this.report.zipEntries++;
      await this.bytes(`${where}!${name}`, await entry.async('nodebuffer'));
    }
  }

  /** Scan every file under each root (a folder or a file); `skip` leaves out where the secrets belong. */
  async paths(roots: readonly string[], skip: (path: string) => boolean = () => false): Promise<void> {
    for (const root of roots)
      for (const f of filesUnder(root, skip)) {
        this.report.files++;
        this.report.paths.push(f);
        await this.bytes(f, readFileSync(f));
      }
  }
}
