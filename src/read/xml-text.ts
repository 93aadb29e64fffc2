/** Small helpers for reading OOXML parts as text: attributes, entities, and OOXML's _xHHHH_ escapes. */

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name] ?? '';
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '0', 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/**
 * Character data as an XML parser hands it over: line ends normalised (XML 1.0 §2.11: a CR LF or
 * a lone CR in the file is a LF; a CR written as &#13; stays), CDATA sections taken literally,
 * entities and character references decoded.
 */
export function decodeXml(s: string): string {
  const text = s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
  if (!text.includes('<![CDATA[')) return decodeEntities(text);
  let out = '';
  let at = 0;
  for (let open = text.indexOf('<![CDATA[', at); open >= 0; open = text.indexOf('<![CDATA[', at)) {
    const close = text.indexOf(']]>', open + 9);
    if (close < 0) break;
    out += decodeEntities(text.slice(at, open)) + text.slice(open + 9, close);
    at = close + 3;
  }
  return out + decodeEntities(text.slice(at));
}

/** An attribute value as an XML parser hands it over (§3.3.3: literal tabs and line ends become spaces). */
function decodeAttribute(s: string): string {
  return decodeEntities(/[\t\n\r]/.test(s) ? s.replace(/\r\n|[\t\n\r]/g, ' ') : s);
}

/** Excel writes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x). */
export function decodeOoxmlEscapes(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The attributes of a start tag's inside (`r="A1" t="s"`), names without namespace prefixes (but `r:id`). */
export function attributes(inside: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(inside))) {
    // A prefixed `id` is a relationship id whatever prefix the writer bound to the relationships
    // namespace (`r:` by convention); SpreadsheetML has no other namespaced `id`.
    const qname = m[1] ?? '';
    const name = /^[\w.-]+:id$/.test(qname) ? 'r:id' : qname.replace(/^[\w.-]+:/, '');
    out[name] = decodeAttribute(m[3] ?? m[4] ?? '');
  }
  return out;
}

/** The text of every <t> in a fragment (shared string, inline string), skipping phonetic runs. */
export function textRuns(fragment: string): string {
  const clean = fragment.includes('rPh')
    ? fragment.replace(/<(?:[\w]+:)?rPh\b[\s\S]*?<\/(?:[\w]+:)?rPh>/g, '')
    : fragment;
  let out = '';
  const re = /<(?:[\w]+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w]+:)?t>)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(clean))) out += m[1] ?? '';
  return decodeOoxmlEscapes(decodeXml(out));
}
