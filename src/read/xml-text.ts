/** Small helpers for reading OOXML parts as text: attributes, entities, and OOXML's _xHHHH_ escapes. */

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name] ?? '';
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '0', 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** Excel writes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x). */
export function decodeOoxmlEscapes(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The attributes of a start tag's inside (`r="A1" t="s"`), names without namespace prefixes. */
export function attributes(inside: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(inside))) {
    const name = (m[1] ?? '').replace(/^[\w.-]+:/, (p) => (p === 'r:' ? 'r:' : ''));
    out[name] = decodeXml(m[3] ?? m[4] ?? '');
  }
  return out;
}

/** The text of every <t> in a fragment (shared string, inline string), skipping phonetic runs. */
export function textRuns(fragment: string): string {
  const clean = fragment.includes('rPh') ? fragment.replace(/<(?:[\w]+:)?rPh\b[\s\S]*?<\/(?:[\w]+:)?rPh>/g, '') : fragment;
  let out = '';
  const re = /<(?:[\w]+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w]+:)?t>)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(clean))) out += m[1] ?? '';
  return decodeOoxmlEscapes(decodeXml(out));
}
