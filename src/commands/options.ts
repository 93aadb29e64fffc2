/**
 * Every flag the tool knows, described once; each command picks the ones it takes (src/commands/table.ts).
 * A flag a command does not take is a usage error with a "did you mean", never silently ignored.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ConfigInput } from '../config.js';
import { UsageError } from '../errors.js';

export interface OptionDoc {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in help: `--out FILE`. */
  arg?: string;
  help: string;
  /** The environment variable that sets the same key. */
  env?: string;
}

export const OPTIONS = {
  config: { type: 'string', arg: 'FILE', help: 'a JSON configuration file', env: 'SPECTRUM_CONVERT_CONFIG' },
  input: { type: 'string', arg: 'DIR', help: 'the drop folder (default input/)', env: 'SPECTRUM_CONVERT_INPUT' },
  output: {
    type: 'string',
    arg: 'DIR',
    help: 'results, logs, journal, embedded CRM (default output/)',
    env: 'SPECTRUM_CONVERT_OUTPUT',
  },
  concurrency: {
    type: 'string',
    arg: 'N',
    help: 'billers converted at once (default 4)',
    env: 'SPECTRUM_CONVERT_CONCURRENCY',
  },
  target: {
    type: 'string',
    arg: 'sqlite|http',
    help: 'the CRM adapter (default sqlite)',
    env: 'SPECTRUM_CONVERT_TARGET',
  },
  'crm-db': {
    type: 'string',
    arg: 'FILE',
    help: 'the embedded CRM (default OUTPUT/crm.db)',
    env: 'SPECTRUM_CONVERT_CRM_DB',
  },
  'crm-url': {
    type: 'string',
    arg: 'URL',
    help: 'the CRM for --target http; token only from SPECTRUM_CONVERT_CRM_TOKEN',
    env: 'SPECTRUM_CONVERT_CRM_URL',
  },
  'settle-seconds': {
    type: 'string',
    arg: 'N',
    help: 'files modified less than N seconds ago wait for the next run (default 30)',
  },
  only: {
    type: 'string',
    arg: 'ID,...',
    help: 'only these biller ids (an id matching nothing is a warning and exit 1)',
  },
  now: {
    type: 'string',
    arg: 'YYYY-MM-DD',
    help: 'the date that decides which conversions are due (default: today in timeZone)',
  },
  'no-archive': { type: 'boolean', help: 'leave converted worksheets in the input folder' },
  'dry-run': { type: 'boolean', help: 'show what would be done; change nothing' },
  json: { type: 'boolean', help: 'print the result as JSON on stdout' },
  quiet: { type: 'boolean', short: 'q', help: 'one summary line (date, run id, counts, results) plus errors' },
  out: { type: 'string', arg: 'FILE', help: 'the file to write' },
  force: { type: 'boolean', help: 'see the command' },
  yes: { type: 'boolean', short: 'y', help: 'do it without asking (needed when not on a terminal)' },
  replace: { type: 'boolean', help: 'overwrite billers whose CRM state differs from the file' },
  'reveal-secrets': { type: 'boolean', help: 'write secret settings in clear (default: masked)' },
  run: { type: 'string', arg: 'RUN_ID', help: 'the run to roll back (see spectrum-convert history)' },
  biller: { type: 'string', multiple: true, arg: 'ID', help: 'only this biller (repeat, or ID,ID)' },
  limit: { type: 'string', arg: 'N', help: 'how many runs (default 20)' },
  port: { type: 'string', arg: 'N', help: 'the port to listen on (default 8080; 0: any free port)' },
  help: { type: 'boolean', short: 'h', help: "this command's usage, options and exit codes" },
} as const satisfies Record<string, OptionDoc>;

export type OptionName = keyof typeof OPTIONS;
export type Values = Partial<Record<OptionName, string | boolean | string[]>>;

/** Flags other commands use for the same idea: `rollback --only` means `--biller`. */
const SAME_IDEA: Partial<Record<string, OptionName[]>> = { only: ['biller'], biller: ['only'], 'dry-run': ['dry-run'] };

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The closest flag of this command to a mistyped one, if close enough to be a guess worth showing. */
export function didYouMean(name: string, allowed: readonly string[]): string | undefined {
  const idea = SAME_IDEA[name]?.find((n) => allowed.includes(n));
  if (idea) return idea;
  let best: { name: string; d: number } | undefined;
  for (const a of allowed) {
    const d = distance(name, a);
    if (!best || d < best.d) best = { name: a, d };
  }
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.name : undefined;
}

