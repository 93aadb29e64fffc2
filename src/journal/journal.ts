/**
 * The run journal: every run, every biller of it, every change with its before and after,
 * in a SQLite file beside the results (mode 0600, WAL). Secrets are sealed (seal.ts). Writes are
 * synchronous and small; a biller's row and its planned changes are written in one transaction
 * before the first CRM write, so a run killed at any moment leaves the journal saying which
 * biller was in flight and how far it got.
 */
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Change } from '../core/change.js';
import type { BillerSnapshot } from '../core/snapshot.js';
import type { BillerResult } from '../core/summary.js';
import { migrate } from '../db/migrate.js';
import { ConfigError } from '../errors.js';
import { JOURNAL_MIGRATIONS } from './schema.js';
import type { Sealer } from './seal.js';
import { decodeSnapshot, encodeChangeValue, encodeSnapshot } from './snapshot-codec.js';

export interface RunRecord {
  id: string;
  kind: 'run' | 'plan' | 'rollback';
  startedAt: string;
  endedAt: string | null;
  host: string;
  user: string;
  pid: number;
  options: string;
  toolVersion: string;
  counts: Record<string, number> | null;
  exitCode: number | null;
  state: string;
  ofRun: string | null;
  results: string | null;
}

export interface BillerRecord {
  runId: string;
  billerId: string;
  billerName: string | null;
  file: string | null;
  sha256: string | null;
  sheet: string | null;
  row: number | null;
  status: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  inFlight: boolean;
  note: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

type Row = Record<string, string | number | null>;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
type Decoded = ReturnType<typeof decodeSnapshot>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export class Journal {
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    readonly sealer: Sealer,
  ) {}

  /** Prepared once, reused (a night runs the same few statements thousands of times). */
  private sql(text: string): Database.Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  static open(path: string, sealer: Sealer, migrations: readonly string[] = JOURNAL_MIGRATIONS): Journal {
    const fresh = path !== ':memory:' && !existsSync(path);
    // SQLite would take an empty file for a new database and start a journal afresh, silently losing
    // the history (and the before-states of billers in flight) that was there.
    if (!fresh && path !== ':memory:' && statSync(path).size === 0) {
      throw new ConfigError(
        `the journal ${path} is empty (0 bytes): its history is lost, not started afresh. Restore it from a backup, or move it away to start a new journal (rollback and crash recovery of earlier runs are then impossible)`,
      );
    }
    if (fresh) mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    if (fresh) chmodSync(path, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations, 'run journal');
    return new Journal(path, db, sealer);
  }

  close(): void {
    this.db.close();
  }

