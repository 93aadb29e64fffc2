/**
 * The CRM export in long format: one row per setting (biller_id, section, key, value), so a
 * person can read it in a spreadsheet and a tool can diff it. This module turns rows into
 * snapshots and back, and names every bad row by its line.
 */
import { SECRET_SETTINGS } from './checklist.js';
import { Secret } from './secret.js';
import { dict, reveal, type BillerSnapshot } from './snapshot.js';

export interface CrmRow {
  billerId: string;
  section: string;
  key: string;
  value: string;
}
export interface RowError {
  line: number;
  message: string;
}

export const SECTIONS = [
  'profile',
  'invoicing_option',
  'bif',
  'ftp_user',
  'ftp_pdf',
  'ftp_zip',
  'datapump_payment',
  'datapump_nonpayment',
  'advanced_setting',
  'maintenance',
] as const;

// Prototype-free: a value such as "constructor" is not a word of these tables.
const BOOL = dict<boolean>({ true: true, false: false, yes: true, no: false, '1': true, '0': false });
const ENABLED = dict<boolean>({ enabled: true, disabled: false, ...BOOL });
const SELECTED = dict<boolean>({ selected: true, cleared: false, '': false, ...BOOL });
/** A setting number as the CRM writes it: plain decimal digits (not 0xd, 1e1, 010.0 or " 13"). */
const SETTING_NUMBER = /^[1-9]\d{0,5}$/;
const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

function empty(billerId: string): BillerSnapshot {
  return {
    billerId,
    profile: { name: '', integrationPartner: '' },
    invoicingOptions: dict(),
    bif: dict(),
    ftpUsers: [],
    ftpPdf: dict(),
    ftpZip: dict(),
    dataPump: { payment: dict(), nonPayment: dict() },
    advancedSettings: {},
    maintenance: false,
  };
}

/** Rows (with their 1-based line numbers) → snapshots, or every error found. Nothing partial. */
export function rowsToSnapshots(rows: ReadonlyArray<{ line: number; row: CrmRow }>): {
  snapshots: BillerSnapshot[];
  errors: RowError[];
} {
  const byId = new Map<string, BillerSnapshot>();
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  const pdfParts = new Map<string, Record<string, string>>();
  for (const { line, row } of rows) {
    const err = (message: string) => errors.push({ line, message });
    const id = row.billerId.trim().toUpperCase();
    if (!GUID.test(id)) {
      err(`biller_id ${JSON.stringify(row.billerId)} is not a GUID`);
      continue;
    }
    if (!(SECTIONS as readonly string[]).includes(row.section)) {
      err(`unknown section ${JSON.stringify(row.section)} (expected one of ${SECTIONS.join(', ')})`);
      continue;
    }
    const dupKey = `${id}\u0000${row.section}\u0000${row.key}`;
    const first = seen.get(dupKey);
    if (first !== undefined) {
      err(`${row.section} ${JSON.stringify(row.key)} is given twice for this biller (first on line ${first})`);
      continue;
    }
    seen.set(dupKey, line);
    const s = byId.get(id) ?? empty(id);
    byId.set(id, s);
    const bool = (table: Record<string, boolean>, what: string): boolean | undefined => {
      const b = table[row.value.trim().toLowerCase()];
      if (b === undefined)
        err(`${row.section} ${JSON.stringify(row.key)}: ${JSON.stringify(row.value)} is not ${what}`);
      return b;
    };
    switch (row.section) {
      case 'profile':
        if (row.key === 'name') s.profile.name = row.value;
        else if (row.key === 'integration_partner') s.profile.integrationPartner = row.value;
        else err(`profile key ${JSON.stringify(row.key)} is unknown (name, integration_partner)`);
        break;
      case 'invoicing_option': {
        const b = bool(ENABLED, 'enabled or disabled');
        if (b !== undefined) s.invoicingOptions[row.key] = b;
        break;
      }
      case 'bif':
        s.bif[row.key] = row.value;
        break;
      case 'ftp_user':
        s.ftpUsers.push(row.key);
        break;
      case 'ftp_pdf':
      case 'ftp_zip': {
        const dot = row.key.lastIndexOf('.');
        if (dot <= 0) {
          err(`${row.section} key ${JSON.stringify(row.key)} must be USER.FIELD`);
          break;
        }
        const partsKey = `${id}\u0000${row.section}\u0000${row.key.slice(0, dot)}`;
        pdfParts.set(
          partsKey,
          Object.assign(pdfParts.get(partsKey) ?? dict<string>(), {
            [row.key.slice(dot + 1)]: row.value,
            __line: String(line),
          }),
        );
        break;
      }
      case 'datapump_payment':
      case 'datapump_nonpayment': {
        const b = bool(SELECTED, 'selected or cleared');
        if (b !== undefined)
          (row.section === 'datapump_payment' ? s.dataPump.payment : s.dataPump.nonPayment)[row.key] = b;
        break;
      }
      case 'advanced_setting': {
        const n = Number(row.key);
        if (!SETTING_NUMBER.test(row.key)) {
          err(`advanced_setting key ${JSON.stringify(row.key)} is not a setting number`);
          break;
        }
        s.advancedSettings[n] = SECRET_SETTINGS.has(n) ? new Secret(row.value) : row.value;
        break;
      }
      case 'maintenance': {
        if (row.key !== 'active') {
          err('maintenance key must be "active"');
          break;
        }
        const b = bool(BOOL, 'true or false');
        if (b !== undefined) s.maintenance = b;
        break;
      }
    }
  }
  for (const [partsKey, parts] of pdfParts) {
    const [id, section, user] = partsKey.split('\u0000') as [string, string, string];
    const line = Number(parts.__line);
    const s = byId.get(id);
    if (!s) continue;
    const b = (k: string) => BOOL[(parts[k] ?? '').trim().toLowerCase()];
    if (!parts.path) {
      errors.push({ line, message: `${section} for ${user}: the path is missing` });
      continue;
    }
    if (section === 'ftp_pdf') {
      const [backup, active] = [b('backup'), b('active')];
      if (backup === undefined || active === undefined || !parts.move_action) {
        errors.push({ line, message: `ftp_pdf for ${user} needs path, backup, move_action and active` });
        continue;
      }
      s.ftpPdf[user] = { path: parts.path, backup, moveAction: parts.move_action, active };
    } else {
      const [backup, del, active] = [b('backup'), b('delete_zip_files'), b('active')];
      if (backup === undefined || del === undefined || active === undefined) {
        errors.push({ line, message: `ftp_zip for ${user} needs path, backup, delete_zip_files and active` });
        continue;
      }
      s.ftpZip[user] = { path: parts.path, backup, deleteZipFiles: del, active };
    }
  }
  for (const s of byId.values()) {
    if (!s.profile.integrationPartner)
      errors.push({ line: 0, message: `biller ${s.billerId} has no profile integration_partner row` });
  }
  return { snapshots: [...byId.values()], errors: errors.sort((a, b) => a.line - b.line) };
}

