import { describe, expect, it } from 'vitest';
import { EXIT_MEANINGS } from '../src/commands/exit-codes.js';
import { OPTIONS } from '../src/commands/options.js';
import { COMMANDS } from '../src/commands/table.js';
import { commandHelp, HELP } from '../src/help.js';

describe('HELP', () => {
  it('lists every command with its summary and every exit code', () => {
    for (const c of Object.values(COMMANDS))
      expect(HELP).toContain(`  spectrum-convert ${c.usage}\n      ${c.summary}`);
    for (const [code, meaning] of Object.entries(EXIT_MEANINGS))
      expect(HELP).toContain(`  ${code.padEnd(4)} ${meaning}`);
  });
});

const commands = Object.entries(COMMANDS).map(([name, spec]) => ({ name, spec }));

describe('commandHelp', () => {
  it.each(commands)('$name: usage, summary, its own options plus --help, its exit codes only', ({ name, spec }) => {
    const text = commandHelp(name);
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([`Usage: spectrum-convert ${spec.usage}`, '', spec.summary]);
    const options = lines.slice(lines.indexOf('Options:') + 1, lines.indexOf('Exit codes:') - 1);
    expect(options.map((l) => /^ {2}--([a-z-]+)/.exec(l)?.[1])).toEqual([...spec.options, 'help']);
    const codes = lines.slice(lines.indexOf('Exit codes:') + 1).filter(Boolean);
    expect(codes.map((l) => Number(l.trim().split(' ')[0]))).toEqual([...spec.exitCodes]);
  });

  it.each([
    {
      name: 'argument and environment variable',
      line: `  ${'--config FILE'.padEnd(24)} ${OPTIONS.config.help} [SPECTRUM_CONVERT_CONFIG]`,
    },
    {
      name: "the command's own wording",
      line: `  ${'--out FILE'.padEnd(24)} where (default imt-implementation-worksheet.xlsx)`,
    },
    { name: 'a short flag', line: `  ${'--help, -h'.padEnd(24)} ${OPTIONS.help.help}` },
  ])('template --help: an option line with $name', ({ line }) => {
    expect(commandHelp('template').split('\n')).toContain(line);
  });

  it('an unknown command gets the general help', () => {
    expect(commandHelp('nope')).toBe(HELP);
  });
});
