/**
 * Removes known secret values from any text, whatever field it sits in. Lookup is by substring
 * length, so the cost per string is (length × distinct secret lengths), not × number of secrets:
 * a night of ten thousand billers registers sixty thousand secrets.
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
const xmlEscaped = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The forms a secret takes in what we write: raw, in a JSON string (plain or ASCII-only), URL- and
 * form-encoded, XML-escaped, and each of those once more inside a JSON string, since a CRM's answer
 * that quotes our request body (JSON, or XML) may itself be carried in JSON.
 */
export function encodedForms(s: string): string[] {
  const xml = xmlEscaped(s);
  const url = encodeURIComponent(s);
  const json = jsonEscaped(s);
  const once = [
    s,
    json,
    json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    url,
    url.replace(/%20/g, '+'),
    new URLSearchParams({ x: s }).toString().slice(2),
    xml,
    xml.replace(/'/g, '&apos;'),
    xml.replace(/'/g, '&#39;'),
  ];
  return [...new Set([...once, ...once.map(jsonEscaped)])];
}

export class SecretScrubber {
  private readonly byLength = new Map<number, Set<string>>();
  private lengths: number[] = [];
  /** The first MIN_SECRET_LENGTH characters of every secret: most positions of most texts fail here at once. */
  private readonly heads = new Set<string>();

  /** Register secrets, in every form they may be written in (encodedForms). */
  add(...secrets: string[]): void {
    for (const s of secrets.flatMap(encodedForms)) {
      if (s.length < MIN_SECRET_LENGTH) continue;
      const set = this.byLength.get(s.length) ?? new Set<string>();
      if (set.size === 0) {
        this.byLength.set(s.length, set);
        this.lengths = [...this.byLength.keys()].sort((a, b) => b - a); // longest first
      }
      set.add(s);
      this.heads.add(s.slice(0, MIN_SECRET_LENGTH));
    }
  }

  get size(): number {
    let n = 0;
    for (const s of this.byLength.values()) n += s.size;
    return n;
  }

  scrub(text: string): string {
    if (this.lengths.length === 0 || text.length < MIN_SECRET_LENGTH) return text;
    let out = '';
    let i = 0;
    outer: while (i < text.length) {
      if (!this.heads.has(text.slice(i, i + MIN_SECRET_LENGTH))) {
        out += text[i];
        i++;
        continue;
      }
      for (const len of this.lengths) {
        if (i + len <= text.length && this.byLength.get(len)?.has(text.slice(i, i + len))) {
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
