/**
 * The CRM export in long format: one row per setting (biller_id, section, key, value), so a
 * person can read it in a spreadsheet and a tool can diff it. This module turns rows into
 * snapshots and back, and names every bad row by its line.
 */
import { FtpParts } from './crm-ftp-parts.js';
import { applyRow } from './crm-row-apply.js';
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

const SECTIONS = [
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
  const ftp = new FtpParts();
  for (const { line, row } of rows) {
    const err = (message: string) => void errors.push({ line, message });
    const id = row.billerId.trim().toUpperCase();
    const refusal = rowRefusal(id, row, seen.get(`${id}\u0000${row.section}\u0000${row.key}`));
    if (refusal) {
      err(refusal);
      continue;
    }
    seen.set(`${id}\u0000${row.section}\u0000${row.key}`, line);
    const s = byId.get(id) ?? empty(id);
    byId.set(id, s);
    applyRow({ s, row, line, ftp, err });
  }
  ftp.assemble(byId, errors);
  for (const s of byId.values()) {
    if (!s.profile.integrationPartner)
      errors.push({ line: 0, message: `biller ${s.billerId} has no profile integration_partner row` });
  }
  return { snapshots: [...byId.values()], errors: errors.sort((a, b) => a.line - b.line) };
}

/** Why a row cannot be read at all (its biller, its section, or a second copy of it), if it cannot. */
function rowRefusal(id: string, row: CrmRow, firstLine: number | undefined): string | undefined {
  if (!GUID.test(id)) return `biller_id ${JSON.stringify(row.billerId)} is not a GUID`;
  if (!(SECTIONS as readonly string[]).includes(row.section))
    return `unknown section ${JSON.stringify(row.section)} (expected one of ${SECTIONS.join(', ')})`;
  if (firstLine !== undefined)
    return `${row.section} ${JSON.stringify(row.key)} is given twice for this biller (first on line ${firstLine})`;
  return undefined;
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
