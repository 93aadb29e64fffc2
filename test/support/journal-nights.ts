/** A run journal with the nights a test names, written through the real schema (what `report` reads). */
import Database from 'better-sqlite3';
import { migrate } from '../../src/db/migrate.js';
import { JOURNAL_MIGRATIONS } from '../../src/journal/schema.js';

export interface JournalNight {
  runId: string;
  /** When the run started (ISO); its night is this date in the config's time zone. */
  startedAt: string;
  billers: Array<{ id: string; status: string; code?: string }>;
}

/** Writes the journal at `path`: one ended run per night, each biller row with its status and code. */
export function writeJournalNights(path: string, nights: readonly JournalNight[]): void {
  const db = new Database(path);
  try {
    migrate(db, JOURNAL_MIGRATIONS, 'run journal');
    const run = db.prepare(
      `INSERT INTO runs
         (id, kind, started_at, ended_at, host, user, pid, options, tool_version, state, counts, exit_code)
       VALUES (?, 'run', ?, ?, 'h', 'u', 1, '{}', '0.1.0', 'done', ?, 1)`,
    );
    const biller = db.prepare(
      `INSERT INTO billers (run_id, biller_id, biller_name, file, status, error_code, started_at, ended_at)
       VALUES (?, ?, ?, 'night.xlsx', ?, ?, ?, ?)`,
    );
    for (const n of nights) {
      const counts: Record<string, number> = {};
      for (const b of n.billers) counts[b.status] = (counts[b.status] ?? 0) + 1;
      run.run(n.runId, n.startedAt, n.startedAt, JSON.stringify(counts));
      for (const b of n.billers)
        biller.run(n.runId, b.id, `Town ${b.id}`, b.status, b.code ?? null, n.startedAt, n.startedAt);
    }
  } finally {
    db.close();
  }
}
