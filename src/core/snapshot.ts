/** One biller's CRM configuration, as the target port reads it: the planner's other input. */
import type { PdfSetting, ZipSetting } from './checklist.js';
import { Secret } from './secret.js';

/** An advanced setting value; secret settings (10, 13, 16, 19, 22) are always wrapped. */
export type SettingValue = string | Secret;

export interface BillerSnapshot {
  billerId: string;
  profile: { name: string; integrationPartner: string };
  /** Invoicing > Advanced Configuration: option name → enabled. */
  invoicingOptions: Record<string, boolean>;
  /** BIF customizations, keyed "Integration/Name". */
  bif: Record<string, string>;
  /** FTP users that exist for the biller. */
  ftpUsers: string[];
  /** FTP pickup settings, keyed by FTP user. */
  ftpPdf: Record<string, PdfSetting>;
  ftpZip: Record<string, ZipSetting>;
  /** DataPump configurations: name → selected. */
  dataPump: { payment: Record<string, boolean>; nonPayment: Record<string, boolean> };
  /** Advanced settings by number. */
  advancedSettings: Record<number, SettingValue>;
  maintenance: boolean;
  /** Who holds the maintenance window (a run id), when the CRM says. */
  maintenanceOwner?: string;
}

export function reveal(v: SettingValue | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : v.reveal();
}

/** A value of one CRM setting: an advanced setting, or an FTP pickup setting (PDF or ZIP). */
export type AnySetting = SettingValue | PdfSetting | ZipSetting;

/**
 * The one comparable form of a setting value, so that the planner, the read back, the undo and
 * the targets agree on "already set": a secret by its value, a pickup setting field by field
 * whatever its key order, an absent setting as null (never equal to an empty one).
 */
export function settingText(v: AnySetting | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Secret) return v.reveal();
  return JSON.stringify(v, Object.keys(v).sort());
}

/** Does a setting hold the same value as another? See settingText. */
export function sameSetting(a: AnySetting | null | undefined, b: AnySetting | null | undefined): boolean {
  return settingText(a) === settingText(b);
}

/**
 * A record keyed by CRM names (FTP users, BIF keys, option and DataPump names): no prototype, so
 * a name such as `__proto__` or `constructor` is an ordinary key, never Object.prototype's.
 */
export function dict<T>(from: Readonly<Record<string, T>> = {}): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of Object.entries(from)) out[k] = v;
  return out;
}

/** The snapshot with every CRM-named record made a prototype-free dict (see dict). */
export function withDicts(s: BillerSnapshot): BillerSnapshot {
  return {
    ...s,
    invoicingOptions: dict(s.invoicingOptions),
    bif: dict(s.bif),
    ftpPdf: dict(s.ftpPdf),
    ftpZip: dict(s.ftpZip),
    dataPump: { payment: dict(s.dataPump.payment), nonPayment: dict(s.dataPump.nonPayment) },
  };
}