/** A snapshot → rows, in a stable order; secrets masked unless `reveal` is set. */
export function snapshotToRows(
  s: BillerSnapshot,
  opts: { revealSecrets: boolean; mask: (value: string) => string },
): CrmRow[] {
  const rows: CrmRow[] = [];
  const add = (section: string, key: string, value: string) => rows.push({ billerId: s.billerId, section, key, value });
  const sorted = <T>(rec: Record<string, T>) => Object.entries(rec).sort(([a], [b]) => a.localeCompare(b));
  add('profile', 'name', s.profile.name);
  add('profile', 'integration_partner', s.profile.integrationPartner);
  for (const [k, v] of sorted(s.invoicingOptions)) add('invoicing_option', k, v ? 'enabled' : 'disabled');
  for (const [k, v] of sorted(s.bif)) add('bif', k, v);
  for (const u of [...s.ftpUsers].sort()) add('ftp_user', u, '');
  for (const [u, p] of sorted(s.ftpPdf)) {
    add('ftp_pdf', `${u}.path`, p.path);
    add('ftp_pdf', `${u}.backup`, String(p.backup));
    add('ftp_pdf', `${u}.move_action`, p.moveAction);
    add('ftp_pdf', `${u}.active`, String(p.active));
  }
  for (const [u, z] of sorted(s.ftpZip)) {
    add('ftp_zip', `${u}.path`, z.path);
    add('ftp_zip', `${u}.backup`, String(z.backup));
    add('ftp_zip', `${u}.delete_zip_files`, String(z.deleteZipFiles));
    add('ftp_zip', `${u}.active`, String(z.active));
  }
  for (const [k, v] of sorted(s.dataPump.payment)) add('datapump_payment', k, v ? 'selected' : 'cleared');
  for (const [k, v] of sorted(s.dataPump.nonPayment)) add('datapump_nonpayment', k, v ? 'selected' : 'cleared');
  for (const n of Object.keys(s.advancedSettings)
    .map(Number)
    .sort((a, b) => a - b)) {
    const v = s.advancedSettings[n];
    const text = reveal(v) ?? '';
    add(
      'advanced_setting',
      String(n),
      typeof v === 'string' || opts.revealSecrets || text === '' ? text : opts.mask(text),
    );
  }
  add('maintenance', 'active', String(s.maintenance));
  return rows;
}
