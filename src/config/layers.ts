/**
 * The configuration's layers: the environment read into one (its variables named, numbers checked),
 * and the layers merged, later over earlier, key by key.
 */
import { ConfigError } from '../errors.js';
import type { ConfigInput } from './schema.js';

/** Environment variables the tool reads: name → [config key, how to read it]. */
const ENV_KEYS = {
  SPECTRUM_CONVERT_INPUT: ['input', String],
  SPECTRUM_CONVERT_OUTPUT: ['output', String],
  SPECTRUM_CONVERT_CONCURRENCY: ['concurrency', Number],
  SPECTRUM_CONVERT_TARGET: ['target', String],
  SPECTRUM_CONVERT_CRM_DB: ['crmDb', String],
  SPECTRUM_CONVERT_CRM_URL: ['crmUrl', String],
  SPECTRUM_CONVERT_LOCK_DIR: ['lockDir', String],
  SPECTRUM_CONVERT_TIME_ZONE: ['timeZone', String],
  SPECTRUM_CONVERT_READ_WORKERS: ['readWorkers', Number],
  SPECTRUM_CONVERT_LOG_LEVEL: ['logLevel', String],
} as const satisfies Record<string, readonly [keyof ConfigInput, (v: string) => unknown]>;

/**
 * The environment's layer: `values` by config key, and `names`, the variable each key came from
 * (for messages). An empty variable is no value; a number variable that is not one is refused.
 */
export function envLayer(env: Record<string, string | undefined>): {
  values: Record<string, unknown>;
  names: Map<string, string>;
} {
  const values: Record<string, unknown> = {};
  const names = new Map<string, string>();
  for (const [name, [key, read]] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    const value = read(v);
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new ConfigError(`environment variable ${name} must be a number (got ${JSON.stringify(v)})`);
    values[key] = value;
    names.set(key, name);
  }
  return { values, names };
}

/**
 * Later layers win key by key; nested sections (limits, http, serve) merge one level deep. The first
 * layer (the file's JSON) is copied, not assigned key by key, so a `__proto__` key in it stays a key
 * (which the schema then refuses) instead of becoming the merged object's prototype.
 */
export function mergeLayers(
  first: Record<string, unknown>,
  ...later: ReadonlyArray<Record<string, unknown>>
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...first };
  for (const layer of later) {
    for (const [k, v] of Object.entries(layer)) {
      const prev = merged[k];
      merged[k] = isPlain(prev) && isPlain(v) ? { ...prev, ...v } : v;
    }
  }
  return merged;
}

/** A JSON object: not null, not an array. */
export function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
