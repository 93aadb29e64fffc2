import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';

// Each migration also records that it ran, so a test sees exactly which ran, and how often.
const M = [
  'CREATE TABLE ran (v INTEGER NOT NULL); INSERT INTO ran VALUES (1);',
  'CREATE TABLE t (a TEXT); INSERT INTO ran VALUES (2);',
  'ALTER TABLE t ADD COLUMN b TEXT; INSERT INTO ran VALUES (3);',
];
const version = (db: Database.Database) => db.pragma('user_version', { simple: true });
const ran = (db: Database.Database) => db.prepare('SELECT v FROM ran ORDER BY rowid').pluck().all();

describe('migrate: numbered migrations, each once, in order', () => {
  it.each([
    { from: 0, runs: [1, 2, 3] },
    { from: 1, runs: [2, 3] },
    { from: 2, runs: [3] },
    { from: 3, runs: [] },
  ])('a database at version $from runs $runs', ({ from, runs }) => {
    const db = new Database(':memory:');
    migrate(db, M.slice(0, from), 'test database');
    const before = from ? ran(db) : [];
    expect(migrate(db, M, 'test database')).toBe(3);
    expect(version(db)).toBe(3);
    expect(ran(db)).toEqual([...before, ...runs]);
  });

  it('is idempotent: a second open runs nothing', () => {
    const db = new Database(':memory:');
    migrate(db, M, 'test database');
    expect(migrate(db, M, 'test database')).toBe(3);
    expect(ran(db)).toEqual([1, 2, 3]);
  });

  it('no migrations on a new file: version 0, nothing created', () => {
    const db = new Database(':memory:');
    expect(migrate(db, [], 'test database')).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
  });

  it('a migration that fails is undone whole and stops the rest; the ones before it stay', () => {
    const db = new Database(':memory:');
    const failing = [M[0] ?? '', 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);', M[2] ?? ''];
    expect(() => migrate(db, failing, 'test database')).toThrow(/no such table: nowhere/);
    expect(version(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(ran(db)).toEqual([1]);
  });

  it('a database from a newer tool is refused, naming it and both versions, and left as it was', () => {
    const db = new Database(':memory:');
    migrate(db, M, 'embedded CRM');
    expect(() => migrate(db, M.slice(0, 2), 'embedded CRM')).toThrow(
      'the embedded CRM has schema version 3, newer than this tool knows (2); upgrade spectrum-convert',
    );
    expect(version(db)).toBe(3);
    expect(ran(db)).toEqual([1, 2, 3]);
  });
});
