/**
 * The journal's biller rows: written before the first CRM write of a biller (its before-state and
 * plan), as each change reaches the CRM, and at its end. Every result has a row of its own (its entry
 * number): the two copies of a duplicate biller and billers without an id each keep theirs. A biller
 * being converted is the one row of its run and id that is in flight (the schema allows only one),
 * which is how the writers find it again.
 */
import { RunTakenOverError } from '../errors.js';
import type { Change } from '../core/change.js';
import type { BillerSnapshot } from '../core/snapshot.js';
import type { BillerResult } from '../core/summary.js';
import type { SqliteFile } from '../db/open-database.js';
import type { Sealer } from './seal.js';
import { encodeChangeValue, encodeSnapshot } from './snapshot-codec.js';

type Row = Record<string, string | number | null>;

/** What a biller's end records beside its result; `undone`: the seqs a read back proved undone (false: none). */
export interface BillerEnd {
  sha256: string | null;
  note?: string | undefined;
  undone: false | readonly number[];
  after?: BillerSnapshot | undefined;
}

/** What a biller row records of where it came from. */
export interface BillerMeta {
  billerId: string;
  billerName: string | null;
  file: string;
  sha256: string | null;
  sheet: string;
  row: number | null;
}

/** The entry of the biller's row this run is converting, if any. */
function openEntry(file: SqliteFile, runId: string, billerId: string | null): number | undefined {
  const r = file
    .sql('SELECT entry FROM billers WHERE run_id = ? AND biller_id = ? AND in_flight = 1')
    .get(runId, billerId ?? '') as Row | undefined;
  return r ? Number(r.entry) : undefined;
}

/**
 * Before the first CRM write of a biller: its before-snapshot and its plan, in one transaction.
 * Returns the row's entry. Beginning the same biller again in the same run starts its row afresh.
 */
export function billerBegin(
  file: SqliteFile,
  sealer: Sealer,
  runId: string,
  meta: BillerMeta,
  before: BillerSnapshot,
  changes: readonly Change[],
): number {
  const now = new Date().toISOString();
  return file.transaction(() => {
    // A run another took over (its lease ran out) writes to no biller again: the other run owns its billers now.
    const state = file.sql('SELECT state FROM runs WHERE id = ?').pluck().get(runId) as string | undefined;
    if (state !== undefined && state !== 'running')
      throw new RunTakenOverError(runId, `it stopped before its first write to ${meta.billerId}`);
    const entry = insertInFlight(file, runId, meta, encodeSnapshot(before, sealer), now);
    insertPlanned(file, sealer, runId, entry, changes);
    return entry;
  });
}

/**
 * The biller's in-flight row, `applying`, with its before-snapshot; a row the run already had in
 * flight for it is deleted with its changes and its entry number reused.
 */
function insertInFlight(file: SqliteFile, runId: string, meta: BillerMeta, before: string, now: string): number {
  const again = openEntry(file, runId, meta.billerId);
  if (again !== undefined) {
    file.sql('DELETE FROM changes WHERE entry = ?').run(again);
    file.sql('DELETE FROM billers WHERE entry = ?').run(again);
  }
  const { billerId, billerName, sha256, sheet, row } = meta;
  const inserted = file
    .sql(
      `INSERT INTO billers (entry, run_id, biller_id, biller_name, file, file_sha256, sheet, row, status,
      before_snapshot, in_flight, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'applying', ?, 1, ?)`,
    )
    .run(again ?? null, runId, billerId, billerName, meta.file, sha256, sheet, row, before, now);
  return Number(inserted.lastInsertRowid);
}

/** The plan's changes, `planned`, numbered by their index in it (their seq). */
function insertPlanned(
  file: SqliteFile,
  sealer: Sealer,
  runId: string,
  entry: number,
  changes: readonly Change[],
): void {
  const insert = file.sql(
    `INSERT INTO changes (entry, seq, run_id, biller_id, kind, entity, key, name, section, before, after, state)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned')`,
  );
  changes.forEach((c, seq) => {
    const [before, after] = [encodeChangeValue(c.before, sealer), encodeChangeValue(c.after, sealer)];
    const name = 'name' in c ? c.name : null;
    insert.run(entry, seq, runId, c.billerId, c.kind, c.entity, String(c.key), name, c.section, before, after);
  });
}

export function changeApplied(file: SqliteFile, runId: string, billerId: string, seq: number): void {
  file
    .sql(
      `UPDATE changes SET state = 'applied' WHERE seq = ? AND entry =
    (SELECT entry FROM billers WHERE run_id = ? AND biller_id = ? AND in_flight = 1)`,
    )
    .run(seq, runId, billerId);
}

/**
 * The outcome of a biller: the row it began, or a row of its own when it never began (blocked,
 * invalid, scheduled, interrupted). `undone`: the changes (by seq) a read back proved undone;
 * only those of its applied changes are marked so, the others stay applied.
 */
export function billerEnd(file: SqliteFile, sealer: Sealer, runId: string, r: BillerResult, extra: BillerEnd): void {
  const now = new Date().toISOString();
  file.transaction(() => {
    const entry =
      openEntry(file, runId, r.billerId) ??
      Number(
        file
          .sql(
            `INSERT INTO billers (run_id, biller_id, biller_name, file, file_sha256, sheet, row, started_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(runId, r.billerId ?? '', r.billerName, r.file, extra.sha256, r.sheet, r.row ?? null, now)
          .lastInsertRowid,
      );
    file
      .sql(
        `UPDATE billers SET status = ?, error_code = ?, error_message = ?, in_flight = 0, ended_at = ?, note = ?,
      after_snapshot = ? WHERE entry = ?`,
      )
      .run(
        r.status,
        r.error?.code ?? null,
        r.error?.message ?? null,
        now,
        extra.note ?? null,
        extra.after ? encodeSnapshot(extra.after, sealer) : null,
        entry,
      );
    markUndone(file, entry, extra.undone || []);
  });
}

/**
 * A crashed run's in-flight biller has been dealt with by a later run: restored (`undone`: the
 * changes a read back proved undone), or superseded by a conversion (nothing undone).
 */
export function recovered(
  file: SqliteFile,
  runId: string,
  billerId: string,
  how: string,
  undone: readonly number[] = [],
): void {
  file.transaction(() => {
    const entry = openEntry(file, runId, billerId);
    if (entry === undefined) return;
    file
      .sql(
        `UPDATE billers SET in_flight = 0, status = 'interrupted', error_code = 'RUN.CRASHED', note = ?, ended_at = ?
      WHERE entry = ?`,
      )
      .run(how, new Date().toISOString(), entry);
    markUndone(file, entry, undone);
  });
}

function markUndone(file: SqliteFile, entry: number, seqs: readonly number[]): void {
  const mark = file.sql("UPDATE changes SET state = 'undone' WHERE entry = ? AND seq = ? AND state = 'applied'");
  for (const seq of seqs) mark.run(entry, seq);
}
