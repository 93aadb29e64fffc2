/**
 * What a night says to the people and tools watching it: the summary line (for --quiet and cron, with the
 * local date, run id, counts, files left waiting and the results path) and, on a terminal, the billers that
 * need a person after the progress bar, coloured unless NO_COLOR.
 */
import { localTime } from '../core/local-time.js';
import { sortResults, summaryLine, type BillerResult } from '../core/summary.js';
import type { RunOutcome } from '../run.js';

const NEEDS_A_PERSON = new Set(['rollback-failed', 'failed', 'blocked', 'invalid']);
const COLOUR: Record<string, string> = {
  'rollback-failed': '\x1b[1;31m',
  failed: '\x1b[31m',
  blocked: '\x1b[33m',
  invalid: '\x1b[33m',
};

/** `7 billers: 5 converted, 2 blocked; 1 file left for the next run (still being written)`. */
export function countsLine(billers: readonly BillerResult[], waiting: number, settleSeconds: number): string {
  const left = waiting
    ? `; ${waiting} file${waiting === 1 ? '' : 's'} left for the next run (modified less than ${settleSeconds} s ago)`
    : '';
  return `${summaryLine(billers)}${left}`;
}

/** The one line of --quiet: enough for a cron log to answer "what happened that night". */
export function quietLine(o: RunOutcome, timeZone: string, settleSeconds: number): string {
  return (
    `${localTime(o.info.startedAt, timeZone)} ${o.info.mode} ${o.info.runId} exit ${o.info.exitCode}: ` +
    `${countsLine(o.billers, o.waiting, settleSeconds)}. Results: ${o.results.xlsx}`
  );
}

/** One line per biller that needs a person: status, biller, code. */
export function needsAPerson(billers: readonly BillerResult[], colour: boolean): string[] {
  return sortResults(billers.filter((b) => NEEDS_A_PERSON.has(b.status))).map((b) => {
    const status = b.status.padEnd(16);
    const line = `${colour ? `${COLOUR[b.status] ?? ''}${status}\x1b[0m` : status} ${b.billerId ?? '(no id)'} ${b.billerName ?? ''}`;
    return `${line}  ${b.error?.code ?? ''}`.trimEnd();
  });
}
