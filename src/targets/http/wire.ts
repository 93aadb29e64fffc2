/** The JSON a CRM sends for one biller, and back to a snapshot (secret settings wrapped again). */
import * as z from 'zod';
import { SECRET_SETTINGS } from '../../core/checklist.js';
import { Secret } from '../../core/secret.js';
import { reveal, withDicts, type BillerSnapshot, type SettingValue } from '../../core/snapshot.js';

const pdf = z.object({ path: z.string(), backup: z.boolean(), moveAction: z.string(), active: z.boolean() });
const zip = z.object({ path: z.string(), backup: z.boolean(), deleteZipFiles: z.boolean(), active: z.boolean() });

/** Checked on arrival: a CRM that sends something else is an error, not a silent misread. */
export const WireBiller = z.object({
  billerId: z.string(),
  profile: z.object({ name: z.string(), integrationPartner: z.string() }),
  invoicingOptions: z.record(z.string(), z.boolean()),
  bif: z.record(z.string(), z.string()),
  ftpUsers: z.array(z.string()),
  ftpPdf: z.record(z.string(), pdf),
  ftpZip: z.record(z.string(), zip),
  dataPump: z.object({ payment: z.record(z.string(), z.boolean()), nonPayment: z.record(z.string(), z.boolean()) }),
  advancedSettings: z.record(z.string().regex(/^\d+$/), z.string()),
  maintenance: z.boolean(),
  /** Who holds the maintenance window (a run id), when it is open and was opened with one. */
  maintenanceOwner: z.string().optional(),
});

export function toWire(s: BillerSnapshot): z.infer<typeof WireBiller> {
  const settings: Record<string, string> = {};
  for (const [n, v] of Object.entries(s.advancedSettings)) settings[n] = reveal(v) ?? '';
  return { ...s, advancedSettings: settings };
}

export function fromWire(w: z.infer<typeof WireBiller>): BillerSnapshot {
  const settings: Record<number, SettingValue> = {};
  for (const [n, v] of Object.entries(w.advancedSettings))
    settings[Number(n)] = SECRET_SETTINGS.has(Number(n)) ? new Secret(v) : v;
  return withDicts({ ...w, advancedSettings: settings });
}
