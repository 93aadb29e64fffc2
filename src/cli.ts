/**
 * The command line: arguments → configuration → command → exit code. The only module that
 * touches process.env and process signals; it never calls process.exit (the launcher sets
 * process.exitCode, so logs and files flush).
 */
import { parseArgs } from 'node:util';
import { loadConfig, type ConfigInput } from './config.js';
import { convertCommand } from './commands/convert.js';
import { crmExport, crmImport, crmShow } from './commands/crm.js';
import { historyCommand } from './commands/history.js';
import { reportCommand } from './commands/report.js';
import { rollbackCommand } from './commands/rollback.js';
import { runCommand, type RunCommandArgs } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { removeLocks, withCrmLock } from './batch/lock.js';
import { crmLockPath, lockPaths } from './config.js';
import { templateCommand } from './commands/template.js';
import { printReports, validateExitCode, validateFiles } from './commands/validate.js';
import { parseDate } from './core/dates.js';
import { EXIT_CODES } from './core/summary.js';
import { ConfigError, UsageError } from './errors.js';
import { HELP } from './help.js';


export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  /** Aborts a run (Ctrl-C). When absent, run and plan listen to SIGINT and SIGTERM themselves. */
  signal?: AbortSignal;
  stderr?: NodeJS.WriteStream;
  /** Tests wrap the CRM target (count writes, inject faults). */
  wrapTarget?: RunCommandArgs['wrapTarget'];
}

const defaultIo = (): Io => ({
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
  stderr: process.stderr,
});

export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError) { io.err(`spectrum-convert: ${e.message}\nRun "spectrum-convert help" for usage.`); return EXIT_CODES.usage; }
    if (e instanceof ConfigError) { io.err(`spectrum-convert: ${e.message}`); return EXIT_CODES.usage; }
    throw e;
  }
}

function parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string' },
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        out: { type: 'string' },
        input: { type: 'string' },
        output: { type: 'string' },
        concurrency: { type: 'string' },
        target: { type: 'string' },
        'crm-db': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        only: { type: 'string' },
        now: { type: 'string' },
        'no-archive': { type: 'boolean', default: false },
        'reveal-secrets': { type: 'boolean', default: false },
        run: { type: 'string' },
        biller: { type: 'string', multiple: true },
        force: { type: 'boolean', default: false },
        limit: { type: 'string' },
        'crm-url': { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

type Values = ReturnType<typeof parse>['values'];

/** Flags that override configuration keys. */
function overrides(v: Values): Partial<ConfigInput> {
  const o: Partial<ConfigInput> = {};
  if (v.input) o.input = v.input;
  if (v.output) o.output = v.output;
  if (v.concurrency) {
    const n = Number(v.concurrency);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--concurrency must be a whole number of 1 or more (got ${v.concurrency})`);
    o.concurrency = n;
  }
  if (v.target) {
    if (v.target !== 'sqlite' && v.target !== 'http') throw new UsageError(`--target must be sqlite or http (got ${v.target})`);
    o.target = v.target;
  }
  if (v['crm-db']) o.crmDb = v['crm-db'];
  if (v['crm-url']) o.crmUrl = v['crm-url'];
  if (v.port !== undefined) {
    const port = Number(v.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535 (got ${v.port})`);
    o.serve = { port };
  }
  if (v['no-archive']) o.archive = false;
  return o;
}

