/**
 * The command map: each command with its own flags, its positionals, its exit codes and a small run
 * function. The CLI parses against a command's own flags only, so a flag it does not take is refused.
 * A new command (e.g. `report`) is one more entry here.
 */
import { crmLockPath, lockPaths, type Config } from '../config.js';
import { EXIT_CODES } from '../core/summary.js';
import { requireCrm } from '../targets/index.js';
import { UsageError } from '../errors.js';
import { removeRunLocks, type CommandContext } from './context.js';
import { convertCommand } from './convert.js';
import { crmExport, crmImport, crmShow } from './crm.js';
import { historyCommand } from './history.js';
import { reportCommand } from './report.js';
import { rollbackCommand } from './rollback.js';
import { runCommand } from './run.js';
import { serveCommand } from './serve.js';
import { templateCommand } from './template.js';
import { printReports, validateExitCode, validateFiles } from './validate.js';
import { idSet, str, whole, type OptionName, type Parsed } from './options.js';

export interface CommandSpec {
  /** What follows `spectrum-convert` in the usage line. */
  usage: string;
  summary: string;
  options: readonly OptionName[];
  /** How many positionals, and what they are called in messages. Default: none. */
  positionals?: { min: number; max: number; label: string };
  /** A command's own meaning of a shared flag (e.g. --force). */
  optionHelp?: Partial<Record<OptionName, string>>;
  exitCodes: readonly number[];
  /** Runs with signal handling (Ctrl-C stops it cleanly). */
  signals?: boolean;
  run(p: Parsed, config: Config, ctx: CommandContext, argv: readonly string[]): Promise<number>;
}

const { ok, someFailed, usage, rollbackFailed, unavailable, internal, locked, interrupted } = EXIT_CODES;
const CRM: OptionName[] = ['config', 'output', 'target', 'crm-db', 'crm-url'];
const RUN_OPTIONS: OptionName[] = [
  'config',
  'input',
  'output',
  'concurrency',
  'target',
  'crm-db',
  'crm-url',
  'only',
  'now',
  'settle-seconds',
  'json',
  'quiet',
];
const NIGHT_CODES = [ok, someFailed, usage, rollbackFailed, unavailable, internal, locked, interrupted];

function nowFlag(p: Parsed): string | undefined {
  const now = str(p.values, 'now');
  if (now === undefined) return undefined;
  const [y, m, d] = now.split('-').map(Number);
  const real = /^\d{4}-\d{2}-\d{2}$/.test(now) && new Date(Date.UTC(y!, m! - 1, d!)).toISOString().slice(0, 10) === now;
  if (!real) throw new UsageError(`--now must be a date as YYYY-MM-DD (got ${now})`);
  return now;
}

function night(mode: 'run' | 'plan') {
  return (p: Parsed, config: Config, ctx: CommandContext, argv: readonly string[]) =>
    runCommand(
      {
        mode: mode === 'plan' || p.values['dry-run'] === true ? 'plan' : 'run',
        now: nowFlag(p),
        only: idSet(p.values, 'only'),
        json: p.values.json === true,
        quiet: p.values.quiet === true,
        commandLine: ['spectrum-convert', ...argv].join(' '),
      },
      config,
      ctx,
    ).then((r) => r.code);
}

