/**
 * What each exit code means, written once: `--help` of every command, the README and the results' Summary
 * sheet all show this table, so the note beside a night's exit code is the one an operator reads in help.
 */
import { EXIT_CODES } from './summary.js';

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
  [EXIT_CODES.locked]:
    'another run holds the lock (the message names its run id, pid, host and start time), or took this run ' +
    'over while it ran (its journal lease ran out)',
  [EXIT_CODES.interrupted]: 'interrupted (Ctrl-C, SIGTERM): results written, untouched billers interrupted',
};
