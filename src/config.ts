/**
 * Configuration: one zod schema, filled from defaults, then a JSON config file, then the
 * environment, then flags (later wins). The environment is passed in by the CLI, the only
 * place that reads process.env.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { httpLockFile, inputLockFile, sqliteLockFiles } from './lock/lock-identity.js';
import { crmUrlProblem } from './targets/http/crm-url.js';
import { ConfigError } from './errors.js';
import { DEFAULT_LIMITS } from './read/limits.js';

const positive = z.number().int().positive();

/**
 * The night's results by mail (SMTP) and/or a webhook. The SMTP password and a webhook URL's secret
 * never live here.
 */
const NotifySchema = z.strictObject({
  mail: z
    .strictObject({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(587),
      /** TLS from the first byte (port 465); otherwise STARTTLS, which `requireTls` insists on. */
      secure: z.boolean().default(false),
      requireTls: z.boolean().default(true),
      /** The SMTP user; its password comes only from SPECTRUM_CONVERT_SMTP_PASSWORD. */
      user: z.string().min(1).optional(),
      from: z.email(),
      to: z.array(z.email()).min(1),
      /** A PEM file of certificate authorities to trust besides Node's own (a company mail relay). */
      caFile: z.string().min(1).optional(),
    })
    .optional(),
  webhook: z
    .strictObject({
      /**
       * An https:// URL; SPECTRUM_CONVERT_WEBHOOK_URL wins over it (a Slack or Teams webhook URL is
       * itself a secret).
       */
      url: z.url({ protocol: /^https$/ }).optional(),
      caFile: z.string().min(1).optional(),
    })
    .optional(),
  /** Tries of one message before it is given up as a warning. */
  attempts: z.number().int().min(1).max(10).default(3),
  /** Wait before the second try; doubled for each further one. */
  backoffMs: z.number().int().min(0).default(2000),
  timeoutMs: positive.default(15_000),
});

const ConfigSchema = z.strictObject({
  $comment: z.string().optional(),
  /** The drop folder of worksheets. */
  input: z.string().min(1).default('input'),
  /** Where results, logs and (by default) the embedded CRM live. */
  output: z.string().min(1).default('output'),
  /** Billers converted at once. */
  concurrency: z.number().int().min(1).max(256).default(4),
  /** The CRM adapter. */
  target: z.enum(['sqlite', 'http']).default('sqlite'),
  /** The CRM's base URL (target http); the token comes from SPECTRUM_CONVERT_CRM_TOKEN only. */
  crmUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Where the CRM locks live; one folder for every output, so two outputs on one CRM meet. */
  lockDir: z.string().min(1).optional(),
  /** The HTTP target's manners. */
  http: z
    .strictObject({
      timeoutMs: positive.default(5000),
      retries: z.number().int().min(0).max(10).default(4),
      retryBudgetMs: positive.default(30_000),
      backoffMs: positive.default(100),
      maxRequestsPerSecond: z.number().min(0).default(50),
      /** A PEM file of certificate authorities to trust besides Node's own (a company CA in front of the CRM). */
      caFile: z.string().min(1).optional(),
      /** Allow http:// to a host other than loopback (the token and secrets then cross the network in clear). */
      allowInsecure: z.boolean().default(false),
    })
    .prefault({}),
  /** crm serve: where to listen, and faults to inject (all off by default). */
  serve: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      faults: z
        .strictObject({
          failRate: z.number().min(0).max(1).optional(),
          failPath: z.string().optional(),
          slowRate: z.number().min(0).max(1).optional(),
          slowMs: z.number().int().min(0).optional(),
          latencyMs: z.number().int().min(0).optional(),
          dropRate: z.number().min(0).max(1).optional(),
          denyFtp: z.boolean().optional(),
          seed: z.number().int().optional(),
        })
        .default({}),
      /** Serve HTTPS with this PEM key and certificate (both or neither), to rehearse a CRM behind TLS. */
      tlsKeyFile: z.string().min(1).optional(),
      tlsCertFile: z.string().min(1).optional(),
    })
    .refine((s) => !s.tlsKeyFile === !s.tlsCertFile, { message: 'serve.tlsKeyFile and serve.tlsCertFile go together' })
    .prefault({}),
  /** The embedded CRM database (target sqlite). Default: OUTPUT/crm.db. */
  crmDb: z.string().min(1).optional(),
  /** The IANA time zone whose calendar decides "today" for conversion dates. */
  timeZone: z
    .string()
    .min(1)
    .default('UTC')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'not a known IANA time zone'),
  /** A file modified less than this many seconds ago may still be copying: left for the next run. */
  settleSeconds: z.number().int().min(0).default(30),
  /** Move fully converted worksheets to INPUT/archive/YYYY-MM-DD/ after a run. */
  archive: z.boolean().default(true),
  /** The run journal (SQLite). Default: OUTPUT/journal.db. */
  journal: z.string().min(1).optional(),
  /**
   * A file holding the journal's AES-256 key (hex or base64); SPECTRUM_CONVERT_JOURNAL_KEY wins over
   * it. Never a flag.
   */
  journalKeyFile: z.string().min(1).optional(),
  /** The InvoiceFormatGUID to configure when a worksheet has none. */
  defaultInvoiceFormatGuid: z.guid().optional(),
  /** Path of the field map; default templates/worksheet-map.json. */
  fieldMap: z.string().min(1).optional(),
  /** Reader worker threads (0: parse in the main thread, without memory isolation). */
  readWorkers: z.number().int().min(0).max(16).default(2),
  /** Console log level; the JSON log file always has info and above. */
  logLevel: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  /** Who is told about a night once its results are written (both optional; see src/notify/). */
  notify: NotifySchema.prefault({}),
  limits: z
    .strictObject({
      maxFileBytes: positive.default(DEFAULT_LIMITS.maxFileBytes),
      maxInflatedBytes: positive.default(DEFAULT_LIMITS.maxInflatedBytes),
      maxRows: positive.default(DEFAULT_LIMITS.maxRows),
      maxCells: positive.default(DEFAULT_LIMITS.maxCells),
      maxColumns: positive.default(DEFAULT_LIMITS.maxColumns),
      timeoutMs: positive.default(DEFAULT_LIMITS.timeoutMs),
      workerHeapMb: z.number().int().min(32).default(DEFAULT_LIMITS.workerHeapMb),
    })
    .prefault({}),
});
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

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

