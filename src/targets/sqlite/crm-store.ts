/**
 * The embedded CRM: a SQLite database modelling each biller's CRM configuration. Used directly
 * by the `sqlite` target and, behind HTTP, by `crm serve`. Synchronous (better-sqlite3): one
 * statement is microseconds, and each write is its own transaction.
 */
import type Database from 'better-sqlite3';
import type { Change } from '../../core/change.js';
import { SECRET_SETTINGS } from '../../core/checklist.js';
import { Secret } from '../../core/secret.js';
import { reveal, withDicts, type BillerSnapshot } from '../../core/snapshot.js';
import { TargetError } from '../target-port.js';
import { openDatabase, type SqliteFile } from '../../db/open-database.js';
import { MIGRATIONS } from './schema.js';

type Row = Record<string, string | number>;

export class CrmStore {
  private constructor(
    readonly path: string,
    private readonly file: SqliteFile,
  ) {}

  private sql(text: string): Database.Statement {
    return this.file.sql(text);
  }

  /** Open (creating and migrating as needed) the database at `path`; ':memory:' for tests. */
  static open(path: string): CrmStore {
    // It holds customers' credentials: a new file is private to its owner (see open-database.ts).
    return new CrmStore(path, openDatabase(path, { what: 'CRM database', migrations: MIGRATIONS }));
  }

  close(): void {
    this.file.close();
  }

  billerIds(): string[] {
    return (this.sql('SELECT id FROM billers ORDER BY id').all() as Row[]).map((r) => String(r.id));
  }

  /** A version that changes on every write to the biller (the HTTP contract's ETag). */
  version(billerId: string): number | null {
    const r = this.sql('SELECT version FROM billers WHERE id = ?').get(billerId) as Row | undefined;
    return r ? Number(r.version) : null;
  }

  snapshot(billerId: string): BillerSnapshot | null {
    const b = this.sql('SELECT * FROM billers WHERE id = ?').get(billerId) as Row | undefined;
    if (!b) return null;
    const all = (sql: string) => this.sql(sql).all(billerId) as Row[];
    const s: BillerSnapshot = {
      billerId,
      profile: { name: String(b.name), integrationPartner: String(b.integration_partner) },
      invoicingOptions: Object.fromEntries(
        all('SELECT name, enabled FROM invoicing_options WHERE biller_id = ? ORDER BY name').map((r) => [
          String(r.name),
          r.enabled === 1,
        ]),
      ),
      bif: Object.fromEntries(
        all('SELECT key, value FROM bif WHERE biller_id = ? ORDER BY key').map((r) => [String(r.key), String(r.value)]),
      ),
      ftpUsers: all('SELECT username FROM ftp_users WHERE biller_id = ? ORDER BY username').map((r) =>
        String(r.username),
      ),
      ftpPdf: Object.fromEntries(
        all('SELECT * FROM ftp_pdf WHERE biller_id = ? ORDER BY username').map((r) => [
          String(r.username),
          { path: String(r.path), backup: r.backup === 1, moveAction: String(r.move_action), active: r.active === 1 },
        ]),
      ),
      ftpZip: Object.fromEntries(
        all('SELECT * FROM ftp_zip WHERE biller_id = ? ORDER BY username').map((r) => [
          String(r.username),
          {
            path: String(r.path),
            backup: r.backup === 1,
            deleteZipFiles: r.delete_zip_files === 1,
            active: r.active === 1,
          },
        ]),
      ),
      dataPump: { payment: {}, nonPayment: {} },
      advancedSettings: {},
      maintenance: b.maintenance === 1,
      ...(b.maintenance === 1 && typeof b.maintenance_owner === 'string'
        ? { maintenanceOwner: b.maintenance_owner }
        : {}),
    };
    for (const r of all('SELECT grp, name, selected FROM datapump WHERE biller_id = ? ORDER BY name')) {
      (r.grp === 'payment' ? s.dataPump.payment : s.dataPump.nonPayment)[String(r.name)] = r.selected === 1;
    }
    for (const r of all('SELECT number, value FROM advanced_settings WHERE biller_id = ? ORDER BY number')) {
      const n = Number(r.number);
      s.advancedSettings[n] = SECRET_SETTINGS.has(n) ? new Secret(String(r.value)) : String(r.value);
    }
    return withDicts(s);
  }

  /** Make the store hold change.after (null removes). Idempotent. */
  write(change: Change): void {
    const id = change.billerId;
    this.file.transaction(() => {
      this.mustExist(id);
      this.writeEntity(change);
      this.sql('UPDATE billers SET version = version + 1 WHERE id = ?').run(id);
    });
  }

  /**
   * Open or close a biller's maintenance window as `owner` (a run id). The window is a lease: it
   * cannot be opened over another holder's open window, nor closed by anyone but its holder (a
   * window opened without an owner, by a person, is nobody's to close but theirs). Idempotent for
   * the holder itself.
   */
  setMaintenance(billerId: string, active: boolean, owner?: string): void {
    this.file.transaction(() => {
      this.mustExist(billerId);
      const row = this.sql('SELECT maintenance, maintenance_owner FROM billers WHERE id = ?').get(billerId) as Row;
      const held = row.maintenance === 1;
      const holder = typeof row.maintenance_owner === 'string' ? row.maintenance_owner : undefined;
      if (held && holder !== owner) {
        throw new TargetError(
          'conflict',
          `biller ${billerId} is in maintenance held by ${holder ? `run ${holder}` : 'someone else (no run id)'}${active ? '' : ': only its holder closes it'}`,
        );
      }
      this.sql('UPDATE billers SET maintenance = ?, maintenance_owner = ?, version = version + 1 WHERE id = ?').run(
        active ? 1 : 0,
        active ? (owner ?? null) : null,
        billerId,
      );
    });
  }