export interface Parsed {
  values: Values;
  positionals: string[];
}

/** parseArgs over this command's own flags; every refusal names the flag and the command. */
export function parseCommandArgs(command: string, allowed: readonly OptionName[], args: readonly string[]): Parsed {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  const names: readonly OptionName[] = [...allowed, 'help'];
  for (const name of names) {
    const o: OptionDoc = OPTIONS[name];
    options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  const { values, positionals, tokens } = parseOrRefuse(command, allowed, [...args], options);
  refuseEmptyOrTwice(command, tokens);
  return { values, positionals };
}

function parseOrRefuse(
  command: string,
  allowed: readonly OptionName[],
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(err.message);
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
      const name = unknown[2]!;
      const guess = unknown[1] === '--' ? didYouMean(name, allowed) : undefined;
      throw new UsageError(
        `Unknown option ${unknown[1]}${name}: ${command} does not take it${guess ? ` (did you mean --${guess}?)` : ''}`,
      );
    }
    // parseArgs says how to fix it on the lines after the first ("use '--out=-XYZ'"): keep them, on one line.
    throw new UsageError(`${command}: ${err.message.replace(/\s*\n\s*/g, ' ')}`);
  }
}

/**
 * parseArgs keeps the last of a flag given twice and takes an empty value as given: `--out a --out b`
 * and `--output "$UNSET"` would silently do something else than one of the two, so both are refused.
 */
function refuseEmptyOrTwice(command: string, tokens: ReadonlyArray<{ kind: string; name?: string; value?: string }>) {
  const seen = new Map<string, string | undefined>();
  for (const t of tokens) {
    // strict parsing has refused any other flag already
    if (t.kind !== 'option') continue;
    const name = t.name as OptionName;
    const o: OptionDoc = OPTIONS[name];
    if (t.value === '') throw new UsageError(`--${name} needs ${o.arg ?? 'a value'}: ${command} got an empty one`);
    if (o.multiple) continue;
    if (seen.has(name) && seen.get(name) !== t.value)
      throw new UsageError(
        `--${name} is given twice (${String(seen.get(name))} and ${String(t.value)}): ${command} takes one`,
      );
    seen.set(name, t.value);
  }
}

function whole(flag: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(
      `--${flag} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''} (got ${raw})`,
    );
  return n;
}

const str = (v: Values, k: OptionName): string | undefined => (typeof v[k] === 'string' ? v[k] : undefined);

/** The flags that set configuration keys (a command only has the ones it took). */
export function overrides(v: Values): Partial<ConfigInput> {
  const o: Partial<ConfigInput> = {};
  const input = str(v, 'input');
  const output = str(v, 'output');
  const crmDb = str(v, 'crm-db');
  const crmUrl = str(v, 'crm-url');
  const target = str(v, 'target');
  if (input) o.input = input;
  if (output) o.output = output;
  if (crmDb) o.crmDb = crmDb;
  if (crmUrl) o.crmUrl = crmUrl;
  if (str(v, 'concurrency') !== undefined) o.concurrency = whole('concurrency', str(v, 'concurrency')!, 1, 256);
  if (str(v, 'settle-seconds') !== undefined) o.settleSeconds = whole('settle-seconds', str(v, 'settle-seconds')!, 0);
  if (target !== undefined) {
    if (target !== 'sqlite' && target !== 'http')
      throw new UsageError(`--target must be sqlite or http (got ${target})`);
    o.target = target;
  }
  if (str(v, 'port') !== undefined) o.serve = { port: whole('port', str(v, 'port')!, 0, 65535) };
  if (v['no-archive']) o.archive = false;
  return o;
}

/** `--only A,B` or `--biller A --biller B,C` as upper-case ids; undefined when not given. */
export function idSet(v: Values, k: 'only' | 'biller'): Set<string> | undefined {
  const raw = v[k];
  if (raw === undefined) return undefined;
  const ids = (Array.isArray(raw) ? raw : [String(raw)])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  if (!ids.length) throw new UsageError(`--${k} needs at least one biller id`);
  return new Set(ids);
}

export { whole, str };
