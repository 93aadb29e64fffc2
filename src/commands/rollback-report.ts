/**
 * The end of a rollback: its exit code, its results workbook written and the run ended in the journal (the run
 * ledger), then what it prints: the json summary, or one line per biller, the counts, the results and its run id.
 */
import type { Config } from '../config.js';
import { reportRows, type RunInfo } from '../core/report-rows.js';
import { countByStatus, exitCodeOf, summaryLine, type BillerResult } from '../core/summary.js';
import type { ResultPaths, RunLedger } from '../journal/run-ledger.js';
import type { Masker } from '../mask.js';

export interface RollbackEnd {
  /** The run rolled back. */
  ofRun: string;
  results: readonly BillerResult[];
  /** --biller ids the run did not convert. */
  unmatched: readonly string[];
  target: string;
  json: boolean;
}

/** How the rollback run is reported: its info for the results workbook. */
export function rollbackInfo(e: RollbackEnd, runId: string, startedAt: Date, timeZone: string): RunInfo {
  return {
    runId,
    mode: 'rollback' as const,
    startedAt,
    endedAt: new Date(),
    target: e.target,
    concurrency: 1,
    now: startedAt.toISOString().slice(0, 10),
    commandLine: `spectrum-convert rollback --run ${e.ofRun}`,
    exitCode: exitCodeOf(
      e.results.map((r) => r.status),
      { unmatched: e.unmatched.length },
    ),
    interrupted: false,
    timeZone,
  };
}

/** What the rollback prints on stdout, once its results are written. */
export function rollbackOutput(e: RollbackEnd, runId: string, exitCode: number, written: ResultPaths): string[] {
  const { results } = e;
  if (e.json) {
    const counts = countByStatus(results);
    const summary = { runId, rollbackOf: e.ofRun, exitCode, counts, results: written, unmatched: e.unmatched };
    return [JSON.stringify(summary, null, 2)];
  }
  return [
    ...results.map(
      (r) =>
        `${r.status.padEnd(16)} ${r.billerName ?? ''} (${r.billerId ?? ''})` +
        (r.error ? `: ${r.error.code} ${r.error.message}` : ''),
    ),
    `${summaryLine(results)}\nResults: ${written.xlsx}\nRollback run id: ${runId}`,
  ];
}

/** Writes the results and ends the run in the journal; prints the outcome; returns the exit code. */
export async function reportRollback(
  e: RollbackEnd,
  ledger: RunLedger,
  config: Pick<Config, 'output' | 'timeZone'>,
  io: { out: (line: string) => void; mask: Masker },
): Promise<number> {
  const info = rollbackInfo(e, ledger.runId, ledger.startedAt, config.timeZone);
  const rows = reportRows(info, [], e.results, io.mask);
  const written = await ledger.finish(config.output, info, rows, e.results);
  for (const line of rollbackOutput(e, ledger.runId, info.exitCode, written)) io.out(line);
  return info.exitCode;
}