  /** Replace whole billers with these snapshots, all or nothing (CRM import). */
  putSnapshots(snapshots: readonly BillerSnapshot[]): void {
    const bool = (b: boolean) => (b ? 1 : 0);
    this.file.transaction(() => {
      for (const s of snapshots) {
        const id = s.billerId;
        this.sql('DELETE FROM billers WHERE id = ?').run(id);
        this.sql('INSERT INTO billers (id, name, integration_partner, maintenance) VALUES (?, ?, ?, ?)').run(
          id,
          s.profile.name,
          s.profile.integrationPartner,
          bool(s.maintenance),
        );
        for (const [k, v] of Object.entries(s.invoicingOptions))
          this.sql('INSERT INTO invoicing_options VALUES (?, ?, ?)').run(id, k, bool(v));
        for (const [k, v] of Object.entries(s.bif)) this.sql('INSERT INTO bif VALUES (?, ?, ?)').run(id, k, v);
        for (const u of s.ftpUsers) this.sql('INSERT INTO ftp_users VALUES (?, ?)').run(id, u);
        for (const [u, p] of Object.entries(s.ftpPdf))
          this.sql('INSERT INTO ftp_pdf VALUES (?, ?, ?, ?, ?, ?)').run(
            id,
            u,
            p.path,
            bool(p.backup),
            p.moveAction,
            bool(p.active),
          );
        for (const [u, z] of Object.entries(s.ftpZip))
          this.sql('INSERT INTO ftp_zip VALUES (?, ?, ?, ?, ?, ?)').run(
            id,
            u,
            z.path,
            bool(z.backup),
            bool(z.deleteZipFiles),
            bool(z.active),
          );
        for (const [k, v] of Object.entries(s.dataPump.payment))
          this.sql("INSERT INTO datapump VALUES (?, 'payment', ?, ?)").run(id, k, bool(v));
        for (const [k, v] of Object.entries(s.dataPump.nonPayment))
          this.sql("INSERT INTO datapump VALUES (?, 'nonpayment', ?, ?)").run(id, k, bool(v));
        for (const [n, v] of Object.entries(s.advancedSettings))
          this.sql('INSERT INTO advanced_settings VALUES (?, ?, ?)').run(id, Number(n), reveal(v) ?? '');
      }
    });
  }

  private mustExist(billerId: string): void {
    if (!this.sql('SELECT 1 FROM billers WHERE id = ?').get(billerId))
      throw new TargetError('not-found', `biller ${billerId} does not exist in the CRM`);
  }

  private writeEntity(c: Change): void {
    const id = c.billerId;
    const run = (sql: string, ...args: Array<string | number>) => this.sql(sql).run(id, ...args);
    switch (c.entity) {
      case 'maintenance':
        this.sql('UPDATE billers SET maintenance = ?, maintenance_owner = NULL WHERE id = ?').run(c.after ? 1 : 0, id);
        break;
      case 'profile':
        this.sql('UPDATE billers SET integration_partner = ? WHERE id = ?').run(c.after, id);
        break;
      case 'bif':
        if (c.after === null) run('DELETE FROM bif WHERE biller_id = ? AND key = ?', c.key);
        else
          run(
            'INSERT INTO bif VALUES (?, ?, ?) ON CONFLICT (biller_id, key) DO UPDATE SET value = excluded.value',
            c.key,
            c.after,
          );
        break;
      case 'ftp_pdf':
        if (c.after === null) run('DELETE FROM ftp_pdf WHERE biller_id = ? AND username = ?', c.key);
        else
          run(
            'INSERT OR REPLACE INTO ftp_pdf VALUES (?, ?, ?, ?, ?, ?)',
            c.key,
            c.after.path,
            c.after.backup ? 1 : 0,
            c.after.moveAction,
            c.after.active ? 1 : 0,
          );
        break;
      case 'ftp_zip':
        if (c.after === null) run('DELETE FROM ftp_zip WHERE biller_id = ? AND username = ?', c.key);
        else
          run(
            'INSERT OR REPLACE INTO ftp_zip VALUES (?, ?, ?, ?, ?, ?)',
            c.key,
            c.after.path,
            c.after.backup ? 1 : 0,
            c.after.deleteZipFiles ? 1 : 0,
            c.after.active ? 1 : 0,
          );
        break;
      case 'datapump_payment':
      case 'datapump_nonpayment':
        run(
          'INSERT OR REPLACE INTO datapump VALUES (?, ?, ?, ?)',
          c.entity === 'datapump_payment' ? 'payment' : 'nonpayment',
          c.key,
          c.after ? 1 : 0,
        );
        break;
      case 'advanced_setting':
        if (c.after === null) run('DELETE FROM advanced_settings WHERE biller_id = ? AND number = ?', c.key);
        else run('INSERT OR REPLACE INTO advanced_settings VALUES (?, ?, ?)', c.key, reveal(c.after) ?? '');
        break;
    }
  }
}
