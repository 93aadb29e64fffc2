/**
 * Decode a text file as people's tools write them: UTF-8 with or without BOM, UTF-16 with a BOM
 * (Excel's "Unicode text"), and, when the bytes are not valid UTF-8, Windows-1252 (Excel's
 * default "CSV" on Western Windows). Node's latin1 maps 0x80-0x9F to control characters and
 * loses € and smart quotes, so that range is mapped here by hand.
 */
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

export interface Decoded { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' }

export function decodeText(buf: Buffer): Decoded {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.toString('utf8', 3), encoding: 'utf-8' };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.toString('utf16le', 2), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return { text: swapped.toString('utf16le'), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    let text = '';
    for (const byte of buf) text += byte >= 0x80 && byte <= 0x9f ? CP1252_80_9F[byte - 0x80] : String.fromCharCode(byte);
    return { text, encoding: 'windows-1252' };
  }
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
