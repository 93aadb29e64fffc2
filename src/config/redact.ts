/**
 * The configuration as it may be written down (the journal's record of a run's options): every value that
 * is a secret replaced by "[REDACTED]". The schema does not mark secrets, so they are named here: a key
 * added to src/config/schema.ts that holds a secret (a URL with a token in it, a password) belongs in this list.
 */
import { REDACTED } from '../core/scrub.js';

/** Paths into the configuration, dot-separated. A Slack or Teams webhook URL is itself a secret. */
const SECRET_KEYS: readonly string[] = ['notify.webhook.url'];

/** A copy of `options` with each secret key that holds a value replaced; the rest (and `options`) as they are. */
export function redactedOptions<T extends object>(options: T): T {
  const copy = structuredClone(options) as Record<string, unknown>;
  for (const path of SECRET_KEYS) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    let at: unknown = copy;
    for (const k of keys) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[k] : undefined;
    if (at && typeof at === 'object' && (at as Record<string, unknown>)[last] !== undefined)
      (at as Record<string, unknown>)[last] = REDACTED;
  }
  return copy as T;
}
