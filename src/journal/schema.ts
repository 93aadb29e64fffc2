/** The run journal's schema, as numbered migrations (see src/db/migrate.ts). */
export const JOURNAL_MIGRATIONS: readonly string[] = [
  // 1: runs, the billers of each run, and every change with its before and after.
  `CREATE TABLE runs (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,
     host TEXT NOT NULL, user TEXT NOT NULL, pid INTEGER NOT NULL, options TEXT NOT NULL, tool_version TEXT NOT NULL,
     counts TEXT, exit_code INTEGER, state TEXT NOT NULL DEFAULT 'running', of_run TEXT, results TEXT
   ) STRICT;
   CREATE TABLE billers (
     run_id TEXT NOT NULL REFERENCES runs(id), biller_id TEXT NOT NULL, biller_name TEXT,
     file TEXT, file_sha256 TEXT, sheet TEXT, row INTEGER, status TEXT, error_code TEXT, error_message TEXT,
     before_snapshot TEXT, in_flight INTEGER NOT NULL DEFAULT 0, started_at TEXT, ended_at TEXT,
     PRIMARY KEY (run_id, biller_id)
   ) STRICT;
   CREATE TABLE changes (
     run_id TEXT NOT NULL, biller_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, entity TEXT NOT NULL,
     key TEXT NOT NULL, name TEXT, section TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, state TEXT NOT NULL,
     PRIMARY KEY (run_id, biller_id, seq)
   ) STRICT;
   CREATE INDEX billers_by_biller ON billers (biller_id);`,
  // 2: a note per biller (recovered from a crash, worksheet changed since the last conversion), and
  //    the state a conversion left (read back), so a rollback can tell whether anyone changed it since.
  `ALTER TABLE billers ADD COLUMN note TEXT;
   ALTER TABLE billers ADD COLUMN after_snapshot TEXT;`,
];
