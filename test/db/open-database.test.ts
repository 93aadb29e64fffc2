import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';

const dir = () => mkdtempSync(join(tmpdir(), 'sc-db-'));
const MIGRATIONS = ['CREATE TABLE t (a TEXT PRIMARY KEY) STRICT;', 'ALTER TABLE t ADD COLUMN b TEXT;'];

describe('openDatabase: every SQLite file one way', () => {
  it('a new file (and its folder) is created private to its owner, WAL files too', () => {
    const path = join(dir(), 'sub', 'x.db');
    const f = openDatabase(path, { what: 'test database', migrations: MIGRATIONS });
    f.sql('INSERT INTO t VALUES (?, ?)').run('k', 'v');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    f.close();
  });

  it.each([
    { name: 'WAL', pragma: 'journal_mode', value: 'wal' },
    { name: 'synchronous NORMAL', pragma: 'synchronous', value: 1 },
    { name: 'a busy timeout', pragma: 'busy_timeout', value: 5000 },
    { name: 'the schema version', pragma: 'user_version', value: 2 },
    { name: 'foreign keys enforced', pragma: 'foreign_keys', value: 1 },
  ])('$name', ({ pragma, value }) => {
    const f = openDatabase(join(dir(), 'x.db'), { what: 'test database', migrations: MIGRATIONS });
    expect(f.db.pragma(pragma, { simple: true })).toBe(value);
    f.close();
  });

  it('migrations run once; a file from a newer tool is refused, naming what it is', () => {
    const path = join(dir(), 'x.db');
    openDatabase(path, { what: 'test database', migrations: MIGRATIONS.slice(0, 1) }).close();
    const f = openDatabase(path, { what: 'test database', migrations: MIGRATIONS });
    expect(f.sql("SELECT name FROM pragma_table_info('t')").all()).toEqual([{ name: 'a' }, { name: 'b' }]);
    f.close();
    expect(() => openDatabase(path, { what: 'test database', migrations: MIGRATIONS.slice(0, 1) })).toThrow(
      /the test database has schema version 2, newer than this tool knows \(1\)/,
    );
  });

  it('a statement is prepared once and reused', () => {
    const f = openDatabase(':memory:', { what: 'test database', migrations: MIGRATIONS });
    expect(f.sql('SELECT * FROM t')).toBe(f.sql('SELECT * FROM t'));
    expect(f.sql('SELECT * FROM t')).not.toBe(f.sql('SELECT a FROM t'));
    f.close();
  });

  it('a transaction is all or nothing', () => {
    const f = openDatabase(':memory:', { what: 'test database', migrations: MIGRATIONS });
    expect(() =>
      f.transaction(() => {
        f.sql('INSERT INTO t (a) VALUES (?)').run('x');
        f.sql('INSERT INTO t (a) VALUES (?)').run('x');
      }),
    ).toThrow(/UNIQUE/);
    expect(f.sql('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
    f.close();
  });

  it('an empty file: refused when the caller says so, else taken as new', () => {
    const path = join(dir(), 'x.db');
    writeFileSync(path, '');
    const refuse = () => new Error('empty: restore it');
    expect(() => openDatabase(path, { what: 'test database', migrations: MIGRATIONS, onEmpty: refuse })).toThrow(
      'empty: restore it',
    );
    expect(statSync(path).size).toBe(0);
    openDatabase(path, { what: 'test database', migrations: MIGRATIONS }).close();
    expect(statSync(path).size).toBeGreaterThan(0);
  });

  it('read-only: an existing file, never created, migrated or written', () => {
    const d = dir();
    expect(() => openDatabase(join(d, 'none.db'), { what: 'test database', readonly: true })).toThrow();
    expect(existsSync(join(d, 'none.db'))).toBe(false);
    const path = join(d, 'x.db');
    openDatabase(path, { what: 'test database', migrations: MIGRATIONS.slice(0, 1) }).close();
    const r = openDatabase(path, { what: 'test database', readonly: true, migrations: MIGRATIONS });
    expect(r.db.pragma('user_version', { simple: true })).toBe(1);
    expect(() => r.sql("INSERT INTO t (a) VALUES ('x')").run()).toThrow(/readonly/);
    r.close();
  });
});
