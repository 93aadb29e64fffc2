/**
 * The embedded CRM: a SQLite database modelling each biller's CRM configuration. Used directly
 * by the `sqlite` target and, behind HTTP, by `crm serve`. Synchronous (better-sqlite3): one
 * statement is microseconds, and each write is its own transaction.
 */
import type Database from 'better-sqlite3';
import type { Change } from '../../core/change.js';
import { SECRET_SETTINGS } from '../../core/checklist.js';
import { Secret } from '../../core/secret.js';
import { withDicts, type BillerSnapshot } from '../../core/snapshot.js';
import { TargetError } from '../target-port.js';
import { openDatabase, type SqliteFile } from '../../db/open-database.js';
import { putSnapshot, writeEntity } from './crm-writes.js';
import { MIGRATIONS } from './schema.js';

type Row = Record<string, string | number>;
/** The rows of one biller a query (its one parameter the biller id) selects. */
type Rows = (sql: string) => Row[];

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
    const all: Rows = (sql) => this.sql(sql).all(billerId) as Row[];
    return withDicts({
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
      ...pickupSettings(all),
      dataPump: dataPumpOf(all),
      advancedSettings: advancedSettingsOf(all),
      maintenance: b.maintenance === 1,
      ...(b.maintenance === 1 && typeof b.maintenance_owner === 'string'
        ? { maintenanceOwner: b.maintenance_owner }
        : {}),
    });
  }

  /** Make the store hold change.after (null removes). Idempotent. */
  write(change: Change): void {
    const id = change.billerId;
    this.file.transaction(() => {
      this.mustExist(id);
      writeEntity(this.file, change);
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
          `biller ${billerId} is in maintenance held by ${holder ? `run ${holder}` : 'someone else (no run id)'}` +
            (active ? '' : ': only its holder closes it'),
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
    this.file.transaction(() => {
      for (const s of snapshots) putSnapshot(this.file, s);
    });
  }

  private mustExist(billerId: string): void {
    if (!this.sql('SELECT 1 FROM billers WHERE id = ?').get(billerId))
      throw new TargetError('not-found', `biller ${billerId} does not exist in the CRM`);
  }
}

/** The FTP pickup settings, PDF and ZIP, by FTP user. */
function pickupSettings(all: Rows): Pick<BillerSnapshot, 'ftpPdf' | 'ftpZip'> {
  const byUser = <T>(sql: string, setting: (r: Row) => T) =>
    Object.fromEntries(all(sql).map((r) => [String(r.username), setting(r)]));
  return {
    ftpPdf: byUser('SELECT * FROM ftp_pdf WHERE biller_id = ? ORDER BY username', (r) => ({
      path: String(r.path),
      backup: r.backup === 1,
      moveAction: String(r.move_action),
      active: r.active === 1,
    })),
    ftpZip: byUser('SELECT * FROM ftp_zip WHERE biller_id = ? ORDER BY username', (r) => ({
      path: String(r.path),
      backup: r.backup === 1,
      deleteZipFiles: r.delete_zip_files === 1,
      active: r.active === 1,
    })),
  };
}

/** The DataPump configurations, payment and non-payment, by name: selected or not. */
function dataPumpOf(all: Rows): BillerSnapshot['dataPump'] {
  const dataPump: BillerSnapshot['dataPump'] = { payment: {}, nonPayment: {} };
  for (const r of all('SELECT grp, name, selected FROM datapump WHERE biller_id = ? ORDER BY name')) {
    (r.grp === 'payment' ? dataPump.payment : dataPump.nonPayment)[String(r.name)] = r.selected === 1;
  }
  return dataPump;
}

/** The advanced settings by number, the secret ones wrapped. */
function advancedSettingsOf(all: Rows): BillerSnapshot['advancedSettings'] {
  const settings: BillerSnapshot['advancedSettings'] = {};
  for (const r of all('SELECT number, value FROM advanced_settings WHERE biller_id = ? ORDER BY number')) {
    const n = Number(r.number);
    settings[n] = SECRET_SETTINGS.has(n) ? new Secret(String(r.value)) : String(r.value);
  }
  return settings;
}