  startRun(r: Omit<RunRecord, 'endedAt' | 'counts' | 'exitCode' | 'state' | 'results'>): void {
    this.sql(
      'INSERT INTO runs (id, kind, started_at, host, user, pid, options, tool_version, of_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
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

  /** Before the first CRM write of a biller: its before-snapshot and its plan, in one transaction. */
  billerBegin(
    runId: string,
    meta: {
      billerId: string;
      billerName: string | null;
      file: string;
      sha256: string | null;
      sheet: string;
      row: number | null;
    },
    before: BillerSnapshot,
    changes: readonly Change[],
  ): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.sql(
        `INSERT OR REPLACE INTO billers (run_id, biller_id, biller_name, file, file_sha256, sheet, row, status, before_snapshot, in_flight, started_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'applying', ?, 1, ?)`,
      ).run(
        runId,
        meta.billerId,
        meta.billerName,
        meta.file,
        meta.sha256,
        meta.sheet,
        meta.row,
        encodeSnapshot(before, this.sealer),
        now,
      );
      const insert = this.sql('INSERT OR REPLACE INTO changes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      changes.forEach((c, seq) =>
        insert.run(
          runId,
          c.billerId,
          seq,
          c.kind,
          c.entity,
          String(c.key),
          'name' in c ? c.name : null,
          c.section,
          encodeChangeValue(c.before, this.sealer),
          encodeChangeValue(c.after, this.sealer),
          'planned',
        ),
      );
    })();
  }

  changeApplied(runId: string, billerId: string, seq: number): void {
    this.sql("UPDATE changes SET state = 'applied' WHERE run_id = ? AND biller_id = ? AND seq = ?").run(
      runId,
      billerId,
      seq,
    );
  }

  /** The outcome of a biller; `undone` marks its applied changes as rolled back. */
  billerEnd(
    runId: string,
    r: BillerResult,
    extra: { sha256: string | null; note?: string | undefined; undone: boolean; after?: BillerSnapshot | undefined },
  ): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      const exists = this.sql('SELECT 1 FROM billers WHERE run_id = ? AND biller_id = ?').get(runId, r.billerId ?? '');
      if (!exists) {
        this.sql(
          'INSERT INTO billers (run_id, biller_id, biller_name, file, file_sha256, sheet, row, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(runId, r.billerId ?? '', r.billerName, r.file, extra.sha256, r.sheet, r.row ?? null, now);
      }
      this.sql(
        'UPDATE billers SET status = ?, error_code = ?, error_message = ?, in_flight = 0, ended_at = ?, note = ?, after_snapshot = ? WHERE run_id = ? AND biller_id = ?',
      ).run(
        r.status,
        r.error?.code ?? null,
        r.error?.message ?? null,
        now,
        extra.note ?? null,
        extra.after ? encodeSnapshot(extra.after, this.sealer) : null,
        runId,
        r.billerId ?? '',
      );
      if (extra.undone)
        this.sql("UPDATE changes SET state = 'undone' WHERE run_id = ? AND biller_id = ? AND state = 'applied'").run(
          runId,
          r.billerId ?? '',
        );
    })();
  }

  /** A crashed run's in-flight biller has been dealt with by a later run. */
  recovered(runId: string, billerId: string, how: string): void {
    this.sql(
      "UPDATE billers SET in_flight = 0, status = 'interrupted', error_code = 'RUN.CRASHED', note = ?, ended_at = ? WHERE run_id = ? AND biller_id = ?",
    ).run(how, new Date().toISOString(), runId, billerId);
    this.sql("UPDATE changes SET state = 'undone' WHERE run_id = ? AND biller_id = ? AND state = 'applied'").run(
      runId,
      billerId,
    );
  }

  /** The latest successful conversion of a biller: which run, from which worksheet content. */
  lastConversion(billerId: string): { runId: string; sha256: string | null; endedAt: string | null } | undefined {
    const r = this.sql(
      `SELECT b.run_id, b.file_sha256, b.ended_at FROM billers b JOIN runs r ON r.id = b.run_id
      WHERE b.biller_id = ? AND b.status IN ('converted', 'already-converted') AND r.kind = 'run' ORDER BY b.ended_at DESC LIMIT 1`,
    ).get(billerId) as Row | undefined;
    return r ? { runId: String(r.run_id), sha256: str(r.file_sha256), endedAt: str(r.ended_at) } : undefined;
  }

  /** Billers a dead run left mid-conversion, with the state to restore. */
  inFlight(): Array<{
    runId: string;
    billerId: string;
    before: BillerSnapshot;
    unknownSecrets: Map<number, string>;
    applied: number;
  }> {
    // Only the billers of runs known to be dead: a live run's billers in flight are its own business.
    const rows = (
      this.sql(
        `SELECT b.run_id, b.biller_id, b.before_snapshot, r.state, r.host, r.pid FROM billers b JOIN runs r ON r.id = b.run_id
      WHERE b.in_flight = 1`,
      ).all() as Row[]
    ).filter(
      (r) =>
        r.state !== 'running' ||
        (String(r.host) === hostname() && Number(r.pid) !== process.pid && !processAlive(Number(r.pid))),
    );
    return rows.map((r) => {
      const { snapshot, unknownSecrets } = decodeSnapshot(String(r.before_snapshot), this.sealer);
      const applied = (
        this.sql("SELECT COUNT(*) AS n FROM changes WHERE run_id = ? AND biller_id = ? AND state = 'applied'").get(
          r.run_id,
          r.biller_id,
        ) as Row
      ).n;
      return {
        runId: String(r.run_id),
        billerId: String(r.biller_id),
        before: snapshot,
        unknownSecrets,
        applied: Number(applied),
      };
    });
  }

  /** The converted billers of a run, with their before-snapshots and the changes that stayed applied. */
  /** The billers a run converted: the state before it, and the state it left (both decoded). */
  converted(runId: string): Array<{ record: BillerRecord; before: Decoded; after: Decoded }> {
    const rows = this.sql(
      "SELECT * FROM billers WHERE run_id = ? AND status = 'converted' AND after_snapshot IS NOT NULL ORDER BY biller_id",
    ).all(runId) as Row[];
    return rows.map((r) => ({
      record: toBiller(r),
      before: decodeSnapshot(String(r.before_snapshot), this.sealer),
      after: decodeSnapshot(String(r.after_snapshot), this.sealer),
    }));
  }

  run(id: string): RunRecord | undefined {
    const r = this.sql('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
    return r ? toRun(r) : undefined;
  }

  runs(limit: number): RunRecord[] {
    return (this.sql('SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?').all(limit) as Row[]).map(toRun);
  }

  /** `touched`: the run began writing this biller (a before-state was recorded); false when it stopped before any write. */
  billerHistory(
    billerId: string,
  ): Array<BillerRecord & { runKind: string; runStartedAt: string; changes: number; touched: boolean }> {
    const rows = this.sql(
      `SELECT b.*, r.kind AS run_kind, r.started_at AS run_started_at, b.before_snapshot IS NOT NULL AS touched,
        (SELECT COUNT(*) FROM changes c WHERE c.run_id = b.run_id AND c.biller_id = b.biller_id AND c.state = 'applied' AND c.entity != 'maintenance') AS n
      FROM billers b JOIN runs r ON r.id = b.run_id WHERE b.biller_id = ? ORDER BY r.started_at, b.started_at`,
    ).all(billerId.toUpperCase()) as Row[];
    return rows.map((r) => ({
      ...toBiller(r),
      runKind: String(r.run_kind),
      runStartedAt: String(r.run_started_at),
      changes: Number(r.n),
      touched: r.touched === 1,
    }));
  }
}

function toRun(r: Row): RunRecord {
  return {
    id: String(r.id),
    kind: String(r.kind) as RunRecord['kind'],
    startedAt: String(r.started_at),
    endedAt: str(r.ended_at),
    host: String(r.host),
    user: String(r.user),
    pid: Number(r.pid),
    options: String(r.options),
    toolVersion: String(r.tool_version),
    counts: r.counts ? (JSON.parse(String(r.counts)) as Record<string, number>) : null,
    exitCode: r.exit_code === null ? null : Number(r.exit_code),
    state: String(r.state),
    ofRun: str(r.of_run),
    results: str(r.results),
  };
}

function toBiller(r: Row): BillerRecord {
  return {
    runId: String(r.run_id),
    billerId: String(r.biller_id),
    billerName: str(r.biller_name),
    file: str(r.file),
    sha256: str(r.file_sha256),
    sheet: str(r.sheet),
    row: r.row === null ? null : Number(r.row),
    status: str(r.status),
    errorCode: str(r.error_code),
    errorMessage: str(r.error_message),
    inFlight: r.in_flight === 1,
    note: str(r.note),
    startedAt: str(r.started_at),
    endedAt: str(r.ended_at),
  };
}
