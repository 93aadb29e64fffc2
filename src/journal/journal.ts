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
import type { BillerSnapshot } from '../core/snapshot.js';
import type { BillerResult } from '../core/summary.js';
import { openDatabase, type SqliteFile } from '../db/open-database.js';
import { ConfigError } from '../errors.js';
import {
  billerHistory,
  converted,
  inFlight,
  lastConversion,
  processAlive,
  run,
  runs,
  type InFlight,
  type RunRecord,
} from './journal-queries.js';
import { JOURNAL_MIGRATIONS } from './schema.js';
import type { Sealer } from './seal.js';
import { encodeChangeValue, encodeSnapshot } from './snapshot-codec.js';

export type { BillerRecord, InFlight, RunRecord } from './journal-queries.js';

type Row = Record<string, string | number | null>;

/** What a biller row records of where it came from. */
export interface BillerMeta {
  billerId: string;
  billerName: string | null;
  file: string;
  sha256: string | null;
  sheet: string;
  row: number | null;
}

export class Journal {
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
    this.file.close();
  }

  private sql(text: string) {
    return this.file.sql(text);
  }

  startRun(r: Omit<RunRecord, 'endedAt' | 'counts' | 'exitCode' | 'state' | 'results'>): void {
    this.sql(
      `INSERT INTO runs (id, kind, started_at, host, user, pid, options, tool_version, of_run)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(r.id, r.kind, r.startedAt, r.host, r.user, r.pid, r.options, r.toolVersion, r.ofRun);
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
    this.sql('UPDATE runs SET ended_at = ?, counts = ?, exit_code = ?, state = ?, results = ? WHERE id = ?').run(
      e.endedAt,
      JSON.stringify(e.counts),
      e.exitCode,
      e.state,
      e.results,
      id,
    );
  }

  /**
   * Runs still marked running whose process is provably gone (this host, pid no longer alive):
   * mark them crashed, so their billers in flight are recovered. A run on another host, or a live
   * one here (a journal shared by runs on other CRMs), is left alone: only its own run may end it.
   */
  markCrashed(host: string, pid: number): string[] {
    const rows = this.sql("SELECT id, host, pid FROM runs WHERE state = 'running'").all() as Row[];
    const gone = rows
      .filter((r) => String(r.host) === host && Number(r.pid) !== pid && !processAlive(Number(r.pid)))
      .map((r) => String(r.id));
    for (const id of gone) this.sql("UPDATE runs SET state = 'crashed' WHERE id = ? AND state = 'running'").run(id);
    return gone;
  }

  /** The entry of the biller's row this run is converting, if any. */
  private openEntry(runId: string, billerId: string | null): number | undefined {
    const r = this.sql('SELECT entry FROM billers WHERE run_id = ? AND biller_id = ? AND in_flight = 1').get(
      runId,
      billerId ?? '',
    ) as Row | undefined;
    return r ? Number(r.entry) : undefined;
  }

  /**
   * Before the first CRM write of a biller: its before-snapshot and its plan, in one transaction.
   * Returns the row's entry. Beginning the same biller again in the same run starts its row afresh.
   */
  billerBegin(runId: string, meta: BillerMeta, before: BillerSnapshot, changes: readonly Change[]): number {
    const now = new Date().toISOString();
    return this.file.transaction(() => {
      const again = this.openEntry(runId, meta.billerId);
      if (again !== undefined) {
        this.sql('DELETE FROM changes WHERE entry = ?').run(again);
        this.sql('DELETE FROM billers WHERE entry = ?').run(again);
      }
      const entry = Number(
        this.sql(
          `INSERT INTO billers (entry, run_id, biller_id, biller_name, file, file_sha256, sheet, row, status,
            before_snapshot, in_flight, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'applying', ?, 1, ?)`,
        ).run(
          again ?? null,
          runId,
          meta.billerId,
          meta.billerName,
          meta.file,
          meta.sha256,
          meta.sheet,
          meta.row,
          encodeSnapshot(before, this.sealer),
          now,
        ).lastInsertRowid,
      );
      const insert = this.sql(
        `INSERT INTO changes (entry, seq, run_id, biller_id, kind, entity, key, name, section, before, after, state)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned')`,
      );
      changes.forEach((c, seq) =>
        insert.run(
          entry,
          seq,
          runId,
          c.billerId,
          c.kind,
          c.entity,
          String(c.key),
          'name' in c ? c.name : null,
          c.section,
          encodeChangeValue(c.before, this.sealer),
          encodeChangeValue(c.after, this.sealer),
        ),
      );
      return entry;
    });
  }

  changeApplied(runId: string, billerId: string, seq: number): void {
    this.sql(
      `UPDATE changes SET state = 'applied' WHERE seq = ? AND entry =
      (SELECT entry FROM billers WHERE run_id = ? AND biller_id = ? AND in_flight = 1)`,
    ).run(seq, runId, billerId);
  }

  /**
   * The outcome of a biller: the row it began, or a row of its own when it never began (blocked,
   * invalid, scheduled, interrupted). `undone`: the changes (by seq) a read back proved undone;
   * only those of its applied changes are marked so, the others stay applied.
   */
  billerEnd(
    runId: string,
    r: BillerResult,
    extra: {
      sha256: string | null;
      note?: string | undefined;
      undone: false | readonly number[];
      after?: BillerSnapshot | undefined;
    },
  ): void {
    const now = new Date().toISOString();
    this.file.transaction(() => {
      const entry =
        this.openEntry(runId, r.billerId) ??
        Number(
          this.sql(
            `INSERT INTO billers (run_id, biller_id, biller_name, file, file_sha256, sheet, row, started_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(runId, r.billerId ?? '', r.billerName, r.file, extra.sha256, r.sheet, r.row ?? null, now)
            .lastInsertRowid,
        );
      this.sql(
        `UPDATE billers SET status = ?, error_code = ?, error_message = ?, in_flight = 0, ended_at = ?, note = ?,
        after_snapshot = ? WHERE entry = ?`,
      ).run(
        r.status,
        r.error?.code ?? null,
        r.error?.message ?? null,
        now,
        extra.note ?? null,
        extra.after ? encodeSnapshot(extra.after, this.sealer) : null,
        entry,
      );
      this.markUndone(entry, extra.undone || []);
    });
  }

  /**
   * A crashed run's in-flight biller has been dealt with by a later run: restored (`undone`: the
   * changes a read back proved undone), or superseded by a conversion (nothing undone).
   */
  recovered(runId: string, billerId: string, how: string, undone: readonly number[] = []): void {
    this.file.transaction(() => {
      const entry = this.openEntry(runId, billerId);
      if (entry === undefined) return;
      this.sql(
        `UPDATE billers SET in_flight = 0, status = 'interrupted', error_code = 'RUN.CRASHED', note = ?, ended_at = ?
        WHERE entry = ?`,
      ).run(how, new Date().toISOString(), entry);
      this.markUndone(entry, undone);
    });
  }

  private markUndone(entry: number, seqs: readonly number[]): void {
    const mark = this.sql("UPDATE changes SET state = 'undone' WHERE entry = ? AND seq = ? AND state = 'applied'");
    for (const seq of seqs) mark.run(entry, seq);
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

  runs(limit: number): RunRecord[] {
    return runs(this.file, limit);
  }

  /** Every row of one biller across runs; see journal-queries.ts. */
  billerHistory(billerId: string): ReturnType<typeof billerHistory> {
    return billerHistory(this.file, billerId);
  }
}

function emptyJournal(path: string): Error {
  // SQLite would take an empty file for a new database and start a journal afresh, silently losing
  // the history (and the before-states of billers in flight) that was there.
  return new ConfigError(
    `the journal ${path} is empty (0 bytes): its history is lost, not started afresh. Restore it from a backup, ` +
      'or move it away to start a new journal (rollback and crash recovery of earlier runs are then impossible)',
  );
}
