/**
 * An xlsx as the Open Packaging Conventions describe it: parts found through relationships
 * (`_rels/.rels` → the workbook, the workbook's rels → sheets, shared strings, styles), never by a
 * fixed name, since writers exist that put the workbook elsewhere. Part names compare the way
 * OPC says (case-insensitive, no leading slash); zip names with backslashes are normalised when
 * the directory is read. Parts are decoded by their BOM or declaration (UTF-8 or UTF-16); any other
 * encoding is something this reader will not guess at.
 */
import iconv from 'iconv-lite';
import { FastReadUnsupported } from './fast-read-unsupported.js';
import { ReadError } from './read-error.js';
import { inflateEntry, type ZipEntry } from './zip-entries.js';
import { attributes } from './xml-text.js';

/**
 * A relationship type by its last segment ('officeDocument', 'worksheet', 'sharedStrings', 'styles',
 * 'hyperlink', …): transitional and strict OOXML share it. Any other type is kept, so a string.
 */
export type RelKind = string;

export interface Rel {
  id: string;
  kind: RelKind;
  target: string;
  external: boolean;
}

export interface OoxmlPackage {
  /** The decoded text of a part, or undefined when the package has none of that name. */
  part(name: string, check?: (bytes: Buffer) => void): string | undefined;
  /** The relationships of a part ('' for the package's own `_rels/.rels`), keyed by id. */
  rels(source: string): Map<string, Rel>;
  /** The workbook part's name, found the way Excel finds it. */
  workbookName(): string;
}

function partKey(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

/** The rels part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels; '' → _rels/.rels. */
function relsPartOf(part: string): string {
  const i = part.lastIndexOf('/');
  return i < 0 ? `_rels/${part}.rels` : `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
}

/** A relationship target against its source part (OPC: relative to the source's folder). */
export function resolveTarget(source: string, target: string): string {
  const t = target.replace(/\\/g, '/');
  if (t.startsWith('/')) return t.replace(/^\/+/, '');
  const parts = source.split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** Decode one XML part: UTF-8 (with or without BOM) or UTF-16 (by BOM, or by its first '<'). */
export function decodePart(bytes: Buffer): string {
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 0xff && b1 === 0xfe) return bytes.toString('utf16le', 2);
  if (b0 === 0xfe && b1 === 0xff) return iconv.decode(bytes.subarray(2), 'utf-16be');
  if (b0 === 0x3c && b1 === 0x00) return bytes.toString('utf16le');
  if (b0 === 0x00 && b1 === 0x3c) return iconv.decode(bytes, 'utf-16be');
  const start = b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? 3 : 0;
  const head = bytes.toString('latin1', start, Math.min(bytes.length, start + 200));
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  if (declared && !['utf-8', 'utf8', 'us-ascii', 'ascii'].includes(declared)) {
    throw new FastReadUnsupported(`a part declares the encoding ${declared}`);
  }
  return bytes.toString('utf8', start);
}

const OFFICE_DOCUMENT = 'officeDocument';

export function openPackage(buf: Buffer, directory: readonly ZipEntry[], maxInflatedBytes: number): OoxmlPackage {
  const entries = new Map(directory.map((e) => [partKey(e.name), e] as const));
  let budget = maxInflatedBytes;
  const relsCache = new Map<string, Map<string, Rel>>();
  const part = (name: string, check?: (bytes: Buffer) => void): string | undefined => {
    const e = entries.get(partKey(name));
    if (!e) return undefined;
    const bytes = inflateEntry(buf, e, budget);
    budget -= bytes.length;
    check?.(bytes);
    return decodePart(bytes);
  };
  const rels = (source: string): Map<string, Rel> => {
    const cached = relsCache.get(source);
    if (cached) return cached;
    const out = new Map<string, Rel>();
    const xml = part(source === '' ? '_rels/.rels' : relsPartOf(source)) ?? '';
    for (const m of xml.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)\/?>/g)) {
      const a = attributes(m[1] ?? '');
      if (!a.Id || a.Target === undefined) continue;
      const external = a.TargetMode === 'External';
      const kind = (a.Type ?? '').split('/').pop() ?? '';
      out.set(a.Id, { id: a.Id, kind, external, target: external ? a.Target : resolveTarget(source, a.Target) });
    }
    relsCache.set(source, out);
    return out;
  };
  const workbookName = (): string => {
    const office = [...rels('').values()].find((r) => r.kind === OFFICE_DOCUMENT && !r.external);
    if (office && entries.has(partKey(office.target))) return office.target;
    // A package without (usable) root relationships: Excel itself insists on them, but the
    // conventional name is unambiguous when it is there.
    if (entries.has('xl/workbook.xml')) return 'xl/workbook.xml';
    throw new ReadError(
      'FILE.CORRUPT',
      'this zip archive is not an Excel workbook (its _rels/.rels names no workbook part); ' +
        'open it in Excel and save it again',
    );
  };
  return { part, rels, workbookName };
}

/** The first relationship of a kind (sharedStrings, styles) of a part. */
export function relOfKind(rels: Map<string, Rel>, kind: RelKind): Rel | undefined {
  return [...rels.values()].find((r) => r.kind === kind && !r.external);
}
