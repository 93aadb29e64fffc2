/** The journal's reads: runs, biller rows and what crash recovery and rollback need of them. */
import type { CrmIdentity } from '../core/crm-match.js';
import type { BillerSnapshot } from '../core/snapshot.js';
import type { SqliteFile } from '../db/open-database.js';
import { crmOf, runFields, str, type Row } from './journal-rows.js';
import type { Sealer } from './seal.js';
import { decodeSnapshot } from './snapshot-codec.js';

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
  /** Until when a running run's claim stands unless renewed (run-lease.ts); null once it ended. */
  leaseUntil: string | null;
}

export interface BillerRecord {
  /** The row's own key: no two results share one. */
  entry: number;
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

/** A change a dead run applied, by its place in that biller's plan and what it set. */
interface AppliedChange {
  seq: number;
  entity: string;
  key: string;
}

export interface InFlight {
  entry: number;
  runId: string;
  billerId: string;
  before: BillerSnapshot;
  unknownSecrets: Map<number, string>;
  /** How many changes reached the CRM. */
  applied: number;
  appliedChanges: AppliedChange[];
  /** The CRM its run wrote to; null for a run of an earlier version (core/crm-match.ts). */
  crm: CrmIdentity | null;
}

/** Is the process alive? (EPERM: it is, under another user.) */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type Decoded = ReturnType<typeof decodeSnapshot>;

export function lastConversion(
  file: SqliteFile,
  billerId: string,
): { runId: string; sha256: string | null; endedAt: string | null } | undefined {
  const r = file
    .sql(
      `SELECT b.run_id, b.file_sha256, b.ended_at FROM billers b JOIN runs r ON r.id = b.run_id
      WHERE b.biller_id = ? AND b.status IN ('converted', 'already-converted') AND r.kind = 'run'
      ORDER BY b.ended_at DESC LIMIT 1`,
    )
    .get(billerId) as Row | undefined;
  return r ? { runId: String(r.run_id), sha256: str(r.file_sha256), endedAt: str(r.ended_at) } : undefined;
}

/**
 * The billers in flight of runs known to be dead: ended (crashed, interrupted). A run still marked running is
 * judged by the crash check alone (run-lease.ts), which marks it crashed with a compare-and-set on its lease;
 * judging it again here, later, could restore the billers of a run the check left to its live holder.
 */
export function inFlight(file: SqliteFile, sealer: Sealer): InFlight[] {
  const rows = file
    .sql(
      `SELECT b.entry, b.run_id, b.biller_id, b.before_snapshot, r.crm_key, r.crm_label
      FROM billers b JOIN runs r ON r.id = b.run_id WHERE b.in_flight = 1 AND r.state != 'running' ORDER BY b.entry`,
    )
    .all() as Row[];
  return rows.map((r) => {
    const { snapshot, unknownSecrets } = decodeSnapshot(String(r.before_snapshot), sealer);
    const appliedChanges = (
      file
        .sql("SELECT seq, entity, key FROM changes WHERE entry = ? AND state = 'applied' ORDER BY seq")
        .all(r.entry) as Row[]
    ).map((c) => ({ seq: Number(c.seq), entity: String(c.entity), key: String(c.key) }));
    return {
      entry: Number(r.entry),
      runId: String(r.run_id),
      billerId: String(r.biller_id),
      before: snapshot,
      unknownSecrets,
      applied: appliedChanges.length,
      appliedChanges,
      crm: crmOf(r),
    };
  });
}

export function runCrm(file: SqliteFile, id: string): CrmIdentity | null {
  const r = file.sql('SELECT crm_key, crm_label FROM runs WHERE id = ?').get(id) as Row | undefined;
  return r ? crmOf(r) : null;
}

export function converted(
  file: SqliteFile,
  sealer: Sealer,
  runId: string,
): Array<{ record: BillerRecord; before: Decoded; after: Decoded }> {
  const rows = file
    .sql(
      `SELECT * FROM billers WHERE run_id = ? AND status = 'converted' AND after_snapshot IS NOT NULL
      ORDER BY biller_id, entry`,
    )
    .all(runId) as Row[];
  return rows.map((r) => ({
    record: toBiller(r),
    before: decodeSnapshot(String(r.before_snapshot), sealer),
    after: decodeSnapshot(String(r.after_snapshot), sealer),
  }));
}

export function run(file: SqliteFile, id: string): RunRecord | undefined {
  const r = file.sql('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
  return r ? toRun(r) : undefined;
}

export function runs(file: SqliteFile, limit: number): RunRecord[] {
  return (file.sql('SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?').all(limit) as Row[]).map(toRun);
}

/**
 * Every row of one biller, oldest first. `changes`: those that stayed applied (maintenance aside);
 * `touched`: the run began writing this biller (a before-state was recorded), false when it stopped
 * before any write.
 */
export function billerHistory(
  file: SqliteFile,
  billerId: string,
): Array<BillerRecord & { runKind: string; runStartedAt: string; changes: number; touched: boolean }> {
  const rows = file
    .sql(
      `SELECT b.*, r.kind AS run_kind, r.started_at AS run_started_at, b.before_snapshot IS NOT NULL AS touched,
        (SELECT COUNT(*) FROM changes c
          WHERE c.entry = b.entry AND c.state = 'applied' AND c.entity != 'maintenance') AS n
      FROM billers b JOIN runs r ON r.id = b.run_id WHERE b.biller_id = ? ORDER BY r.started_at, b.started_at, b.entry`,
    )
    .all(billerId.toUpperCase()) as Row[];
  return rows.map((r) => ({
    ...toBiller(r),
    runKind: String(r.run_kind),
    runStartedAt: String(r.run_started_at),
    changes: Number(r.n),
    touched: r.touched === 1,
  }));
}

function toRun(r: Row): RunRecord {
  const { id, kind, startedAt, endedAt, counts, exitCode, state, results } = runFields(r);
  // Keys in the order `history --json` has always printed them.
  return {
    id,
    kind: kind as RunRecord['kind'],
    startedAt,
    endedAt,
    host: String(r.host),
    user: String(r.user),
    pid: Number(r.pid),
    options: String(r.options),
    toolVersion: String(r.tool_version),
    counts,
    exitCode,
    state,
    ofRun: str(r.of_run),
    results,
    leaseUntil: str(r.lease_until),
  };
}

function toBiller(r: Row): BillerRecord {
  return {
    entry: Number(r.entry),
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
