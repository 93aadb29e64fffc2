/** The embedded CRM's schema, as numbered migrations (see src/db/migrate.ts). */
import type Database from 'better-sqlite3';
import { migrate } from '../../db/migrate.js';

export const MIGRATIONS: readonly string[] = [
  // 1: the CRM configuration of each biller, one table per CRM screen. (Its whitespace was reflowed to 120
  //    columns after it shipped; the statements are the same.)
  `CREATE TABLE billers (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     integration_partner TEXT NOT NULL,
     maintenance INTEGER NOT NULL DEFAULT 0,
     version INTEGER NOT NULL DEFAULT 1
   ) STRICT;
   CREATE TABLE invoicing_options (
     biller_id TEXT NOT NULL REFERENCES billers(id) ON DELETE CASCADE, name TEXT NOT NULL, enabled INTEGER NOT NULL,
     PRIMARY KEY (biller_id, name)) STRICT;
   CREATE TABLE bif (
     biller_id TEXT NOT NULL REFERENCES billers(id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL,
     PRIMARY KEY (biller_id, key)) STRICT;
   CREATE TABLE ftp_users (
     biller_id TEXT NOT NULL REFERENCES billers(id) ON DELETE CASCADE, username TEXT NOT NULL,
     PRIMARY KEY (biller_id, username)) STRICT;
   CREATE TABLE ftp_pdf (
     biller_id TEXT NOT NULL REFERENCES billers(id) ON DELETE CASCADE, username TEXT NOT NULL, path TEXT NOT NULL,
     backup INTEGER NOT NULL, move_action TEXT NOT NULL, active INTEGER NOT NULL,
     PRIMARY KEY (biller_id, username)) STRICT;
   CREATE TABLE ftp_zip (
     biller_id TEXT NOT NULL REFERENCES billers(id) ON DELETE CASCADE, username TEXT NOT NULL, path TEXT NOT NULL,
     backup INTEGER NOT NULL, delete_zip_files INTEGER NOT NULL, active INTEGER NOT NULL,
     PRIMARY KEY (biller_id, username)) STRICT;
   CREATE TABLE datapump (
     biller_id TEXT NOT NULL REFERENCES billers(id) ON DELETE CASCADE,
     grp TEXT NOT NULL CHECK (grp IN ('payment', 'nonpayment')), name TEXT NOT NULL, selected INTEGER NOT NULL,
     PRIMARY KEY (biller_id, grp, name)) STRICT;
   CREATE TABLE advanced_settings (
     biller_id TEXT NOT NULL REFERENCES billers(id) ON DELETE CASCADE, number INTEGER NOT NULL, value TEXT NOT NULL,
     PRIMARY KEY (biller_id, number)) STRICT;`,
  // 2: who holds a biller's maintenance window (a run id), so a run closes only a window it opened.
  'ALTER TABLE billers ADD COLUMN maintenance_owner TEXT;',
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Bring a CRM database to the current schema; refuse one written by a newer version of the tool. */
export function migrateCrm(db: Database.Database, migrations: readonly string[] = MIGRATIONS): number {
  return migrate(db, migrations, 'CRM database');
}
