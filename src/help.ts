/** The text of `spectrum-convert help` and of `spectrum-convert COMMAND --help`, made from the command map. */
import { COMMANDS, type CommandSpec } from './commands/table.js';
import { EXIT_MEANINGS, exitCodeLines } from './commands/exit-codes.js';
import { OPTIONS, type OptionDoc, type OptionName } from './commands/options.js';

function optionLine(name: OptionName, spec: CommandSpec): string {
  const o: OptionDoc = OPTIONS[name];
  const flag = `--${name}${o.arg ? ` ${o.arg}` : ''}${o.short ? `, -${o.short}` : ''}`;
  const env = o.env ? ` [${o.env}]` : '';
  return `  ${flag.padEnd(24)} ${spec.optionHelp?.[name] ?? o.help}${env}`;
}

/** One command's usage, options and exit codes. */
export function commandHelp(name: string): string {
  const spec = COMMANDS[name];
  if (!spec) return HELP;
  return [
    `Usage: spectrum-convert ${spec.usage}`,
    '',
    spec.summary,
    '',
    'Options:',
    ...[...spec.options, 'help' as const].map((o) => optionLine(o, spec)),
    '',
    'Exit codes:',
    ...exitCodeLines(spec.exitCodes),
    '',
  ].join('\n');
}

/** The commands of a group of two-word commands (`crm`), or undefined when `group` is none. */
export function groupHelp(group: string): string | undefined {
  const members = Object.entries(COMMANDS).filter(([name]) => name.startsWith(`${group} `));
  if (!members.length) return undefined;
  return [
    `Usage: spectrum-convert ${group} COMMAND [options]`,
    '',
    ...members.map(([, c]) => `  spectrum-convert ${c.usage}\n      ${c.summary}`),
    '',
    `"spectrum-convert ${group} COMMAND --help" lists a command's options and exit codes.`,
    '',
  ].join('\n');
}

export const HELP = [
  'spectrum-convert: convert billers from IMT MIPS/APPS to IMT Spectrum',
  '',
  'Usage:',
  ...Object.values(COMMANDS).map((c) => `  spectrum-convert ${c.usage}\n      ${c.summary}`),
  "  spectrum-convert help [COMMAND]     this text, or one command's usage, options and exit codes",
  '  spectrum-convert --version          the version',
  '',
  'Every command takes only its own flags; "spectrum-convert COMMAND --help" lists them.',
  'Flags override the environment, which overrides the config file (--config FILE or SPECTRUM_CONVERT_CONFIG).',
  'The CRM token comes only from SPECTRUM_CONVERT_CRM_TOKEN; the journal key from SPECTRUM_CONVERT_JOURNAL_KEY',
  '(64 hex digits or base64) or the file named by journalKeyFile; never a flag.',
  '',
  'Exit codes:',
  ...exitCodeLines(Object.keys(EXIT_MEANINGS).map(Number)),
  '',
].join('\n');
