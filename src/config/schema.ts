/**
 * The configuration's one zod schema (every key, its type and its default) and the parse that names,
 * for each problem, the key and the layer its value came from (a flag, the environment, the file).
 */
import * as z from 'zod';
import { ConfigError } from '../errors.js';
import { DEFAULT_LIMITS } from '../read/limits.js';

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

/**
 * The merged layers checked against the schema; a refusal lists every issue with its key and where
 * its value came from (`sourceOf` the issue's top-level key: "a flag", "environment variable X", …).
 */
export function parseConfig(merged: Record<string, unknown>, sourceOf: (key: string) => string): Config {
  const parsed = ConfigSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const key = i.path.map(String).join('.');
    const keys = i.code === 'unrecognized_keys' ? ` ${i.keys.map((k) => (key ? `${key}.${k}` : k)).join(', ')}` : '';
    return `  ${key || '(top level)'}${keys}: ${i.message} (from ${sourceOf(String(i.path[0] ?? ''))})`;
  });
  throw new ConfigError(`configuration is not valid:\n${lines.join('\n')}`);
}
