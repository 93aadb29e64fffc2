/**
 * Removes known secret values from any text, whatever field it sits in. Lookup is by substring
 * length and first characters, so the cost per string is (length × distinct lengths of the forms that
 * start like the text there), not × number of secrets: a night of ten thousand billers registers
 * sixty thousand secrets.
 */
export const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not scrubbed: they would blank ordinary words. Validation asks for more. */
const MIN_SECRET_LENGTH = 4;

/**
 * The shortest secret (worksheet private key or password, CRM token) the tool accepts. A shorter
 * one cannot be scrubbed from logs and reports without blanking ordinary words, and blanking
 * them would show where the secret is ("level":"[REDACTED]").
 */
export const MIN_ACCEPTED_SECRET_LENGTH = 8;

const jsonEscaped = (s: string) => JSON.stringify(s).slice(1, -1);
const hex4 = (unit: string, upper: boolean) => {
  const h = unit.charCodeAt(0).toString(16).padStart(4, '0');
  return `\\u${upper ? h.toUpperCase() : h}`;
};
/**
 * JSON with `chars` (and with `ascii` every UTF-16 unit past `~`) as \uXXXX, in upper- or lower-case hex.
 * One pass over JSON.stringify's text, taking its escapes whole (`\"` is a `"`, `\\` never one).
 */
const jsonU = (s: string, chars: string, ascii: boolean, upper: boolean) =>
  jsonEscaped(s).replace(/\\u[0-9a-f]{4}|\\.|[^\x00-\x7e]|[<>&'+`]/g, (m) => {
    if (m.startsWith('\\u')) return upper ? `\\u${m.slice(2).toUpperCase()}` : m;
    const c = m.length === 2 && m[1] === '"' ? '"' : m;
    return chars.includes(c) || (ascii && c > '~') ? hex4(c, upper) : m;
  });
const xmlEscaped = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** XML with `& < > " '` and every non-ASCII character as a numeric reference, decimal or hex. */
const xmlNumeric = (s: string, radix: 10 | 16) =>
  s.replace(/[&<>"']|[^\x00-\x7f]/gu, (c) => {
    const n = c.codePointAt(0) ?? 0;
    return radix === 10 ? `&#${n};` : `&#x${n.toString(16).toUpperCase()};`;
  });
const lowerPercent = (s: string) => s.replace(/%[0-9A-F]{2}/g, (p) => p.toLowerCase());

/**
 * The forms a secret takes in what we write or a CRM echoes: raw; in a JSON string (plain, ASCII-only
 * with lower- or upper-case \u escapes as JavaScript/Python and Java/.NET write them, PHP's with `\/`,
 * .NET's default that also escapes `" & ' + < > \``, Go's that escapes `< > &`); URL- and form-encoded
 * (upper- and lower-case hex); XML-escaped (named, `&apos;`/`&#39;`, Go's `&#34;`, every special and
 * non-ASCII character as a decimal or hex reference); and each of those once more inside a JSON string,
 * since a CRM's answer that quotes our request body (JSON, or XML) may itself be carried in JSON.
 * Deduplicated: a secret of letters and digits has one form. Each distinct length costs the scrubber
 * a lookup where a form's first characters match, so forms that differ only in rare characters are cheap.
 */
export function encodedForms(s: string): string[] {
  if (/^[\w.-]*$/.test(s)) return [s]; // no encoding changes these characters: most secrets, no work
  const xml = xmlEscaped(s);
  const url = encodeURIComponent(s);
  const json = jsonEscaped(s);
  const ascii = jsonU(s, '', true, false);
  const urls = [url, url.replace(/%20/g, '+'), new URLSearchParams({ x: s }).toString().slice(2)];
  const once = [
    s,
    json,
    ascii,
    jsonU(s, '', true, true),
    ascii.replace(/\//g, '\\/'),
    jsonU(s, '"&\'+<>`', true, true),
    jsonU(s, '<>&', false, false),
    ...urls,
    ...urls.map(lowerPercent),
    xml,
    xml.replace(/'/g, '&apos;'),
    xml.replace(/'/g, '&#39;'),
    xml.replace(/&quot;/g, '&#34;').replace(/'/g, '&#39;'),
    xmlNumeric(s, 10),
    xmlNumeric(s, 16),
  ];
  return [...new Set([...once, ...once.map(jsonEscaped)])];
}

export class SecretScrubber {
  /** Every registered form; a position is looked up only at the lengths its head calls for. */
  private readonly forms = new Set<string>();
  /**
   * The lengths of the forms that start with each head (their first MIN_SECRET_LENGTH characters), longest
   * first: most positions of most texts match no head, and a position that does tries only those lengths.
   */
  private readonly lengthsByHead = new Map<string, number[]>();

  /** Register secrets, in every form they may be written in (encodedForms). */
  add(...secrets: string[]): void {
    for (const s of secrets.flatMap(encodedForms)) {
      if (s.length < MIN_SECRET_LENGTH) continue;
      this.forms.add(s);
      const head = s.slice(0, MIN_SECRET_LENGTH);
      const lengths = this.lengthsByHead.get(head) ?? [];
      if (!lengths.includes(s.length))
        this.lengthsByHead.set(
          head,
          [...lengths, s.length].sort((a, b) => b - a),
        );
    }
  }

  get size(): number {
    return this.forms.size;
  }

  scrub(text: string): string {
    if (this.forms.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
    let out = '';
    let i = 0;
    outer: while (i < text.length) {
      for (const len of this.lengthsByHead.get(text.slice(i, i + MIN_SECRET_LENGTH)) ?? []) {
        if (i + len <= text.length && this.forms.has(text.slice(i, i + len))) {
          out += REDACTED;
          i += len;
          continue outer;
        }
      }
      out += text[i];
      i++;
    }
    return out;
  }

  /** Scrub every string in a value (objects, arrays, errors), surviving cycles. */
  scrubDeep(value: unknown, seen = new WeakSet<object>()): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (!value || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (value instanceof Error)
      return {
        name: value.name,
        message: this.scrub(value.message),
        ...(value.stack ? { stack: this.scrub(value.stack) } : {}),
      };
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
      return this.scrubDeep((value as { toJSON: () => unknown }).toJSON(), seen);
    if (Array.isArray(value)) return value.map((v) => this.scrubDeep(v, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.scrubDeep(v, seen);
    return out;
  }
}
