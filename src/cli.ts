/**
 * The command line: arguments → configuration → command → exit code. The only module that
 * touches process.env; it never calls process.exit (the launcher sets process.exitCode, so
 * logs and files flush).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { templateCommand } from './commands/template.js';
import { printReports, validateExitCode, validateFiles } from './commands/validate.js';
import { ConfigError, UsageError } from './errors.js';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const HELP = `spectrum-convert: convert billers from IMT MIPS/APPS to IMT Spectrum

Usage:
  spectrum-convert validate FILE|DIR... [--json]   read and check worksheets; changes nothing
  spectrum-convert template [--out FILE]           write a blank IMT Implementation Worksheet
  spectrum-convert help                            this text

Options:
  --config FILE   a JSON configuration file (also SPECTRUM_CONVERT_CONFIG)
  --json          print the report as JSON
  --out FILE      where to write the template (default imt-implementation-worksheet.xlsx)

Exit codes:
  0  every file read is valid (warnings allowed)
  1  some file or biller has an error
  2  usage or configuration error
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
  const config = await loadConfig({ file: values.config, env: io.env });
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
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}
