/**
 * The command line: arguments → the command's own flags → configuration → command → exit code. The only
 * module that touches process.env and process signals; it never calls process.exit (the launcher sets
 * process.exitCode, so logs and files flush). An unexpected error is one line on stderr and a crash log.
 */
import { createInterface } from 'node:readline/promises';
import { loadConfig, type Config } from './config.js';
import { withContext, type CommandIo } from './commands/context.js';
import { writeCrashLog } from './commands/crash.js';
import { fatalExit } from './commands/exit-codes.js';
import { didYouMean, overrides, parseCommandArgs } from './commands/options.js';
import { COMMANDS } from './commands/table.js';
import { toolVersion } from './commands/run.js';
import { EXIT_CODES } from './core/summary.js';
import { UsageError } from './errors.js';
import { commandHelp, groupHelp, HELP } from './help.js';

export type Io = CommandIo;

const defaultIo = (): Io => ({
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
  stderr: process.stderr,
  stdoutTTY: process.stdout.isTTY === true,
  interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
  ask: async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
});

/** `crm import` is one command of two words. */
function commandName(argv: readonly string[]): { name: string; rest: readonly string[] } {
  const [first, second] = argv;
  if (first === 'crm' && second && !second.startsWith('-')) return { name: `crm ${second}`, rest: argv.slice(2) };
  return { name: first ?? 'help', rest: argv.slice(1) };
}

export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  const { name, rest } = commandName(argv);
  let config: Config | undefined;
  try {
    return await dispatch(name, rest, argv, io, (c) => {
      config = c;
    });
  } catch (e) {
    const fatal = fatalExit(e, COMMANDS[name] ? `spectrum-convert ${name} --help` : 'spectrum-convert help');
    if (fatal) {
      io.err(fatal.message);
      return fatal.code;
    }
    const log = writeCrashLog(config?.output, argv, e);
    io.err(
      `spectrum-convert: ${name} stopped on an unexpected error: ${oneLine(e)}. ` +
        `Details: ${log ?? 'no log could be written'}`,
    );
    return EXIT_CODES.internal;
  }
}

function oneLine(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as NodeJS.ErrnoException).code;
  return `${err.message.split('\n')[0]} (${err.name}${code ? ` ${code}` : ''})`;
}

async function dispatch(
  name: string,
  rest: readonly string[],
  argv: readonly string[],
  io: Io,
  loaded: (c: Config) => void,
): Promise<number> {
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(toolVersion());
    return EXIT_CODES.ok;
  }
  if (name === 'help' || name === '--help' || name === '-h') return help(rest, io);
  const spec = COMMANDS[name];
  if (!spec) return unknownCommand(name, rest, io);
  const parsed = parseCommandArgs(name, spec.options, rest);
  if (parsed.values.help) {
    io.out(commandHelp(name));
    return EXIT_CODES.ok;
  }
  const pos = spec.positionals ?? { min: 0, max: 0, label: '' };
  if (parsed.positionals.length < pos.min)
    throw new UsageError(`${name} needs ${pos.max === 1 ? 'a' : 'at least one'} ${pos.label}`);
  if (parsed.positionals.length > pos.max)
    throw new UsageError(
      `${name} takes ${pos.max === 0 ? 'no arguments' : `only ${pos.max} ${pos.label}`} ` +
        `(got ${parsed.positionals.slice(pos.max).join(' ')})`,
    );
  const config = await loadConfig({
    file: typeof parsed.values.config === 'string' ? parsed.values.config : undefined,
    env: io.env,
    overrides: overrides(parsed.values),
  });
  loaded(config);
  const go = (cio: Io) => withContext(config, cio, async (ctx) => spec.run(parsed, ctx, argv));
  return spec.signals ? withSignals(io, (signal) => go({ ...io, signal })) : go(io);
}

/** `help`, `help COMMAND`, `help crm`; a topic that is no command is said so on stderr (exit 2), never taken. */
function help(rest: readonly string[], io: Io): number {
  const topic = rest.filter((a) => !a.startsWith('-')).join(' ');
  const text = !topic ? HELP : COMMANDS[topic] ? commandHelp(topic) : groupHelp(topic);
  if (text !== undefined) {
    io.out(text);
    return EXIT_CODES.ok;
  }
  io.out(HELP);
  const guess = didYouMean(topic, Object.keys(COMMANDS).concat('crm'));
  io.err(`spectrum-convert: no help for "${topic}": no such command${guess ? ` (did you mean ${guess}?)` : ''}`);
  return EXIT_CODES.usage;
}

/** A name that is no command: the `crm` group's help when it was asked for, else a usage error with a guess. */
function unknownCommand(name: string, rest: readonly string[], io: Io): number {
  const group = name.split(' ')[0]!;
  const asked = name === `${group} help` || (name === group && rest.some((a) => a === '--help' || a === '-h'));
  const members = groupHelp(group);
  if (asked && members !== undefined) {
    io.out(members);
    return EXIT_CODES.ok;
  }
  if (name === 'crm') throw new UsageError('crm needs: import FILE.csv | export | show BILLER_ID | serve');
  const known = name.includes(' ') ? Object.keys(COMMANDS) : Object.keys(COMMANDS).filter((k) => !k.includes(' '));
  const guess = didYouMean(name, name.includes(' ') ? known : known.concat('crm'));
  throw new UsageError(`unknown command "${name}"${guess ? ` (did you mean ${guess}?)` : ''}`);
}

/**
 * Ctrl-C (SIGINT) or SIGTERM: stop starting billers, let the ones in flight finish or roll back. A second one
 * stops at once (a CRM that hangs must not hold the operator): the journal already holds the biller in flight
 * (its before-state is written before its first CRM write), so the next run's crash recovery restores it, and
 * the lock of a dead process is taken over.
 */
async function withSignals(io: Io, fn: (signal: AbortSignal) => Promise<number>): Promise<number> {
  if (io.signal) return fn(io.signal);
  const controller = new AbortController();
  const stop = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      io.err(`\n${sig} again: stopped at once; the biller in flight is restored by the next run.`);
      process.exit(EXIT_CODES.interrupted);
    }
    io.err(
      `\n${sig}: no new biller will start; the ones in flight finish or roll back, then the results are written ` +
        '(press Ctrl-C again to stop at once; the biller in flight is restored by the next run).',
    );
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
