/** What a run adds up to: one row per biller, counts per status, the exit code. Pure. */
import type { Change } from './change.js';
import type { ResultCode } from './codes.js';
import type { FileReport } from './file-report.js';
import type { FollowUp } from './plan.js';
import { STATUSES, type BillerStatus } from './status.js';

export interface BillerResult {
  billerId: string | null;
  billerName: string | null;
  status: BillerStatus;
  file: string;
  sheet: string;
  row?: number;
  /** converted: the changes applied; planned: the changes a run would make; otherwise none. */
  changes: Change[];
  /** Set when `changes` were written aside to keep memory flat: how many there were (maintenance excluded). */
  changeCount?: number;
  followUps: FollowUp[];
  /** cell: the worksheet cell an invalid biller is refused for (the first), when one is named. `refusal`: the CRM
   * refused us as a whole (bad token, unreachable…), not this biller: see the circuit breaker. */
  error?: { code: ResultCode; message: string; step?: string; hint?: string; cell?: string; refusal?: string };
  /** converted: seconds its IC pages were in maintenance. */
  windowSeconds?: number;
  /** rollback-failed: what still differs from the state before the run. */
  remaining?: string[];
  /** What the journal knows: "worksheet changed since the conversion in run …". */
  note?: string;
}

export const EXIT_CODES = {
  ok: 0,
  someFailed: 1,
  usage: 2,
  rollbackFailed: 3,
  /** The CRM refuses us (401/403 on everything, connection refused, TLS): the night stopped early (EX_UNAVAILABLE). */
  unavailable: 69,
  /** An unexpected error: a bug or the machine (sysexits EX_SOFTWARE); the stack is in the crash log. */
  internal: 70,
  locked: 75,
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export function countByStatus(billers: readonly BillerResult[]): Record<BillerStatus, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<BillerStatus, number>;
  for (const b of billers) counts[b.status]++;
  return counts;
}

/** What decides a command's exit code, beside the statuses of its billers. */
export interface ExitFacts {
  /** A file was rejected or holds an error. */
  badFile?: boolean;
  /** Ctrl-C or SIGTERM stopped the command. */
  interrupted?: boolean;
  /** The circuit breaker stopped the night with this code (69, or 2 for a URL path the CRM does not know). */
  stopped?: ExitCode;
  /** --only / --biller ids that matched no biller. */
  unmatched?: number;
}

/**
 * 3 beats the breaker's code beats 130 beats 1: a person acting now matters more than a stop, which matters
 * more than errors (a biller failed, blocked or invalid, a bad file, an id that matched nothing). The one
 * rule for run, plan, convert and rollback.
 */
export function exitCodeOf(statuses: readonly BillerStatus[], facts: ExitFacts = {}): ExitCode {
  if (statuses.includes('rollback-failed')) return EXIT_CODES.rollbackFailed;
  if (facts.stopped !== undefined) return facts.stopped;
  if (facts.interrupted) return EXIT_CODES.interrupted;
  const bad = statuses.some((s) => s === 'failed' || s === 'blocked' || s === 'invalid');
  if (bad || facts.badFile || (facts.unmatched ?? 0) > 0) return EXIT_CODES.someFailed;
  return EXIT_CODES.ok;
}

/** The exit code of a night's (or a rollback's) results: its billers, its files, and how it ended. */
export function exitCode(
  billers: readonly BillerResult[],
  files: readonly FileReport[],
  interrupted: boolean,
  facts: Pick<ExitFacts, 'stopped' | 'unmatched'> = {},
): ExitCode {
  const badFile = files.some((f) => f.status === 'rejected' || f.issues.some((i) => i.severity === 'error'));
  return exitCodeOf(
    billers.map((b) => b.status),
    { ...facts, badFile, interrupted },
  );
}

/** The results order: what needs a person first, then by file and position. */
export function sortResults(billers: readonly BillerResult[]): BillerResult[] {
  const rank = (s: BillerStatus) => STATUSES.indexOf(s);
  return [...billers].sort(
    (a, b) =>
      rank(a.status) - rank(b.status) ||
      a.file.localeCompare(b.file) ||
      a.sheet.localeCompare(b.sheet) ||
      (a.row ?? 0) - (b.row ?? 0),
  );
}

/** One line for people: "12 billers: 7 converted, 2 already-converted, 1 blocked, …". */
export function summaryLine(billers: readonly BillerResult[]): string {
  const c = countByStatus(billers);
  const parts = STATUSES.filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`);
  return `${billers.length} biller${billers.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
