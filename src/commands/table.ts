/**
 * The command map: each command with its own flags, its positionals, its exit codes and how its flags become
 * the command's arguments; the work (and what it prints) is in the command's own module. The CLI parses
 * against a command's own flags only, so a flag it does not take is refused. A new command is one more entry.
 */
import { EXIT_CODES } from '../core/summary.js';
import type { CommandContext } from './context.js';
import { convertCommand } from './convert.js';
import { crmExport, crmImport, crmShow } from './crm.js';
import { history, night, rollback } from './flag-args.js';
import { reportCommand } from './report.js';
import { serveCommand } from './serve.js';
import { templateCommand } from './template.js';
import { unlockCommand } from './unlock.js';
import { validateCommand } from './validate.js';
import { idSet, str, type OptionName, type Parsed } from './options.js';

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
  /** The command, given its parsed flags and its context (configuration, output, what it opened). */
  run(p: Parsed, ctx: CommandContext, argv: readonly string[]): Promise<number> | number;
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
    run: (p, ctx) => validateCommand(p.positionals, p.values.json === true, ctx),
  },
  template: {
    usage: 'template [--out FILE] [--force]',
    summary: 'write a blank IMT Implementation Worksheet',
    options: ['config', 'out', 'force'],
    optionHelp: { out: 'where (default imt-implementation-worksheet.xlsx)', force: 'overwrite an existing file' },
    exitCodes: [ok, usage, internal],
    run: (p, ctx) =>
      templateCommand(str(p.values, 'out') ?? 'imt-implementation-worksheet.xlsx', p.values.force === true, ctx),
  },
  convert: {
    usage: 'convert FILE|DIR... [--dry-run] [--only ID,...]',
    summary: 'convert the billers of these worksheets now, one by one',
    options: [...CRM, 'dry-run', 'only'],
    positionals: { min: 1, max: Infinity, label: 'FILE or DIR' },
    exitCodes: [ok, someFailed, usage, rollbackFailed, internal, locked],
    async run(p, ctx) {
      const only = idSet(p.values, 'only');
      const args = { paths: p.positionals, dryRun: p.values['dry-run'] === true, ...(only ? { only } : {}) };
      return (await convertCommand(args, ctx)).code;
    },
  },
  'crm import': {
    usage: 'crm import FILE.csv [--dry-run] [--replace] [--yes]',
    summary: 'load a CRM export into the embedded CRM (all rows or none)',
    options: ['config', 'output', 'crm-db', 'dry-run', 'replace', 'yes'],
    positionals: { min: 1, max: 1, label: 'FILE.csv' },
    exitCodes: [ok, someFailed, usage, internal, locked],
    run: ({ positionals, values: v }, ctx) =>
      crmImport(
        positionals[0]!,
        { dryRun: v['dry-run'] === true, replace: v.replace === true, yes: v.yes === true },
        ctx,
      ),
  },
  'crm export': {
    usage: 'crm export [--out FILE.csv] [--reveal-secrets]',
    summary: 'write the embedded CRM as a CRM export (secrets masked)',
    options: ['config', 'output', 'crm-db', 'out', 'reveal-secrets'],
    exitCodes: [ok, usage, internal],
    run: (p, ctx) => crmExport(str(p.values, 'out'), p.values['reveal-secrets'] === true, ctx),
  },
  'crm show': {
    usage: 'crm show BILLER_ID',
    summary: "one biller's CRM configuration (secrets masked)",
    options: ['config', 'output', 'crm-db'],
    positionals: { min: 1, max: 1, label: 'BILLER_ID' },
    exitCodes: [ok, someFailed, usage, internal],
    run: (p, ctx) => crmShow(p.positionals[0]!, ctx),
  },
  'crm serve': {
    usage: 'crm serve [--port N]',
    summary: 'the CRM REST contract over the embedded CRM, on loopback, until Ctrl-C',
    options: ['config', 'output', 'crm-db', 'port'],
    exitCodes: [ok, usage, internal],
    signals: true,
    run: (_p, ctx) => serveCommand(ctx),
  },
  rollback: {
    usage: 'rollback --run RUN_ID [--biller ID]... [--dry-run] [--yes] [--force]',
    summary: 'restore the billers a run converted to their state before it (preview, then confirm)',
    options: [...CRM, 'input', 'run', 'biller', 'force', 'dry-run', 'yes', 'json'],
    optionHelp: { force: 'also roll back billers changed since the run (ROLLBACK.CHANGED_SINCE)' },
    exitCodes: [ok, someFailed, usage, rollbackFailed, internal, locked],
    run: rollback,
  },
  history: {
    usage: 'history [--limit N] [--biller ID] [--json]',
    summary: 'recent runs, or the whole story of one biller',
    options: ['config', 'output', 'limit', 'biller', 'json'],
    optionHelp: { biller: 'the whole story of this biller' },
    exitCodes: [ok, usage, internal],
    run: history,
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
    run: (p, ctx) => reportCommand({ out: str(p.values, 'out'), json: p.values.json === true }, ctx),
  },
  unlock: {
    usage: 'unlock --force',
    summary: 'remove the run locks after checking no run is alive',
    options: [...CRM, 'input', 'force'],
    optionHelp: { force: 'yes, a person checked that no run is alive' },
    exitCodes: [ok, usage],
    run: (p, ctx) => unlockCommand(p.values.force === true, ctx),
  },
};
