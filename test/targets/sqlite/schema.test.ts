import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateCrm, MIGRATIONS, SCHEMA_VERSION } from '../../../src/targets/sqlite/schema.js';

const open = (upTo = SCHEMA_VERSION) => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrateCrm(db, MIGRATIONS.slice(0, upTo));
  return db;
};
const schema = (db: Database.Database) =>
  db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
const columns = (db: Database.Database, table: string) =>
  db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all();

describe('the embedded CRM schema', () => {
  it('a new CRM reaches the last version, one table per CRM screen', () => {
    const db = new Database(':memory:');
    expect(migrateCrm(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual([
      'advanced_settings',
      'bif',
      'billers',
      'datapump',
      'ftp_pdf',
      'ftp_users',
      'ftp_zip',
      'invoicing_options',
    ]);
    expect(columns(db, 'billers')).toEqual([
      'id',
      'name',
      'integration_partner',
      'maintenance',
      'version',
      'maintenance_owner',
    ]);
  });

  it.each(Array.from({ length: SCHEMA_VERSION }, (_, k) => ({ k })))(
    'a CRM at version $k ends like a new one',
    ({ k }) => {
      const db = open(k);
      expect(migrateCrm(db)).toBe(SCHEMA_VERSION);
      expect(schema(db)).toEqual(schema(open()));
    },
  );

  it('a biller removed takes its settings with it (every screen cascades)', () => {
    const db = open();
    db.prepare(
      "INSERT INTO billers (id, name, integration_partner) VALUES ('B1', 'Town', 'IMT Computer Services')",
    ).run();
    db.prepare("INSERT INTO advanced_settings (biller_id, number, value) VALUES ('B1', 8, 'https://x')").run();
    db.prepare("INSERT INTO datapump (biller_id, grp, name, selected) VALUES ('B1', 'payment', 'P', 1)").run();
    db.prepare("DELETE FROM billers WHERE id = 'B1'").run();
    expect(db.prepare('SELECT COUNT(*) FROM advanced_settings').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM datapump').pluck().get()).toBe(0);
  });

  it('a DataPump group other than payment or nonpayment is refused', () => {
    const db = open();
    db.prepare("INSERT INTO billers (id, name, integration_partner) VALUES ('B1', 'Town', 'IMT Spectrum')").run();
    expect(() =>
      db.prepare("INSERT INTO datapump (biller_id, grp, name, selected) VALUES ('B1', 'other', 'P', 1)").run(),
    ).toThrow(/CHECK constraint failed/);
  });

  it('refuses a CRM written by a newer tool, naming it and both versions', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrateCrm(db)).toThrow(
      `the CRM database has schema version ${SCHEMA_VERSION + 1}, newer than this tool knows (${SCHEMA_VERSION})`,
    );
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
  });
});
