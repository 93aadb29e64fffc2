/**
 * Undoing a biller's conversion after a failure: undo what the CRM holds of ours, verified by
 * reading back, close the window we opened, and read the biller back once more. That last read is
 * what proves which changes are undone: the journal marks no others, and a change it does not show
 * undone makes the biller rollback-failed.
 */
import type { Change } from '../core/change.js';
import type { Plan } from '../core/plan.js';
import { provenUndone, undoFrom } from '../core/restore.js';
import type { BillerSnapshot } from '../core/snapshot.js';
import { asTargetError, type TargetPort } from '../targets/target-port.js';

/** What a restore left: what still differs, and the biller as read back after it (null: that read failed). */
interface Restored {
  problems: string[];
  now: BillerSnapshot | null;
}

export type Lease = { owner: string | undefined; opened: boolean };

/**
 * Undo changes, verified by reading back, then close the window and read the biller back once more:
 * that last read is what proves which changes are undone (the journal marks no others).
 */
async function restore(
  target: TargetPort,
  before: BillerSnapshot,
  changes: readonly Change[],
  lease: Lease,
): Promise<Restored> {
  // A begin whose answer was lost may have opened our window: the CRM's owner says whether it is ours.
  const window = { ours: lease.opened || before.maintenance };
  const problems = await undoPasses(target, before, changes, lease, window);
  // Close only a window we opened: a begin refused because someone else holds the biller leaves theirs open.
  if (!before.maintenance && window.ours) {
    try {
      await target.endMaintenance(before.billerId, lease.owner);
    } catch (e) {
      problems.push(`${MAINTENANCE_LEFT}: ${asTargetError(e).message}`);
    }
  }
  let now: BillerSnapshot | null = null;
  try {
    now = await target.readSnapshot(before.billerId);
  } catch (e) {
    problems.push(`could not read the biller back after restoring it: ${asTargetError(e).message}`);
  }
  return { problems: [...new Set(problems)], now };
}

/**
 * Each pass reads the biller first and undoes only what the CRM holds of ours (see undoFrom): a
 * write whose answer was lost, ours or an undo's, is seen for what it did, and the read gives a
 * fresh ETag, so an undo is never refused for our own earlier write. A pass whose writes failed is
 * followed by another, up to three. Returns what still differs.
 */
async function undoPasses(
  target: TargetPort,
  before: BillerSnapshot,
  changes: readonly Change[],
  lease: Lease,
  window: { ours: boolean },
): Promise<string[]> {
  let problems: string[] = [];
  let undoErrors: string[] = [];
  // Up to RESTORE_PASSES passes that write, and one more read that only verifies.
  for (let pass = 1; pass <= RESTORE_PASSES + 1; pass++) {
    let now: BillerSnapshot | null;
    try {
      now = await target.readSnapshot(before.billerId);
    } catch (e) {
      problems = [...undoErrors, `could not read the biller back while restoring it: ${asTargetError(e).message}`];
      continue;
    }
    if (!now) return ['biller: missing after restore'];
    if (now.maintenance && lease.owner !== undefined && now.maintenanceOwner === lease.owner) window.ours = true;
    const { undo, foreign } = undoFrom(now, changes);
    if (undo.length === 0) return foreign;
    problems = [
      ...undoErrors,
      ...foreign,
      ...undo.map((u) => `${u.entity} ${String(u.key)}: still holds the converted value`),
    ];
    if (pass > RESTORE_PASSES) break;
    undoErrors = await undoOnce(target, before.billerId, now, undo, lease.owner, window);
  }
  return problems;
}

/** One pass of undo writes, inside the window; the errors it met. */
async function undoOnce(
  target: TargetPort,
  billerId: string,
  now: BillerSnapshot,
  undo: readonly Change[],
  owner: string | undefined,
  window: { ours: boolean },
): Promise<string[]> {
  try {
    // Undo inside the window: a lost answer to our own "end maintenance" may have closed it.
    if (!now.maintenance) {
      await target.beginMaintenance(billerId, owner);
      window.ours = true;
    }
  } catch (e) {
    return [`could not open the maintenance window to restore: ${asTargetError(e).message}`];
  }
  const errors: string[] = [];
  for (const u of undo) {
    try {
      await target.apply(u);
    } catch (e) {
      errors.push(`could not undo ${describeStep(u)}: ${asTargetError(e).message}`);
    }
  }
  return errors;
}

/**
 * After a restore: the changes (by index into the plan, which is their seq in the journal) that the
 * read back proves undone, and what still differs. A change not proven undone makes the biller
 * rollback-failed even when no step reported an error (a CRM that acknowledged the undo, or the end
 * of the window, but kept the converted state).
 */
function judgeRestore(
  restored: Restored,
  before: BillerSnapshot,
  plan: Plan,
  touched: readonly Change[],
): { undone: number[]; remaining: string[] } {
  const { problems, now } = restored;
  // Without the last read nothing is proven, and nothing more can be said than the read's failure.
  if (!now) return { undone: [], remaining: problems };
  const proven = new Set(provenUndone(now, before, touched));
  const undone = touched.flatMap((c, i) => (proven.has(i) ? [plan.changes.indexOf(c)] : []));
  const said = (c: Change) =>
    problems.some((p) => p.startsWith(c.entity === 'maintenance' ? MAINTENANCE_LEFT : `${c.entity} ${String(c.key)}:`));
  const unsaid = touched.filter((c, i) => !proven.has(i) && !said(c));
  const more = unsaid.map((c) =>
    c.entity === 'maintenance'
      ? `${MAINTENANCE_LEFT} (read back after the restore)`
      : `${c.entity} ${String(c.key)}: not back to its value before (read back after the restore)`,
  );
  return { undone, remaining: [...new Set([...problems, ...more])] };
}

const MAINTENANCE_LEFT = 'the biller is still in maintenance';

const RESTORE_PASSES = 3;

export function describeStep(c: Change): string {
  return `${c.kind} ${String(c.key)}`;
}

/**
 * Restore `touched` (the changes of `plan` that reached, or may have reached, the CRM) and judge
 * the result: the changes proven undone (by index into plan.changes, their seq in the journal) and
 * what still differs (empty: the biller is exactly as before).
 */
export async function restoreBiller(
  target: TargetPort,
  before: BillerSnapshot,
  plan: Plan,
  touched: readonly Change[],
  lease: Lease,
): Promise<{ undone: number[]; remaining: string[] }> {
  return judgeRestore(await restore(target, before, touched, lease), before, plan, touched);
}
