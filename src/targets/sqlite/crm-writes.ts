/** The embedded CRM's writes, one entity or one whole biller at a time (crm-store.ts holds the transactions). */
import type { Change } from '../../core/change.js';
import type { PdfSetting, ZipSetting } from '../../core/checklist.js';
import { reveal, type BillerSnapshot } from '../../core/snapshot.js';
import type { SqliteFile } from '../../db/open-database.js';

/** SQLite's boolean: 1 or 0. */
const bit = (b: boolean) => (b ? 1 : 0);

/** Replace one whole biller with this snapshot (inside the caller's transaction). */
export function putSnapshot(file: SqliteFile, s: BillerSnapshot): void {
  const id = s.billerId;
  file.sql('DELETE FROM billers WHERE id = ?').run(id);
  file
    .sql('INSERT INTO billers (id, name, integration_partner, maintenance) VALUES (?, ?, ?, ?)')
    .run(id, s.profile.name, s.profile.integrationPartner, bit(s.maintenance));
  for (const [k, v] of Object.entries(s.invoicingOptions))
    file.sql('INSERT INTO invoicing_options VALUES (?, ?, ?)').run(id, k, bit(v));
  for (const [k, v] of Object.entries(s.bif)) file.sql('INSERT INTO bif VALUES (?, ?, ?)').run(id, k, v);
  for (const u of s.ftpUsers) file.sql('INSERT INTO ftp_users VALUES (?, ?)').run(id, u);
  for (const [u, p] of Object.entries(s.ftpPdf))
    file
      .sql('INSERT INTO ftp_pdf VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, u, p.path, bit(p.backup), p.moveAction, bit(p.active));
  for (const [u, z] of Object.entries(s.ftpZip))
    file
      .sql('INSERT INTO ftp_zip VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, u, z.path, bit(z.backup), bit(z.deleteZipFiles), bit(z.active));
  for (const [k, v] of Object.entries(s.dataPump.payment))
    file.sql("INSERT INTO datapump VALUES (?, 'payment', ?, ?)").run(id, k, bit(v));
  for (const [k, v] of Object.entries(s.dataPump.nonPayment))
    file.sql("INSERT INTO datapump VALUES (?, 'nonpayment', ?, ?)").run(id, k, bit(v));
  for (const [n, v] of Object.entries(s.advancedSettings))
    file.sql('INSERT INTO advanced_settings VALUES (?, ?, ?)').run(id, Number(n), reveal(v) ?? '');
}

/** Runs one statement whose first parameter is the biller id. */
type Run = (sql: string, ...args: Array<string | number>) => void;

/** Make the store hold change.after for one entity (null removes), inside the caller's transaction. */
export function writeEntity(file: SqliteFile, c: Change): void {
  const id = c.billerId;
  const run: Run = (sql, ...args) => file.sql(sql).run(id, ...args);
  switch (c.entity) {
    case 'maintenance':
      file.sql('UPDATE billers SET maintenance = ?, maintenance_owner = NULL WHERE id = ?').run(bit(c.after), id);
      break;
    case 'profile':
      file.sql('UPDATE billers SET integration_partner = ? WHERE id = ?').run(c.after, id);
      break;
    case 'bif':
      writeBif(run, c.key, c.after);
      break;
    case 'ftp_pdf':
      writeFtpPdf(run, c.key, c.after);
      break;
    case 'ftp_zip':
      writeFtpZip(run, c.key, c.after);
      break;
    case 'datapump_payment':
    case 'datapump_nonpayment':
      run(
        'INSERT OR REPLACE INTO datapump VALUES (?, ?, ?, ?)',
        c.entity === 'datapump_payment' ? 'payment' : 'nonpayment',
        c.key,
        bit(c.after),
      );
      break;
    case 'advanced_setting':
      if (c.after === null) run('DELETE FROM advanced_settings WHERE biller_id = ? AND number = ?', c.key);
      else run('INSERT OR REPLACE INTO advanced_settings VALUES (?, ?, ?)', c.key, reveal(c.after) ?? '');
      break;
  }
}

function writeBif(run: Run, key: string, after: string | null): void {
  if (after === null) run('DELETE FROM bif WHERE biller_id = ? AND key = ?', key);
  else
    run(
      'INSERT INTO bif VALUES (?, ?, ?) ON CONFLICT (biller_id, key) DO UPDATE SET value = excluded.value',
      key,
      after,
    );
}

function writeFtpPdf(run: Run, user: string, after: PdfSetting | null): void {
  if (after === null) run('DELETE FROM ftp_pdf WHERE biller_id = ? AND username = ?', user);
  else
    run(
      'INSERT OR REPLACE INTO ftp_pdf VALUES (?, ?, ?, ?, ?, ?)',
      user,
      after.path,
      bit(after.backup),
      after.moveAction,
      bit(after.active),
    );
}

function writeFtpZip(run: Run, user: string, after: ZipSetting | null): void {
  if (after === null) run('DELETE FROM ftp_zip WHERE biller_id = ? AND username = ?', user);
  else
    run(
      'INSERT OR REPLACE INTO ftp_zip VALUES (?, ?, ?, ?, ?, ?)',
      user,
      after.path,
      bit(after.backup),
      bit(after.deleteZipFiles),
      bit(after.active),
    );
}