export const COMMANDS: Record<string, CommandSpec> = {
  run: {
    usage: 'run [options]',
    summary: 'the nightly batch: convert every due biller in the input folder',
    options: [...RUN_OPTIONS, 'no-archive', 'dry-run'],
    exitCodes: NIGHT_CODES,
    signals: true,
    run: night('run'),
  },
  plan: {
    usage: 'plan [options]',
    summary: 'the same, writing nothing to the CRM (also: run --dry-run)',
    options: RUN_OPTIONS,
    exitCodes: NIGHT_CODES,
    signals: true,
    run: night('plan'),
  },
  validate: {
    usage: 'validate FILE|DIR... [--json]',
    summary: 'read and check worksheets; changes nothing',
    options: ['config', 'json'],
    positionals: { min: 1, max: Infinity, label: 'FILE or DIR' },
    exitCodes: [ok, someFailed, usage, internal],
    async run(p, config, ctx) {
      const reports = await validateFiles(p.positionals, config);
      printReports(reports, p.values.json === true, ctx.io);
      return validateExitCode(reports);
    },
  },
  template: {
    usage: 'template [--out FILE] [--force]',
    summary: 'write a blank IMT Implementation Worksheet',
    options: ['config', 'out', 'force'],
    optionHelp: { out: 'where (default imt-implementation-worksheet.xlsx)', force: 'overwrite an existing file' },
    exitCodes: [ok, usage, internal],
    async run(p, config, ctx) {
      ctx.io.out(
        `wrote ${await templateCommand(str(p.values, 'out') ?? 'imt-implementation-worksheet.xlsx', p.values.force === true, config)}`,
      );
      return ok;
    },
  },
  convert: {
    usage: 'convert FILE|DIR... [--dry-run] [--only ID,...]',
    summary: 'convert the billers of these worksheets now, one by one',
    options: [...CRM, 'dry-run', 'only'],
    positionals: { min: 1, max: Infinity, label: 'FILE or DIR' },
    exitCodes: [ok, someFailed, usage, rollbackFailed, internal, locked],
    async run(p, config, ctx) {
      requireCrm(config);
      ctx.lock(crmLockPath(config), 'convert');
      const only = idSet(p.values, 'only');
      return (
        await convertCommand(
          { paths: p.positionals, dryRun: p.values['dry-run'] === true, ...(only ? { only } : {}) },
          config,
          ctx,
        )
      ).code;
    },
  },
  'crm import': {
    usage: 'crm import FILE.csv [--dry-run] [--replace] [--yes]',
    summary: 'load a CRM export into the embedded CRM (all rows or none)',
    options: ['config', 'output', 'crm-db', 'dry-run', 'replace', 'yes'],
    positionals: { min: 1, max: 1, label: 'FILE.csv' },
    exitCodes: [ok, someFailed, usage, internal, locked],
    async run(p, config, ctx) {
      const v = p.values;
      // A dry run into a CRM that does not exist yet must not create it to lock it: nothing is written.
      ctx.lock(crmLockPath({ ...config, target: 'sqlite' }, v['dry-run'] !== true), 'crm import');
      return crmImport(
        p.positionals[0]!,
        { dryRun: v['dry-run'] === true, replace: v.replace === true, yes: v.yes === true },
        config,
        ctx.io,
      );
    },
  },
  'crm export': {
    usage: 'crm export [--out FILE.csv] [--reveal-secrets]',
    summary: 'write the embedded CRM as a CRM export (secrets masked)',
    options: ['config', 'output', 'crm-db', 'out', 'reveal-secrets'],
    exitCodes: [ok, usage, internal],
    run: (p, config, ctx) => crmExport(str(p.values, 'out'), p.values['reveal-secrets'] === true, config, ctx.io),
  },
  'crm show': {
    usage: 'crm show BILLER_ID',
    summary: "one biller's CRM configuration (secrets masked)",
    options: ['config', 'output', 'crm-db'],
    positionals: { min: 1, max: 1, label: 'BILLER_ID' },
    exitCodes: [ok, someFailed, usage, internal],
    run: (p, config, ctx) => crmShow(p.positionals[0]!, config, ctx.io),
  },
  'crm serve': {
    usage: 'crm serve [--port N]',
    summary: 'the CRM REST contract over the embedded CRM, on loopback, until Ctrl-C',
    options: ['config', 'output', 'crm-db', 'port'],
    exitCodes: [ok, usage, internal],
    signals: true,
    run: (_p, config, ctx) => serveCommand(config, ctx),
  },
  rollback: {
    usage: 'rollback --run RUN_ID [--biller ID]... [--dry-run] [--yes] [--force]',
    summary: 'restore the billers a run converted to their state before it (preview, then confirm)',
    options: [...CRM, 'input', 'run', 'biller', 'force', 'dry-run', 'yes', 'json'],
    optionHelp: { force: 'also roll back billers changed since the run (ROLLBACK.CHANGED_SINCE)' },
    exitCodes: [ok, someFailed, usage, rollbackFailed, internal, locked],
    async run(p, config, ctx) {
      const runId = str(p.values, 'run');
      if (!runId) throw new UsageError('rollback needs --run RUN_ID (see spectrum-convert history)');
      const billers = idSet(p.values, 'biller');
      const v = p.values;
      return rollbackCommand(
        {
          runId,
          ...(billers ? { billers } : {}),
          force: v.force === true,
          json: v.json === true,
          dryRun: v['dry-run'] === true,
          yes: v.yes === true,
        },
        config,
        ctx,
      );
    },
  },
  history: {
    usage: 'history [--limit N] [--biller ID] [--json]',
    summary: 'recent runs, or the whole story of one biller',
    options: ['config', 'output', 'limit', 'biller', 'json'],
    optionHelp: { biller: 'the whole story of this biller' },
    exitCodes: [ok, usage, internal],
    async run(p, config, ctx) {
      const limit = str(p.values, 'limit') === undefined ? 20 : whole('limit', str(p.values, 'limit')!, 1);
      const biller = idSet(p.values, 'biller');
      if (biller && biller.size > 1) throw new UsageError('history --biller takes one biller id');
      return historyCommand(
        { limit, biller: biller ? [...biller][0] : undefined, json: p.values.json === true },
        config,
        ctx.io.out,
      );
    },
  },
  report: {
    usage: 'report [--out FILE] [--json]',
    summary: 'the conversion tracker from the journal (default OUTPUT/tracker.xlsx)',
    options: ['config', 'output', 'out', 'json'],
    optionHelp: {
      out: 'where (default OUTPUT/tracker.xlsx)',
      json: 'print the tracker as JSON (with --out: also write it)',
    },
    exitCodes: [ok, usage, internal],
    run: (p, config, ctx) =>
      reportCommand({ out: str(p.values, 'out'), json: p.values.json === true }, config, ctx.io.out),
  },
  unlock: {
    usage: 'unlock --force',
    summary: 'remove the run locks after checking no run is alive',
    options: [...CRM, 'input', 'force'],
    optionHelp: { force: 'yes, a person checked that no run is alive' },
    exitCodes: [ok, usage],
    async run(p, config, ctx) {
      if (p.values.force !== true)
        throw new UsageError(
          'unlock removes the run locks; check that no run is alive, then use: spectrum-convert unlock --force',
        );
      const removed = removeRunLocks(lockPaths(config, false));
      ctx.io.out(removed.length ? removed.join('\n') : 'no lock was held');
      return ok;
    },
  },
};
