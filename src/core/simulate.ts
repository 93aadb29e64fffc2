/**
 * What a snapshot looks like after changes, computed without a CRM; and the differences
 * between two snapshots. Apply uses both: read back, compare with what the plan promised.
 */
import type { Change } from './change.js';
import { dict, settingText, type BillerSnapshot } from './snapshot.js';

export function cloneSnapshot(s: BillerSnapshot): BillerSnapshot {
  return {
    ...s,
    profile: { ...s.profile },
    invoicingOptions: dict(s.invoicingOptions),
    bif: dict(s.bif),
    ftpUsers: [...s.ftpUsers],
    ftpPdf: dict(s.ftpPdf),
    ftpZip: dict(s.ftpZip),
    dataPump: { payment: dict(s.dataPump.payment), nonPayment: dict(s.dataPump.nonPayment) },
    advancedSettings: { ...s.advancedSettings },
  };
}

function put<T>(rec: Record<string | number, T>, key: string | number, value: T | null): void {
  if (value === null) delete rec[key];
  else rec[key] = value;
}

export function applyToSnapshot(s: BillerSnapshot, changes: readonly Change[]): BillerSnapshot {
  const out = cloneSnapshot(s);
  for (const c of changes) {
    switch (c.entity) {
      case 'maintenance':
        out.maintenance = c.after;
        break;
      case 'profile':
        out.profile.integrationPartner = c.after;
        break;
      case 'bif':
        put(out.bif, c.key, c.after);
        break;
      case 'ftp_pdf':
        put(out.ftpPdf, c.key, c.after);
        break;
      case 'ftp_zip':
        put(out.ftpZip, c.key, c.after);
        break;
      case 'datapump_payment':
        out.dataPump.payment[c.key] = c.after;
        break;
      case 'datapump_nonpayment':
        out.dataPump.nonPayment[c.key] = c.after;
        break;
      case 'advanced_setting':
        put(out.advancedSettings, c.key, c.after);
        break;
    }
  }
  return out;
}

/** A flat, comparable view: "section key" → value text. Settings compare as settingText says; shown by nobody. */
export function flatten(s: BillerSnapshot, opts: { maintenance?: boolean } = {}): Map<string, string> {
  const m = new Map<string, string>();
  m.set('profile integration_partner', s.profile.integrationPartner);
  for (const [k, v] of Object.entries(s.invoicingOptions)) m.set(`invoicing_option ${k}`, String(v));
  for (const [k, v] of Object.entries(s.bif)) m.set(`bif ${k}`, v);
  for (const u of s.ftpUsers) m.set(`ftp_user ${u}`, 'exists');
  for (const [k, v] of Object.entries(s.ftpPdf)) m.set(`ftp_pdf ${k}`, settingText(v) ?? '');
  for (const [k, v] of Object.entries(s.ftpZip)) m.set(`ftp_zip ${k}`, settingText(v) ?? '');
  for (const [k, v] of Object.entries(s.dataPump.payment)) m.set(`datapump_payment ${k}`, String(v));
  for (const [k, v] of Object.entries(s.dataPump.nonPayment)) m.set(`datapump_nonpayment ${k}`, String(v));
  for (const [k, v] of Object.entries(s.advancedSettings)) m.set(`advanced_setting ${k}`, settingText(v) ?? '');
  if (opts.maintenance) m.set('maintenance active', String(s.maintenance));
  return m;
}

/** The entries where two snapshots differ, by name only (values may be secrets). */
export function differences(
  expected: BillerSnapshot,
  actual: BillerSnapshot,
  opts: { maintenance?: boolean } = {},
): string[] {
  const a = flatten(expected, opts);
  const b = flatten(actual, opts);
  const out: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) !== b.get(key))
      out.push(`${key}: ${!b.has(key) ? 'missing' : !a.has(key) ? 'unexpected' : 'differs'}`);
  }
  return out.sort();
}
