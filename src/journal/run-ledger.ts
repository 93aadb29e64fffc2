/**
 * The run ledger: the one lifecycle of every run the journal records (a night, a rehearsal, a rollback).
 * start → per biller: its before-state and plan, each change applied, its end → the results written → end.
 * The run is ended only once its results exist, so the journal names the workbook that reports it.
 * Without a journal (the pipeline tested alone) it records nothing and still writes the results.
 */
import type { ApplyHooks } from '../apply/apply-biller.js';
import type { CrmIdentity } from '../core/crm-match.js';
import type { ReportRows, RunInfo } from '../core/report-rows.js';
import { countByStatus, type BillerResult } from '../core/summary.js';
import { writeResults } from '../report/results-workbook.js';
import type { Journal, RunRecord } from './journal.js';

/** Who started the run and how, as the journal records it. */
export interface RunStart {
  id: string;
  kind: RunRecord['kind'];
  /** The run a rollback undoes. */
  ofRun: string | null;
  host: string;
  user: string;
  options: string;
  toolVersion: string;
  /** The CRM it writes to (core/crm-match.ts): crash recovery restores its billers only into that one. */
  crm?: CrmIdentity;
}

/** Where a biller came from, recorded before its first CRM write. */
export type BillerMeta = Parameters<Journal['billerBegin']>[1];
type BillerEnd = Parameters<Journal['billerEnd']>[2];
export type ResultPaths = Awaited<ReturnType<typeof writeResults>>;

export class RunLedger {
  readonly startedAt = new Date();

  private constructor(
    private readonly journal: Journal | undefined,
    readonly runId: string,
  ) {}

  /** `say` hears about the run's journal lease (a renewal that failed, the run taken over: run-lease.ts). */
  static start(journal: Journal | undefined, run: RunStart, say?: (line: string) => void): RunLedger {
    const ledger = new RunLedger(journal, run.id);
    journal?.startRun({ ...run, startedAt: ledger.startedAt.toISOString(), pid: process.pid }, say);
    return ledger;
  }

  /** The hooks of one biller's conversion: before the first write, its before-state and plan; then each change. */
  hooks(meta: BillerMeta): ApplyHooks {
    const journal = this.journal;
    if (!journal) return {};
    return {
      began: (before, plan) => journal.billerBegin(this.runId, meta, before, plan.changes),
      applied: (index) => journal.changeApplied(this.runId, meta.billerId, index),
    };
  }

  /** How a biller ended; `undone` marks its applied changes as rolled back. */
  billerEnd(result: BillerResult, extra: BillerEnd): void {
    this.journal?.billerEnd(this.runId, result, extra);
  }

  /** The latest successful conversion of a biller (by any run), for the "since last run" note. */
  lastConversion(billerId: string): ReturnType<Journal['lastConversion']> {
    return this.journal?.lastConversion(billerId);
  }

  /** A biller a dead run left in flight was converted by this run after all. */
  superseded(deadRun: string, billerId: string): void {
    this.journal?.recovered(deadRun, billerId, `superseded: converted by run ${this.runId}`);
  }

  /** The results workbook, its json and page written from `rows`; then the run is ended with them. */
  async finish(
    outputDir: string,
    info: RunInfo,
    rows: ReportRows,
    billers: readonly BillerResult[],
    /** Called once the results are written, before the run is ended in the journal (the spill's removal). */
    written?: () => void,
  ): Promise<ResultPaths> {
    const counts = countByStatus(billers);
    const paths = await writeResults(outputDir, this.startedAt, rows, { ...info, counts, ...rows });
    // Before the run is marked ended: another run sharing the output folder takes an ended run's spill
    // for a dead run's (recover-runs.ts), so ours must be gone by then.
    written?.();
    this.journal?.endRun(this.runId, {
      endedAt: info.endedAt.toISOString(),
      counts,
      exitCode: info.exitCode,
      state: info.interrupted ? 'interrupted' : 'done',
      results: paths.xlsx,
    });
    return paths;
  }
}