export async function loadConfig(opts: {
  file?: string | undefined;
  env?: Record<string, string | undefined>;
  overrides?: Partial<ConfigInput>;
}): Promise<Config> {
  const env = opts.env ?? {};
  const file = opts.file ?? env.SPECTRUM_CONVERT_CONFIG;
  let fromFile: Record<string, unknown> = {};
  if (file) {
    fromFile = await readConfigFile(file);
  }
  const fromEnv: Record<string, unknown> = {};
  const envOf = new Map<string, string>();
  for (const [name, [key, read]] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    const value = read(v);
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new ConfigError(`environment variable ${name} must be a number (got ${JSON.stringify(v)})`);
    fromEnv[key] = value;
    envOf.set(key, name);
  }
  // Later sources win key by key; nested sections (limits, http, serve) merge one level deep.
  const merged: Record<string, unknown> = { ...fromFile };
  for (const layer of [fromEnv, opts.overrides ?? {}] as Array<Record<string, unknown>>) {
    for (const [k, v] of Object.entries(layer)) {
      const prev = merged[k];
      merged[k] = isPlain(prev) && isPlain(v) ? { ...prev, ...v } : v;
    }
  }
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    // Each issue names its key and where the value came from: a flag, an environment variable, or the file.
    const from = (key: string) =>
      opts.overrides && key in opts.overrides
        ? 'a flag'
        : envOf.has(key)
          ? `environment variable ${envOf.get(key)}`
          : file
            ? `config file ${file}`
            : 'the defaults';
    const lines = parsed.error.issues.map((i) => {
      const key = i.path.map(String).join('.');
      const keys = i.code === 'unrecognized_keys' ? ` ${i.keys.map((k) => (key ? `${key}.${k}` : k)).join(', ')}` : '';
      return `  ${key || '(top level)'}${keys}: ${i.message} (from ${from(String(i.path[0] ?? ''))})`;
    });
    throw new ConfigError(`configuration is not valid:\n${lines.join('\n')}`);
  }
  const urlProblem = parsed.data.crmUrl ? crmUrlProblem(parsed.data.crmUrl, parsed.data.http.allowInsecure) : undefined;
  if (urlProblem) throw new ConfigError(`configuration is not valid${file ? ` (${file})` : ''}: crmUrl ${urlProblem}`);
  return { ...parsed.data, lockDir: parsed.data.lockDir ?? defaultLockDir(env) };
}

/** The config file as JSON; an error names the place, never the file's text (it may hold a secret). */
async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`config file ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (!isPlain(v)) throw new ConfigError(`config file ${file} must hold one JSON object`);
    return v;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    // V8 quotes the text around the mistake in its message: say only where it is.
    const at = /position (\d+)/.exec((e as Error).message);
    const pos = at ? Number(at[1]) : undefined;
    const where =
      pos === undefined
        ? ''
        : ` at line ${text.slice(0, pos).split('\n').length}, column ${pos - text.lastIndexOf('\n', pos - 1)}`;
    throw new ConfigError(
      `config file ${file} is not valid JSON${where} (its text is not repeated here: it may hold a secret)`,
    );
  }
}

/** Where a journal key is made when none is configured: the user's config folder (XDG), outside output/. */
export function defaultJournalKeyFile(env: Record<string, string | undefined>): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'spectrum-convert', 'journal.key');
}

/** The user's state folder (XDG), shared by every output of this user: where the CRM locks live by default. */
function defaultLockDir(env: Record<string, string | undefined>): string {
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'spectrum-convert', 'locks');
}

export function crmDbPath(config: Config): string {
  return config.crmDb ?? join(config.output, 'crm.db');
}

/** The installation's fingerprint key for secret masks (created on first use). */
export function fingerprintKeyPath(config: Config): string {
  return join(config.output, '.fingerprint-key');
}

/** Today's date (YYYY-MM-DD) in the configured time zone. */
export function today(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function journalPath(config: Config): string {
  return config.journal ?? join(config.output, 'journal.db');
}

/** The lock files of a run: one in the input folder, and the CRM's (crmLockPath). */
export function lockPaths(config: Config, create = true): string[] {
  return [inputLockFile(config.input), ...crmLockPath(config, create)];
}

/** The lock folder (see lock-identity.ts): configured, or the user's state folder. */
function lockDirPath(config: Config): string {
  return config.lockDir ?? defaultLockDir({});
}

/**
 * The locks of the CRM a command writes to, named by the CRM's identity (lock-identity.ts). For the
 * embedded CRM this creates the empty database when it is missing (`create`), so it has one.
 */
export function crmLockPath(config: Config, create = true): string[] {
  if (config.target === 'sqlite') return sqliteLockFiles(crmDbPath(config), lockDirPath(config), create);
  return config.crmUrl ? [httpLockFile(config.crmUrl, lockDirPath(config))] : [];
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
