/** The exit-code contract, written once: `--help` of every command and the README show this table. */
import { EXIT_CODES, type ExitCode } from '../core/summary.js';
import { FatalError, UsageError } from '../errors.js';

export const EXIT_MEANINGS: Record<number, string> = {
  [EXIT_CODES.ok]: 'every due biller converted, already converted, planned or scheduled (validate: every file valid)',
  [EXIT_CODES.someFailed]:
    'work for the morning: some biller invalid, blocked or failed, a file rejected, an --only/--biller id ' +
    'that matched nothing, or a refusal (crm import, rollback) or a "no" at the prompt: nothing done',
  [EXIT_CODES.usage]: 'usage or configuration error (unknown flag, missing --yes without a terminal): nothing was done',
  [EXIT_CODES.rollbackFailed]: 'some biller rollback-failed: a person must act now (see the Billers sheet)',
  [EXIT_CODES.unavailable]:
    'the CRM refused us (401/403, connection refused, TLS failure): the night stopped early, ' +
    'the rest interrupted and untouched',
  [EXIT_CODES.internal]: 'unexpected error: one line on stderr naming the crash log, which holds the details',
  [EXIT_CODES.locked]: 'another run holds the lock: the message names its run id, pid, host and start time',
  [EXIT_CODES.interrupted]: 'interrupted (Ctrl-C, SIGTERM): results written, untouched billers interrupted',
};

/** The lines of the table for these codes, as help prints them. */
export function exitCodeLines(codes: readonly number[]): string[] {
  return codes.map((c) => `  ${String(c).padEnd(4)} ${EXIT_MEANINGS[c] ?? ''}`);
}

/**
 * A fatal error's exit code and what the operator reads, in one place: each fatal error carries its code
 * (UsageError and ConfigError 2, LockedError 75); a usage error adds where the usage is. Anything else is
 * unexpected: undefined here, and the CLI writes a crash log and exits 70.
 */
export function fatalExit(e: unknown, helpCommand: string): { code: ExitCode; message: string } | undefined {
  if (!(e instanceof FatalError)) return undefined;
  const usage = e instanceof UsageError ? `\nRun "${helpCommand}" for usage.` : '';
  return { code: e.exitCode, message: `spectrum-convert: ${e.message}${usage}` };
}
