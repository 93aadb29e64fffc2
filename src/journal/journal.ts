/**
 * The run journal: every run, every biller of it, every change with its before and after,
 * in a SQLite file beside the results (see db/open-database.ts). Secrets are sealed (seal.ts). Writes
 * are synchronous and small; a biller's row and its planned changes are written in one transaction
 * before the first CRM write, so a run killed at any moment leaves the journal saying which
 * biller was in flight and how far it got.
 *
 * Every result has a row of its own (its entry number): the two copies of a duplicate biller and
 * billers without an id each keep theirs. A biller being converted is the one row of its run and
 * id that is in flight (the schema allows only one), which is how the writers find it again.
 */
import type { Change } from '../core/change.js';
import type { CrmIdentity } from '../core/crm-match.js';
import type { BillerSnapshot } from '../core/snapshot.js';
import type { BillerResult } from '../core/summary.js';
import { openDatabase, type SqliteFile } from '../db/open-database.js';
import { ConfigError, RunTakenOverError } from '../errors.js';
import {
  billerHistory,
  converted,
  inFlight,
  lastConversion,
  run,
  runCrm,
  runs,
  type InFlight,
  type RunRecord,
} from './journal-queries.js';
import { crashCheck, heartbeat, leaseFrom, renewLease, runsOfThisProcess, type CrashCheck } from './run-lease.js';
import { JOURNAL_MIGRATIONS } from './schema.js';
import type { Sealer } from './seal.js';
import * as rows from './biller-rows.js';
import type { BillerEnd, BillerMeta } from './biller-rows.js';

export type { BillerMeta } from './biller-rows.js';
export type { InFlight, RunRecord } from './journal-queries.js';
export type { CrashCheck, RunHolder } from './run-lease.js';

export class Journal {
  /** The heartbeats of the runs this process started here, stopped when each ends or the journal closes. */
  private readonly heartbeats = new Map<string, () => void>();

  private constructor(
    readonly path: string,
    private readonly file: SqliteFile,
    readonly sealer: Sealer,
  ) {}

  static open(path: string, sealer: Sealer, migrations: readonly string[] = JOURNAL_MIGRATIONS): Journal {
    const file = openDatabase(path, { what: 'run journal', migrations, onEmpty: emptyJournal });
    return new Journal(path, file, sealer);
  }

  close(): void {
    for (const stop of this.heartbeats.values()) stop();
    this.heartbeats.clear();
    this.file.close();
  }

  private sql(text: string) {
    return this.file.sql(text);
  }

