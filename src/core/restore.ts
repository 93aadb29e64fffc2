/**
 * The changes that bring a biller from its current CRM state back to a recorded one: used to
 * recover a biller a crashed run left half converted, and to roll back a night. Pure; the
 * engine applies them like any plan (maintenance window, read back, all or nothing).
 */
import { inverse, maintenanceChange, type Change } from './change.js';
import { SECRET_SETTINGS, SECTION, settingName } from './checklist.js';
import { applyToSnapshot, differences, flatten } from './simulate.js';
import { sameSetting, type AnySetting, type BillerSnapshot } from './snapshot.js';

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
  const out = [
    ...partnerChanges(current, target),
    ...bifAndFtpChanges(current, target),
    ...dataPumpChanges(current, target),
    ...advancedChanges(current, target, skipSettings),
  ];
  if (out.length === 0) return out;
  const begin = current.maintenance ? [] : [maintenanceChange(current.billerId, true)];
  return [...begin, ...out, maintenanceChange(current.billerId, false)];
}

/** The integration partner, when the two states name different ones. */
function partnerChanges(current: BillerSnapshot, target: BillerSnapshot): Change[] {
  const [before, after] = [current.profile.integrationPartner, target.profile.integrationPartner];
  if (before === after) return [];
  const billerId = current.billerId;
  return [
    {
      billerId,
      section: SECTION.partner,
      kind: 'partner.update',
      entity: 'profile',
      key: 'integration_partner',
      before,
      after,
    },
  ];
}

/** BIF keys and FTP pickup settings: set (or removed) wherever the two states differ, key by key. */
function bifAndFtpChanges(current: BillerSnapshot, target: BillerSnapshot): Change[] {
  const billerId = current.billerId;
  const differing = <T extends AnySetting>(a: Record<string, T>, b: Record<string, T>) =>
    keys(a, b).filter((k) => !sameSetting(a[k], b[k]));
  const [bif, ftp] = [
    { billerId, section: SECTION.bif },
    { billerId, section: SECTION.ftp },
  ];
  return [
    ...differing(current.bif, target.bif).map((key): Change => ({
      ...bif,
      kind: 'bif.set',
      entity: 'bif',
      key,
      ...pair(current.bif, target.bif, key),
    })),
    ...differing(current.ftpPdf, target.ftpPdf).map((key): Change => ({
      ...ftp,
      kind: 'ftp.pdf.set',
      entity: 'ftp_pdf',
      key,
      ...pair(current.ftpPdf, target.ftpPdf, key),
    })),
    ...differing(current.ftpZip, target.ftpZip).map((key): Change => ({
      ...ftp,
      kind: 'ftp.zip.set',
      entity: 'ftp_zip',
      key,
      ...pair(current.ftpZip, target.ftpZip, key),
    })),
  ];
}

/** DataPump items selected or cleared as the target has them; an item the target does not name is left. */
function dataPumpChanges(current: BillerSnapshot, target: BillerSnapshot): Change[] {
  const base = { billerId: current.billerId, section: SECTION.dataPump, kind: 'datapump.select' } as const;
  const out: Change[] = [];
  for (const [entity, cur, tgt] of [
    ['datapump_nonpayment', current.dataPump.nonPayment, target.dataPump.nonPayment],
    ['datapump_payment', current.dataPump.payment, target.dataPump.payment],
  ] as const) {
    for (const key of keys(cur, tgt)) {
      const after = tgt[key];
      if (after !== undefined && cur[key] !== after)
        out.push({ ...base, entity, key, before: cur[key] ?? false, after });
    }
  }
  return out;
}

/** Advanced settings by number: set, or removed where the target has none; `skipSettings` (secrets only) left. */
function advancedChanges(current: BillerSnapshot, target: BillerSnapshot, skipSettings: ReadonlySet<number>): Change[] {
  const base = { billerId: current.billerId, section: SECTION.webServices } as const;
  const numbers = [
    ...new Set([...Object.keys(current.advancedSettings), ...Object.keys(target.advancedSettings)].map(Number)),
  ].sort((a, b) => a - b);
  const out: Change[] = [];
  for (const n of numbers) {
    if (skipSettings.has(n) && SECRET_SETTINGS.has(n)) continue;
    const before = current.advancedSettings[n] ?? null;
    const after = target.advancedSettings[n] ?? null;
    if (sameSetting(before, after)) continue;
    const kind = after === null ? 'advanced.remove' : 'advanced.set';
    out.push({ ...base, kind, entity: 'advanced_setting', key: n, name: settingName(n), before, after });
  }
  return out;
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
