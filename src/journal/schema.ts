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
     key TEXT NOT NULL, name TEXT, section TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL,
     state TEXT NOT NULL,
     PRIMARY KEY (run_id, biller_id, seq)
   ) STRICT;
   CREATE INDEX billers_by_biller ON billers (biller_id);`,
  // 2: a note per biller (recovered from a crash, worksheet changed since the last conversion), and
  //    the state a conversion left (read back), so a rollback can tell whether anyone changed it since.
  `ALTER TABLE billers ADD COLUMN note TEXT;
   ALTER TABLE billers ADD COLUMN after_snapshot TEXT;`,
  // 3: every result its own row. (run_id, biller_id) let the two copies of a duplicate biller, and
  //    billers without an id, overwrite each other; a row is now keyed by its entry number (the rowid,
  //    so existing rows keep their order), and its changes by entry and seq. At most one row per
  //    biller and run is in flight (being converted), which is how the writers find it again.
  `CREATE TABLE billers_v3 (
     entry INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id), biller_id TEXT NOT NULL, biller_name TEXT,
     file TEXT, file_sha256 TEXT, sheet TEXT, row INTEGER, status TEXT, error_code TEXT, error_message TEXT,
     before_snapshot TEXT, in_flight INTEGER NOT NULL DEFAULT 0, started_at TEXT, ended_at TEXT,
     note TEXT, after_snapshot TEXT
   ) STRICT;
   INSERT INTO billers_v3 (entry, run_id, biller_id, biller_name, file, file_sha256, sheet, row, status, error_code,
     error_message, before_snapshot, in_flight, started_at, ended_at, note, after_snapshot)
   SELECT rowid, run_id, biller_id, biller_name, file, file_sha256, sheet, row, status, error_code,
     error_message, before_snapshot, in_flight, started_at, ended_at, note, after_snapshot FROM billers ORDER BY rowid;
   CREATE TABLE changes_v3 (
     entry INTEGER NOT NULL REFERENCES billers_v3(entry), seq INTEGER NOT NULL, run_id TEXT NOT NULL,
     biller_id TEXT NOT NULL, kind TEXT NOT NULL, entity TEXT NOT NULL, key TEXT NOT NULL, name TEXT,
     section TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, state TEXT NOT NULL,
     PRIMARY KEY (entry, seq)
   ) STRICT;
   INSERT INTO changes_v3 (entry, seq, run_id, biller_id, kind, entity, key, name, section, before, after, state)
   SELECT b.rowid, c.seq, c.run_id, c.biller_id, c.kind, c.entity, c.key, c.name, c.section, c.before, c.after, c.state
   FROM changes c JOIN billers b ON b.run_id = c.run_id AND b.biller_id = c.biller_id;
   DROP TABLE changes;
   DROP TABLE billers;
   ALTER TABLE billers_v3 RENAME TO billers;
   ALTER TABLE changes_v3 RENAME TO changes;
   CREATE INDEX billers_by_biller ON billers (biller_id);
   CREATE INDEX billers_by_run ON billers (run_id);
   CREATE UNIQUE INDEX billers_in_flight ON billers (run_id, biller_id) WHERE in_flight = 1;`,
  // 4: a lease on each run: until when a running run's claim stands (renewed by its heartbeat, NULL once it
  //    ended), so a run on another host sharing the journal can prove it dead. Runs of earlier versions have
  //    none: from another host they are never taken over (only a run on their own host can tell by their pid).
  `ALTER TABLE runs ADD COLUMN lease_until TEXT;`,
  // 5: the CRM each run wrote to (core/crm-match.ts): crm_key compares, crm_label names it. Crash recovery
  //    restores a dead run's billers only into that CRM. Runs of earlier versions have none (NULL): their
  //    billers in flight are never restored, since which CRM they belong to cannot be proven.
  `ALTER TABLE runs ADD COLUMN crm_key TEXT;
   ALTER TABLE runs ADD COLUMN crm_label TEXT;`,
];
