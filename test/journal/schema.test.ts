import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { JOURNAL_MIGRATIONS } from '../../src/journal/schema.js';

const N = JOURNAL_MIGRATIONS.length;
const open = (upTo = N) => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, JOURNAL_MIGRATIONS.slice(0, upTo), 'run journal');
  return db;
};
const schema = (db: Database.Database) =>
  db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
const columns = (db: Database.Database, table: string) =>
  db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all();
const run = (db: Database.Database, id = 'R1') =>
  db
    .prepare(
      'INSERT INTO runs (id, kind, started_at, host, user, pid, options, tool_version) ' +
        "VALUES (?, 'run', 't', 'h', 'u', 1, '{}', '0')",
    )
    .run(id);
const row = (db: Database.Database, inFlight: 0 | 1) =>
  db.prepare("INSERT INTO billers (run_id, biller_id, in_flight) VALUES ('R1', 'B1', ?)").run(inFlight);

describe('the run journal schema', () => {
  it('a new journal reaches the last version, with every table, column and index', () => {
    const db = open();
    expect(db.pragma('user_version', { simple: true })).toBe(N);
    expect(columns(db, 'billers')).toEqual(
      expect.arrayContaining(['entry', 'run_id', 'biller_id', 'in_flight', 'note', 'after_snapshot']),
    );
    expect(columns(db, 'changes').slice(0, 2)).toEqual(['entry', 'seq']);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck();
    expect(indexes.all()).toEqual(expect.arrayContaining(['billers_by_biller', 'billers_by_run', 'billers_in_flight']));
  });

  // Whatever version a journal was left at, the next tool brings it to the same schema as a new one.
  it.each(Array.from({ length: N }, (_, k) => ({ k })))('a journal at version $k ends like a new one', ({ k }) => {
    const db = open(k);
    expect(migrate(db, JOURNAL_MIGRATIONS, 'run journal')).toBe(N);
    expect(schema(db)).toEqual(schema(open()));
  });

  it('migrating again changes nothing', () => {
    const db = open();
    const before = schema(db);
    migrate(db, JOURNAL_MIGRATIONS, 'run journal');
    expect(schema(db)).toEqual(before);
  });

  it('one row per result: a duplicate biller keeps two rows, but only one of them in flight', () => {
    const db = open();
    run(db);
    row(db, 0);
    row(db, 0);
    row(db, 1);
    expect(() => row(db, 1)).toThrow(/UNIQUE constraint failed/);
    expect(db.prepare('SELECT entry FROM billers ORDER BY entry').pluck().all()).toEqual([1, 2, 3]);
  });

  it.each([
    {
      name: 'a biller row of an unknown run',
      sql: "INSERT INTO billers (run_id, biller_id) VALUES ('NO-RUN', 'B1')",
      error: /FOREIGN KEY/,
    },
    {
      name: 'a change of an unknown row',
      sql: "INSERT INTO changes VALUES (99, 0, 'R1', 'B1', 'k', 'e', 'key', NULL, 's', 'b', 'a', 'applied')",
      error: /FOREIGN KEY/,
    },
    {
      name: 'a pid that is no number (tables are STRICT)',
      sql:
        'INSERT INTO runs (id, kind, started_at, host, user, pid, options, tool_version) ' +
        "VALUES ('R2', 'run', 't', 'h', 'u', 'one', '{}', '0')",
      error: /cannot store TEXT value in INTEGER column runs.pid/,
    },
    {
      name: 'a run without its start time',
      sql: "INSERT INTO runs (id, kind, host, user, pid, options, tool_version) VALUES ('R', 'r', 'h', 'u', 1, '', '')",
      error: /NOT NULL constraint failed: runs.started_at/,
    },
  ])('refuses $name', ({ sql, error }) => {
    const db = open();
    run(db);
    expect(() => db.exec(sql)).toThrow(error);
  });

  it('a run starts as running', () => {
    const db = open();
    run(db);
    expect(db.prepare("SELECT state FROM runs WHERE id = 'R1'").pluck().get()).toBe('running');
  });
});