function onlySet(v: Values): Set<string> | undefined {
  return v.only ? new Set(v.only.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean)) : undefined;
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parse(rest);
  if (command === undefined || command === 'help' || command === '--help' || command === '-h' || values.help) {
    io.out(HELP);
    return EXIT_CODES.ok;
  }
  const config = await loadConfig({ file: values.config, env: io.env, overrides: overrides(values) });
  switch (command) {
    case 'run':
    case 'plan': {
      if (positionals.length) throw new UsageError(`${command} takes no arguments (got ${positionals.join(' ')}); use --input DIR`);
      if (values.now !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(values.now) && parseDate(values.now, 'MDY').ok)) throw new UsageError(`--now must be a date as YYYY-MM-DD (got ${values.now})`);
      const mode = command === 'plan' || values['dry-run'] ? 'plan' : 'run';
      return withSignals(io, async (signal) => (await runCommand({
        mode, now: values.now, only: onlySet(values), json: values.json, quiet: values.quiet,
        commandLine: ['spectrum-convert', ...argv].join(' '), env: io.env, signal, wrapTarget: io.wrapTarget, stderr: io.stderr, err: io.err,
      }, config, io.out)).code);
    }
    case 'rollback': {
      if (!values.run) throw new UsageError('rollback needs --run RUN_ID (see spectrum-convert history)');
      const billers = values.biller?.length ? new Set(values.biller.flatMap((b) => b.split(',')).map((b) => b.trim().toUpperCase()).filter(Boolean)) : undefined;
      return rollbackCommand({ runId: values.run, ...(billers ? { billers } : {}), force: values.force, json: values.json, env: io.env, err: io.err, wrapTarget: io.wrapTarget }, config, io.out);
    }
    case 'history': {
      const limit = values.limit === undefined ? 20 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number of 1 or more (got ${values.limit})`);
      return historyCommand({ limit, biller: values.biller?.[0], json: values.json }, config, io.out);
    }
    case 'report': {
      if (positionals.length) throw new UsageError(`report takes no arguments (got ${positionals.join(' ')}); use --out FILE`);
      return reportCommand({ out: values.out, json: values.json }, config, io.out);
    }
    case 'unlock': {
      if (!values.force) throw new UsageError('unlock removes the run locks; check that no run is alive, then use: spectrum-convert unlock --force');
      const removed = removeLocks(lockPaths(config));
      io.out(removed.length ? removed.map((h) => `removed ${h.path} (run ${h.runId}, pid ${h.pid} on ${h.host}, started ${h.startedAt})`).join('\n') : 'no lock was held');
      return EXIT_CODES.ok;
    }
    case 'validate': {
      if (positionals.length === 0) throw new UsageError('validate needs at least one FILE or DIR');
      const reports = await validateFiles(positionals, config);
      printReports(reports, values.json, io);
      return validateExitCode(reports);
    }
    case 'template': {
      if (positionals.length) throw new UsageError(`template takes no arguments (got ${positionals.join(' ')}); use --out FILE`);
      const path = await templateCommand(values.out ?? 'imt-implementation-worksheet.xlsx', config);
      io.out(`wrote ${path}`);
      return EXIT_CODES.ok;
    }
    case 'convert': {
      if (positionals.length === 0) throw new UsageError('convert needs at least one FILE or DIR');
      const only = onlySet(values);
      return withCrmLock(crmLockPath(config), 'convert', io.err, async () => (await convertCommand({ paths: positionals, dryRun: values['dry-run'], env: io.env, ...(only ? { only } : {}) }, config, io)).code);
    }
    case 'crm': {
      const [sub, arg, ...extra] = positionals;
      if (extra.length) throw new UsageError(`crm ${sub ?? ''}: unexpected ${extra.join(' ')}`);
      if (sub === 'import' && arg) return withCrmLock(crmLockPath(config), 'crm import', io.err, () => crmImport(arg, config, io));
      if (sub === 'export' && !arg) return crmExport(values.out, values['reveal-secrets'], config, io);
      if (sub === 'show' && arg) return crmShow(arg, config, io);
      if (sub === 'serve' && !arg) return withSignals(io, (signal) => serveCommand(config, io.env, signal, io));
      throw new UsageError('crm needs: import FILE.csv | export [--out FILE] | show BILLER_ID | serve [--port N]');
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** Ctrl-C (SIGINT) or SIGTERM: stop starting billers, let the ones in flight finish or roll back. */
async function withSignals(io: Io, fn: (signal: AbortSignal) => Promise<number>): Promise<number> {
  if (io.signal) return fn(io.signal);
  const controller = new AbortController();
  const stop = (sig: NodeJS.Signals) => {
    if (!controller.signal.aborted) io.err(`\n${sig}: no new biller will start; the ones in flight finish or roll back, then the results are written.`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
