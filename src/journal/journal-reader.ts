/**
 * Read-only queries over the run journal for reports (the tracker): every run and every biller row,
 * without sealed snapshots or changes. Opened read-only beside a running night (WAL lets both in);
 * it never migrates or writes, so an old or a newer journal is read as it is.
 */
import { existsSync } from 'node:fs';
import { openDatabase } from '../db/open-database.js';
import type { TrackerInput } from '../core/tracker.js';
import { runFields, str, type Row } from './journal-rows.js';

interface JournalRun {
  id: string;
  kind: string;
  startedAt: string;
  endedAt: string | null;
  state: string;
  counts: Record<string, number> | null;
  exitCode: number | null;
  results: string | null;
  /** The date the run's conversions were due on when it was given (--now), from its recorded options. */
  now: string | null;
}

/** A biller row as the tracker reads it (core/tracker.ts), and when its run ended. */
type JournalBiller = TrackerInput['billers'][number] & { endedAt: string | null };

export interface JournalHistory {
  runs: JournalRun[];
  billers: JournalBiller[];
}

/** Every run (oldest first) and every biller row of them, in run order. Empty when there is no journal yet. */
export function readJournalHistory(path: string): JournalHistory {
  if (!existsSync(path)) return { runs: [], billers: [] };
  const db = openDatabase(path, { what: 'run journal', readonly: true });
  try {
    const runs = (
      db
        .sql(
          `SELECT id, kind, started_at, ended_at, state, counts, exit_code, results, options
          FROM runs ORDER BY started_at, id`,
        )
        .all() as Row[]
    ).map((r) => ({ ...runFields(r), now: dueDate(str(r.options)) }));
    // rowid, not the entry column: a journal from before the entry key is read as it is, and either
    // way each result is its own row (the two copies of a duplicate, billers without an id).
    const billers = (
      db
        .sql(
          `SELECT b.run_id, b.biller_id, b.biller_name, b.file, b.status, b.error_code, b.error_message,
            b.in_flight, b.ended_at
      FROM billers b JOIN runs r ON r.id = b.run_id ORDER BY r.started_at, r.id, b.started_at, b.biller_id, b.rowid`,
        )
        .all() as Row[]
    ).map((r) => ({
      runId: String(r.run_id),
      billerId: String(r.biller_id),
      billerName: str(r.biller_name),
      file: str(r.file),
      status: str(r.status),
      errorCode: str(r.error_code),
      errorMessage: str(r.error_message),
      inFlight: r.in_flight === 1,
      endedAt: str(r.ended_at),
    }));
    return { runs, billers };
  } finally {
    db.close();
  }
}

function dueDate(options: string | null): string | null {
  try {
    const now = (JSON.parse(options ?? '{}') as { now?: unknown }).now;
    return typeof now === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(now) ? now : null;
  } catch {
    return null;
  }
}
