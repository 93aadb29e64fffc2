/**
 * The command line: arguments → configuration → command → exit code. The only module that
 * touches process.env; it never calls process.exit (the launcher sets process.exitCode, so
 * logs and files flush).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { convertCommand } from './commands/convert.js';
import { crmExport, crmImport, crmShow } from './commands/crm.js';
import { templateCommand } from './commands/template.js';
import { printReports, validateExitCode, validateFiles } from './commands/validate.js';
import { ConfigError, UsageError } from './errors.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, rollbackFailed: 3 } as const;

export const HELP = `spectrum-convert: convert billers from IMT MIPS/APPS to IMT Spectrum

Usage:
  spectrum-convert validate FILE|DIR... [--json]   read and check worksheets; changes nothing
  spectrum-convert template [--out FILE]           write a blank IMT Implementation Worksheet
  spectrum-convert convert FILE|DIR... [--dry-run] [--only ID,...]
                                                   convert the billers of these worksheets now, one by one
  spectrum-convert crm import FILE.csv             load a CRM export into the embedded CRM (all rows or none)
  spectrum-convert crm export [--out FILE.csv] [--reveal-secrets]
                                                   write the embedded CRM as a CRM export (secrets masked)
  spectrum-convert crm show BILLER_ID              one biller's CRM configuration (secrets masked)
  spectrum-convert help                            this text

Options:
  --config FILE   a JSON configuration file (also SPECTRUM_CONVERT_CONFIG)
  --json          print the report as JSON
  --out FILE      where to write the template (default imt-implementation-worksheet.xlsx) or the export
  --crm-db FILE   the embedded CRM database (default output/crm.db; also SPECTRUM_CONVERT_CRM_DB)
  --dry-run       plan only: show the changes, write nothing to the CRM
  --only IDS      only these biller ids (comma-separated)

Exit codes:
  0  every file read is valid (warnings allowed)
  1  some file or biller has an error (invalid, blocked, failed)
  2  usage or configuration error
  3  some biller is rollback-failed: a person must act now
`;

export interface Io { out: (line: string) => void; err: (line: string) => void; env: Record<string, string | undefined> }

const defaultIo = (): Io => ({
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
});

export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError) { io.err(`spectrum-convert: ${e.message}\nRun "spectrum-convert help" for usage.`); return EXIT.usage; }
    if (e instanceof ConfigError) { io.err(`spectrum-convert: ${e.message}`); return EXIT.usage; }
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
        out: { type: 'string' },
        'crm-db': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        only: { type: 'string' },
        'reveal-secrets': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parse(rest);
  if (command === undefined || command === 'help' || command === '--help' || command === '-h' || values.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  const config = await loadConfig({ file: values.config, env: io.env, overrides: values['crm-db'] ? { crmDb: values['crm-db'] } : {} });
  switch (command) {
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
      return EXIT.ok;
    }
    case 'convert': {
      if (positionals.length === 0) throw new UsageError('convert needs at least one FILE or DIR');
      const only = values.only ? new Set(values.only.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean)) : undefined;
      return (await convertCommand({ paths: positionals, dryRun: values['dry-run'], ...(only ? { only } : {}) }, config, io)).code;
    }
    case 'crm': {
      const [sub, arg, ...extra] = positionals;
      if (extra.length) throw new UsageError(`crm ${sub ?? ''}: unexpected ${extra.join(' ')}`);
      if (sub === 'import' && arg) return crmImport(arg, config, io);
      if (sub === 'export' && !arg) return crmExport(values.out, values['reveal-secrets'], config, io);
      if (sub === 'show' && arg) return crmShow(arg, config, io);
      throw new UsageError('crm needs: import FILE.csv | export [--out FILE] | show BILLER_ID');
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}
