/**
 * Characters a person cannot see in a cell, so cannot know are part of a value: Unicode format
 * characters (category Cf: soft hyphen, bidi controls, zero-width characters), variation
 * selectors, Hangul and Braille fillers that render as blanks, controls, and spaces that look
 * like the ordinary one. A secret, username, URL or GUID holding one would reach the CRM
 * different from what anyone reads; messages name the code point and position, never the value.
 */

// Line breaks are left to the line-break rule, which has its own code and hint.
const CATEGORY = /^(?![\n\r])[\p{Cf}\p{Cc}]$/u;
// Blanks outside category Cf (code point ranges; written as numbers, since a regular expression
// holding combining marks such as the variation selectors reads misleadingly).
const BLANKS: ReadonlyArray<readonly [number, number]> = [
  [0xa0, 0xa0],
  [0x34f, 0x34f],
  [0x115f, 0x1160],
  [0x1680, 0x1680],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x2000, 0x200a],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x2800, 0x2800],
  [0x3000, 0x3000],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xffa0, 0xffa0],
  [0xe0100, 0xe01ef],
];

/** A character a person cannot see (one code point). */
function isInvisible(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return CATEGORY.test(ch) || BLANKS.some(([from, to]) => cp >= from && cp <= to);
}

const NAMES: Record<number, string> = {
  0x09: 'TAB',
  0xa0: 'NO-BREAK SPACE',
  0xad: 'SOFT HYPHEN',
  0x34f: 'COMBINING GRAPHEME JOINER',
  0x61c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x2800: 'BRAILLE PATTERN BLANK',
  0x3000: 'IDEOGRAPHIC SPACE',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
};

export interface InvisibleHit {
  codePoint: string;
  name: string;
  position: number;
}

function nameOf(cp: number): string {
  const known = NAMES[cp];
  if (known) return known;
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return 'VARIATION SELECTOR';
  if (cp >= 0x2000 && cp <= 0x200a) return 'a typographic space';
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return 'a control character';
  return 'a format character';
}

/** Every invisible character of s, with its 1-based position counted in characters as a person counts them. */
export function invisibleCharacters(s: string, invisible: (ch: string) => boolean = isInvisible): InvisibleHit[] {
  // Most values are plain ASCII: skip the per-character walk for them.
  if (/^[\x20-\x7e]*$/.test(s)) return [];
  const hits: InvisibleHit[] = [];
  let position = 0;
  for (const ch of s) {
    position++;
    if (!invisible(ch)) continue;
    const cp = ch.codePointAt(0) ?? 0;
    hits.push({ codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`, name: nameOf(cp), position });
  }
  return hits;
}

/** "U+00AD (SOFT HYPHEN) at character 5 of 12": never a character of the value itself. */
export function describeInvisible(s: string, hits: readonly InvisibleHit[]): string {
  const length = [...s].length;
  const shown = hits.slice(0, 3).map((h) => `${h.codePoint} (${h.name}) at character ${h.position}`);
  const more = hits.length > 3 ? ` and ${hits.length - 3} more` : '';
  return `${shown.join(', ')}${more}, of ${length}`;
}
