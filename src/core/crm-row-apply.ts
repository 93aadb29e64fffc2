/**
 * One CRM export row written into its biller's snapshot, section by section; a bad value is an error, never a default.
 */
import { SECRET_SETTINGS } from './checklist.js';
import type { CrmRow } from './crm-rows.js';
import type { FtpParts } from './crm-ftp-parts.js';
import { Secret } from './secret.js';
import { dict, type BillerSnapshot } from './snapshot.js';

// Prototype-free: a value such as "constructor" is not a word of these tables.
export const BOOL = dict<boolean>({ true: true, false: false, yes: true, no: false, '1': true, '0': false });
const ENABLED = dict<boolean>({ enabled: true, disabled: false, ...BOOL });
const SELECTED = dict<boolean>({ selected: true, cleared: false, '': false, ...BOOL });
/** A setting number as the CRM writes it: plain decimal digits (not 0xd, 1e1, 010.0 or " 13"). */
const SETTING_NUMBER = /^[1-9]\d{0,5}$/;

export interface RowContext {
  s: BillerSnapshot;
  row: CrmRow;
  line: number;
  ftp: FtpParts;
  err: (message: string) => void;
}

export function applyRow(c: RowContext): void {
  const { s, row } = c;
  switch (row.section) {
    case 'profile':
      return applyProfile(c);
    case 'invoicing_option':
      return withBool(c, ENABLED, 'enabled or disabled', (b) => (s.invoicingOptions[row.key] = b));
    case 'bif':
      s.bif[row.key] = row.value;
      return;
    case 'ftp_user':
      s.ftpUsers.push(row.key);
      return;
    case 'ftp_pdf':
    case 'ftp_zip': {
      const message = c.ftp.add(s.billerId, row.section, row.key, row.value, c.line);
      if (message) c.err(message);
      return;
    }
    case 'datapump_payment':
    case 'datapump_nonpayment': {
      const table = row.section === 'datapump_payment' ? s.dataPump.payment : s.dataPump.nonPayment;
      return withBool(c, SELECTED, 'selected or cleared', (b) => (table[row.key] = b));
    }
    case 'advanced_setting':
      return applyAdvancedSetting(c);
    case 'maintenance':
      if (row.key !== 'active') return c.err('maintenance key must be "active"');
      return withBool(c, BOOL, 'true or false', (b) => (s.maintenance = b));
  }
}

function applyProfile({ s, row, err }: RowContext): void {
  if (row.key === 'name') s.profile.name = row.value;
  else if (row.key === 'integration_partner') s.profile.integrationPartner = row.value;
  else err(`profile key ${JSON.stringify(row.key)} is unknown (name, integration_partner)`);
}

function applyAdvancedSetting({ s, row, err }: RowContext): void {
  if (!SETTING_NUMBER.test(row.key))
    return err(`advanced_setting key ${JSON.stringify(row.key)} is not a setting number`);
  const n = Number(row.key);
  s.advancedSettings[n] = SECRET_SETTINGS.has(n) ? new Secret(row.value) : row.value;
}

function withBool(c: RowContext, table: Record<string, boolean>, what: string, set: (b: boolean) => void): void {
  const b = table[c.row.value.trim().toLowerCase()];
  if (b === undefined)
    c.err(`${c.row.section} ${JSON.stringify(c.row.key)}: ${JSON.stringify(c.row.value)} is not ${what}`);
  else set(b);
}
