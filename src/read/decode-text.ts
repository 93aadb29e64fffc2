/**
 * Decode a text file as people's tools write them: UTF-8 with or without BOM, UTF-16 with a BOM
 * (Excel's "Unicode text"), or one of the legacy code pages Excel's csv formats use: Windows-1252
 * ("CSV (Comma delimited)" on Western Windows), cp850/cp437 ("CSV (MS-DOS)"), Mac Roman
 * ("CSV (Macintosh)"). Their bytes are all valid in each other, so a legacy file is read only when
 * the detector (chardet) sees Western text and exactly one of those code pages reads it as words
 * (letters whose case fits, no box drawing or stray symbols); otherwise the file is refused:
 * a value for the CRM is never decoded from a guess.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ReadError } from './read-error.js';

type LegacyEncoding = 'windows-1252' | 'cp850' | 'cp437' | 'macintosh';
export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | LegacyEncoding;
}

const LEGACY: ReadonlyArray<[LegacyEncoding, string]> = [
  ['windows-1252', 'Windows-1252 ("CSV (Comma delimited)")'],
  ['cp850', 'cp850 ("CSV (MS-DOS)")'],
  ['cp437', 'cp437 ("CSV (MS-DOS)", US)'],
  ['macintosh', 'Mac Roman ("CSV (Macintosh)")'],
];
const WESTERN = new Set(['ISO-8859-1', 'windows-1252']);
// Symbols that turn up in worksheets; anything else outside ASCII that is not a Latin letter rules a reading out.
const SYMBOLS = new Set('€£¥¢©®°§¶±×÷µ«»‹›‘’“”–—•…™¿¡½¼¾¹²³ªº\u00A0');
const SAVE_AS = 'open it in Excel and save it as "CSV UTF-8 (Comma delimited)"';

export function decodeText(buf: Buffer): Decoded {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { text: buf.toString('utf8', 3), encoding: 'utf-8' };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.toString('utf16le', 2), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return decodeLegacy(buf);
  }
}

function decodeLegacy(buf: Buffer): Decoded {
  const top = chardet.analyse(buf)[0];
  if (!top || !WESTERN.has(top.name)) {
    throw new ReadError(
      'FILE.ENCODING_UNKNOWN',
      `the file is not UTF-8 and reads as ${top ? `${top.name} text` : 'no known encoding'}, ` +
        `which this tool does not guess at; ${SAVE_AS}`,
    );
  }
  const readings = LEGACY.map(([encoding, name]) => ({ encoding, name, text: iconv.decode(buf, encoding) })).filter(
    (r) => readsAsWords(r.text),
  );
  const distinct = new Set(readings.map((r) => r.text));
  const first = readings[0];
  if (first && distinct.size === 1) return { text: first.text, encoding: first.encoding };
  const why = readings.length
    ? `it reads as text in ${readings.map((r) => r.name).join(' and in ')}, differently`
    : 'no code page Excel writes reads it as text';
  throw new ReadError(
    'FILE.ENCODING_UNKNOWN',
    `the file is not UTF-8 and its encoding cannot be told for sure (${why}); ${SAVE_AS}`,
  );
}

/** Every character outside ASCII is a Latin letter whose case fits the letter before it, or a common symbol. */
function readsAsWords(text: string): boolean {
  let prev = '';
  for (const ch of text) {
    if (ch.charCodeAt(0) >= 0x80) {
      if (/\p{Script=Latin}/u.test(ch)) {
        if (/\p{Lu}/u.test(ch) && /\p{Ll}/u.test(prev)) return false; // "CafÚ": é read in the wrong code page
      } else if (!SYMBOLS.has(ch)) return false;
    }
    prev = ch;
  }
  return true;
}

/**
 * Guess the delimiter from the first lines: the candidate that splits them into the same,
 * largest number of fields. Quotes are respected. (csv-parse's own delimiter_auto throws on
 * any non-ASCII character: pitfalls §3.)
 */
export function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const lines = firstLines(text, 20);
  let best: { d: ',' | ';' | '\t'; score: number; width: number } = { d: ',', score: -1, width: 0 };
  for (const d of [',', ';', '\t'] as const) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const width = counts[0] ?? 0;
    if (width === 0) continue;
    const score = counts.filter((c) => c === width).length;
    if (score > best.score || (score === best.score && width > best.width)) best = { d, score, width };
  }
  return best.d;
}

function firstLines(text: string, n: number): string[] {
  const out: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length && out.length < n && i < 65536; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if ((ch === '\n' || ch === '\r') && !inQuotes) {
      if (i > start) out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (out.length < n && start < Math.min(text.length, 65536)) out.push(text.slice(start, Math.min(text.length, 65536)));
  return out;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let inQuotes = false;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === d && !inQuotes) n++;
  }
  return n;
}
