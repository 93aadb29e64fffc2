/**
 * The changes that bring a biller from its current CRM state back to a recorded one: used to
 * recover a biller a crashed run left half converted, and to roll back a night. Pure; the
 * engine applies them like any plan (maintenance window, read back, all or nothing).
 */
import { inverse, maintenanceChange, type Change } from './change.js';
import { SECRET_SETTINGS, SECTION, settingName, type Section } from './checklist.js';
import { applyToSnapshot, differences, flatten } from './simulate.js';
import { sameSetting, type BillerSnapshot } from './snapshot.js';

/** A key's value before (`current`) and after (`target`), null where a side lacks it. */
function pair<T>(
  current: Record<string, T>,
  target: Record<string, T>,
  k: string,
): { before: T | null; after: T | null } {
  return { before: current[k] ?? null, after: target[k] ?? null };
}

function keys<T>(a: Record<string, T>, b: Record<string, T>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

/**
 * Every change from `current` to `target`, in checklist order, wrapped in a maintenance window.
 * `skipSettings` are advanced settings whose target value is unknown (a secret journaled without
 * a key): they are left as they are and reported by the caller.
 */
export function changesToReach(
  current: BillerSnapshot,
  target: BillerSnapshot,
  skipSettings: ReadonlySet<number> = new Set(),
): Change[] {
  const billerId = current.billerId;
  const out: Change[] = [];
  const at = (section: Section) => ({ billerId, section });
  if (current.profile.integrationPartner !== target.profile.integrationPartner) {
    out.push({
      billerId,
      section: SECTION.partner,
      kind: 'partner.update',
      entity: 'profile',
      key: 'integration_partner',
      before: current.profile.integrationPartner,
      after: target.profile.integrationPartner,
    });
  }
  // BIF keys and FTP pickup settings: set (or removed) wherever the two states differ, key by key.
  for (const k of keys(current.bif, target.bif))
    if (!sameSetting(current.bif[k], target.bif[k]))
      out.push({ ...at(SECTION.bif), kind: 'bif.set', entity: 'bif', key: k, ...pair(current.bif, target.bif, k) });
  for (const k of keys(current.ftpPdf, target.ftpPdf))
    if (!sameSetting(current.ftpPdf[k], target.ftpPdf[k]))
      out.push({
        ...at(SECTION.ftp),
        kind: 'ftp.pdf.set',
        entity: 'ftp_pdf',
        key: k,
        ...pair(current.ftpPdf, target.ftpPdf, k),
      });
  for (const k of keys(current.ftpZip, target.ftpZip))
    if (!sameSetting(current.ftpZip[k], target.ftpZip[k]))
      out.push({
        ...at(SECTION.ftp),
        kind: 'ftp.zip.set',
        entity: 'ftp_zip',
        key: k,
        ...pair(current.ftpZip, target.ftpZip, k),
      });
  for (const [entity, cur, tgt] of [
    ['datapump_nonpayment', current.dataPump.nonPayment, target.dataPump.nonPayment],
    ['datapump_payment', current.dataPump.payment, target.dataPump.payment],
  ] as const) {
    for (const k of keys(cur, tgt)) {
      const after = tgt[k];
      if (after !== undefined && cur[k] !== after)
        out.push({
          billerId,
          section: SECTION.dataPump,
          kind: 'datapump.select',
          entity,
          key: k,
          before: cur[k] ?? false,
          after,
        });
    }
  }
  const numbers = [
    ...new Set([...Object.keys(current.advancedSettings), ...Object.keys(target.advancedSettings)].map(Number)),
  ].sort((a, b) => a - b);
  for (const n of numbers) {
    if (skipSettings.has(n) && SECRET_SETTINGS.has(n)) continue;
    const before = current.advancedSettings[n] ?? null;
    const after = target.advancedSettings[n] ?? null;
    if (sameSetting(before, after)) continue;
    out.push({
      billerId,
      section: SECTION.webServices,
      kind: after === null ? 'advanced.remove' : 'advanced.set',
      entity: 'advanced_setting',
      key: n,
      name: settingName(n),
      before,
      after,
    });
  }
  if (out.length === 0) return out;
  const begin = current.maintenance ? [] : [maintenanceChange(billerId, true)];
  return [...begin, ...out, maintenanceChange(billerId, false)];
}

/** Does the snapshot hold what the change sets? (Maintenance included.) */
export function holds(s: BillerSnapshot, c: Change): boolean {
  return differences(applyToSnapshot(s, [c]), s, { maintenance: true }).length === 0;
}

/**
 * How to undo `changes` (applied, or perhaps applied: their answers may have been lost) from the
 * state the CRM holds `now`, judged key by key: a key that holds our value is set back; a key that
 * already holds its value from before needs nothing (never applied, or already undone); a key
 * holding a third value was changed by someone else meanwhile and is left to them, and reported.
 * Working from the state read now, not from what we believe we wrote, is what makes a rollback
 * right after a write whose outcome is unknown (a timeout on the last step, say).
 */
export function undoFrom(now: BillerSnapshot, changes: readonly Change[]): { undo: Change[]; foreign: string[] } {
  // Per key, in order: the value from before the first change to it, and every value we set it to.
  const byKey = new Map<string, Change[]>();
  for (const c of changes) {
    if (c.entity === 'maintenance') continue;
    const key = `${c.entity} ${String(c.key)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  const undo: Change[] = [];
  const foreign: string[] = [];
  for (const [key, list] of [...byKey].reverse()) {
    const first = list[0] as Change;
    if (holds(now, inverse(first))) continue; // already as before: never applied, or already undone
    const ours = [...list].reverse().find((c) => holds(now, c));
    if (ours) undo.push({ ...ours, before: ours.after, after: first.before } as Change);
    else foreign.push(`${key}: changed by someone else during the conversion; left as they set it`);
  }
  return { undo, foreign };
}

/**
 * Which of `changes` a read back proves undone: the setting each one changed (by entity and key)
 * holds again, in the state read `now`, its value in `before` (the state recorded before the first
 * of them). By index into `changes`. A change whose setting holds anything else, or that the read
 * cannot show, is not proven undone and stays applied in the journal. A DataPump item absent from
 * a snapshot reads as cleared, as the CRM shows it.
 */
export function provenUndone(
  now: BillerSnapshot,
  before: BillerSnapshot,
  changes: ReadonlyArray<{ entity: string; key: string | number }>,
): number[] {
  const a = flatten(now, { maintenance: true });
  const b = flatten(before, { maintenance: true });
  const at = (m: Map<string, string>, entity: string, k: string) =>
    m.get(k) ?? (entity.startsWith('datapump_') ? 'false' : undefined);
  return changes.flatMap((c, i) => {
    const k = `${c.entity} ${String(c.key)}`;
    return at(a, c.entity, k) === at(b, c.entity, k) ? [i] : [];
  });
}