  /**
   * A run starts holding a lease on its row, renewed every RENEW_MS until it ends (or the journal closes);
   * `say` hears a renewal that failed or found the run taken over.
   */
  startRun(
    r: Omit<RunRecord, 'endedAt' | 'counts' | 'exitCode' | 'state' | 'results' | 'leaseUntil'> & { crm?: CrmIdentity },
    say: (line: string) => void = () => {},
  ): void {
    const lease = leaseFrom(Date.now());
    this.sql(
      `INSERT INTO runs (id, kind, started_at, host, user, pid, options, tool_version, of_run, lease_until,
        crm_key, crm_label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      r.id,
      r.kind,
      r.startedAt,
      r.host,
      r.user,
      r.pid,
      r.options,
      r.toolVersion,
      r.ofRun,
      lease,
      ...crmCols(r.crm),
    );
    runsOfThisProcess.add(r.id);
    this.heartbeats.get(r.id)?.();
    this.heartbeats.set(
      r.id,
      heartbeat(() => this.renewLease(r.id), r.id, say),
    );
  }

  /** Renew a running run's lease from `now`; false when the journal no longer holds it as running. */
  renewLease(id: string, now = Date.now()): boolean {
    return renewLease(this.file, id, now);
  }

  endRun(
    id: string,
    e: {
      endedAt: string;
      counts: Record<string, number>;
      exitCode: number;
      state: 'done' | 'interrupted';
      results: string | null;
    },
  ): void {
    this.heartbeats.get(id)?.();
    this.heartbeats.delete(id);
    runsOfThisProcess.delete(id);
    // Only a run still held as running is ended: one another run marked crashed stays so (never "done").
    const ended = this.sql(
      `UPDATE runs SET ended_at = ?, counts = ?, exit_code = ?, state = ?, results = ?, lease_until = NULL
      WHERE id = ? AND state = 'running'`,
    ).run(e.endedAt, JSON.stringify(e.counts), e.exitCode, e.state, e.results, id);
    if (ended.changes !== 1)
      throw new RunTakenOverError(
        id,
        `its results are written (${e.results ?? 'none'}), the journal keeps it as crashed`,
      );
  }

  /**
   * Runs still marked running whose holder is provably gone (this host: pid no longer alive; another
   * host: its lease past its time): mark them crashed, so their billers in flight are recovered. A live
   * run (a journal shared by runs on other CRMs or hosts) is left alone: only its own run may end it.
   */
  markCrashed(host: string, pid: number, now = Date.now()): string[] {
    return this.crashCheck(host, pid, now).crashed.map((r) => r.id);
  }

  /** As markCrashed, saying also why each was marked, and which running runs were left to their holder. */
  crashCheck(host: string, pid: number, now = Date.now()): CrashCheck {
    return crashCheck(this.file, { host, pid, live: runsOfThisProcess }, now);
  }

  /**
   * Before the first CRM write of a biller: its before-snapshot and its plan, in one transaction.
   * Returns the row's entry. Beginning the same biller again in the same run starts its row afresh.
   */
  billerBegin(runId: string, meta: BillerMeta, before: BillerSnapshot, changes: readonly Change[]): number {
    return rows.billerBegin(this.file, this.sealer, runId, meta, before, changes);
  }

  changeApplied(runId: string, billerId: string, seq: number): void {
    rows.changeApplied(this.file, runId, billerId, seq);
  }

  /**
   * The outcome of a biller: the row it began, or a row of its own when it never began. `undone`:
   * the changes (by seq) a read back proved undone; only those are marked so, the others stay applied.
   */
  billerEnd(runId: string, r: BillerResult, extra: BillerEnd): void {
    rows.billerEnd(this.file, this.sealer, runId, r, extra);
  }

  /** A crashed run's in-flight biller dealt with by a later run: restored (`undone` proven) or superseded. */
  recovered(runId: string, billerId: string, how: string, undone: readonly number[] = []): void {
    rows.recovered(this.file, runId, billerId, how, undone);
  }

  /** The latest successful conversion of a biller: which run, from which worksheet content. */
  lastConversion(billerId: string): ReturnType<typeof lastConversion> {
    return lastConversion(this.file, billerId);
  }

  /** Billers a dead run left mid-conversion, with the state to restore and the changes it applied. */
  inFlight(): InFlight[] {
    return inFlight(this.file, this.sealer);
  }

  /** The billers a run converted: the state before it, and the state it left (both decoded). */
  converted(runId: string): ReturnType<typeof converted> {
    return converted(this.file, this.sealer, runId);
  }

  run(id: string): RunRecord | undefined {
    return run(this.file, id);
  }

  /** The CRM a run recorded (null: an earlier version started it, or it was started without one). */
  runCrm(id: string): CrmIdentity | null {
    return runCrm(this.file, id);
  }

  runs(limit: number): RunRecord[] {
    return runs(this.file, limit);
  }

  /** Every row of one biller across runs; see journal-queries.ts. */
  billerHistory(billerId: string): ReturnType<typeof billerHistory> {
    return billerHistory(this.file, billerId);
  }
}

function crmCols(crm: CrmIdentity | undefined): [string | null, string | null] {
  return crm ? [crm.key, crm.label] : [null, null];
}

function emptyJournal(path: string): Error {
  // SQLite would take an empty file for a new database and start a journal afresh, silently losing
  // the history (and the before-states of billers in flight) that was there.
  return new ConfigError(
    `the journal ${path} is empty (0 bytes): its history is lost, not started afresh. Restore it from a backup, ` +
      'or move it away to start a new journal (rollback and crash recovery of earlier runs are then impossible)',
  );
}
