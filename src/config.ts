/**
 * Configuration: one zod schema, filled from defaults, then a JSON config file, then the
 * environment, then flags (later wins). The environment is passed in by the CLI, the only
 * place that reads process.env.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { ConfigError } from './errors.js';
import { DEFAULT_LIMITS } from './read/limits.js';

const positive = z.number().int().positive();

export const ConfigSchema = z.strictObject({
  /** Path of the field map; default templates/worksheet-map.json. */
  fieldMap: z.string().min(1).optional(),
  /** Where results, logs and (by default) the embedded CRM live. */
  output: z.string().min(1).default('output'),
  /** The embedded CRM database (target sqlite). Default: OUTPUT/crm.db. */
  crmDb: z.string().min(1).optional(),
  /** The InvoiceFormatGUID to configure when a worksheet has none. */
  defaultInvoiceFormatGuid: z.guid().optional(),
  /** Reader worker threads (0: parse in the main thread, without memory isolation). */
  readWorkers: z.number().int().min(0).max(16).default(2),
  limits: z.strictObject({
    maxFileBytes: positive.default(DEFAULT_LIMITS.maxFileBytes),
    maxInflatedBytes: positive.default(DEFAULT_LIMITS.maxInflatedBytes),
    maxRows: positive.default(DEFAULT_LIMITS.maxRows),
    maxCells: positive.default(DEFAULT_LIMITS.maxCells),
    maxColumns: positive.default(DEFAULT_LIMITS.maxColumns),
    timeoutMs: positive.default(DEFAULT_LIMITS.timeoutMs),
    workerHeapMb: z.number().int().min(32).default(DEFAULT_LIMITS.workerHeapMb),
  }).prefault({}),
});
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Environment variables the tool reads, and the config keys they set. */
export const ENV = {
  SPECTRUM_CONVERT_CONFIG: 'path of a JSON config file',
  SPECTRUM_CONVERT_READ_WORKERS: 'readWorkers',
  SPECTRUM_CONVERT_OUTPUT: 'output',
  SPECTRUM_CONVERT_CRM_DB: 'crmDb',
} as const;

export async function loadConfig(opts: { file?: string | undefined; env?: Record<string, string | undefined>; overrides?: Partial<ConfigInput> }): Promise<Config> {
  const env = opts.env ?? {};
  const file = opts.file ?? env.SPECTRUM_CONVERT_CONFIG;
  let fromFile: Record<string, unknown> = {};
  if (file) {
    try {
      fromFile = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`config file ${file}: ${(e as Error).message}`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  if (env.SPECTRUM_CONVERT_READ_WORKERS) fromEnv.readWorkers = Number(env.SPECTRUM_CONVERT_READ_WORKERS);
  if (env.SPECTRUM_CONVERT_OUTPUT) fromEnv.output = env.SPECTRUM_CONVERT_OUTPUT;
  if (env.SPECTRUM_CONVERT_CRM_DB) fromEnv.crmDb = env.SPECTRUM_CONVERT_CRM_DB;
  const merged = { ...fromFile, ...fromEnv, ...opts.overrides };
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(`configuration is not valid${file ? ` (${file})` : ''}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function crmDbPath(config: Config): string {
  return config.crmDb ?? join(config.output, 'crm.db');
}

/** The installation's fingerprint key for secret masks (created on first use). */
export function fingerprintKeyPath(config: Config): string {
  return join(config.output, '.fingerprint-key');
}
