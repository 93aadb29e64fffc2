/**
 * Crash recovery: a biller that a dead run (power cut, SIGKILL) left mid-conversion is brought
 * back to the state the journal recorded before that run touched it, through the same engine
 * (maintenance window, read back, all or nothing). The night then converts it normally. The dead
 * run's changes are marked undone only as far as a read back after the restore proves it.
 */
import { applyPlan } from './apply-biller.js';
import { SECTION } from '../core/checklist.js';
import { splitByCrm, type CrmIdentity } from '../core/crm-match.js';
import type { FollowUp } from '../core/plan.js';
import { changesToReach, provenUndone } from '../core/restore.js';
import { reveal, type BillerSnapshot } from '../core/snapshot.js';
import type { InFlight, Journal } from '../journal/journal.js';
import type { Sealer } from '../journal/seal.js';
import type { Logger } from '../log.js';
import { asTargetError, type TargetPort } from '../targets/target-port.js';

export interface Recovery {
  billerId: string;
  fromRun: string;
  ok: boolean;
  followUp: FollowUp;
  remaining?: string[];
}

/**
 * Restore the billers dead runs on tonight's CRM (`crm`) left in flight. Those of runs on another CRM, or
 * of runs that did not record theirs, are not touched here (leftInFlight in recover-runs.ts says them).
 */
export async function recoverInFlight(
  journal: Journal,
  target: TargetPort,
  log: Logger,
  crm: CrmIdentity | null,
): Promise<Recovery[]> {
  const out: Recovery[] = [];
  for (const item of splitByCrm(journal.inFlight(), crm).mine) {
    const { billerId, runId, unknownSecrets } = item;
    const { ok, remaining, undone } = await restoreInFlight(target, item, journal.sealer);
    const secrets = [...unknownSecrets.keys()];
    const except = secrets.length
      ? `, except secret settings ${secrets.join(', ')} (journaled without a key): check them`
      : '';
    const reason = ok
      ? `Run ${runId} stopped while converting this biller (${item.applied} changes applied); ` +
        `it was restored to its state before that run${except}.`
      : `Run ${runId} stopped while converting this biller and restoring it failed: ${remaining.join('; ')}. ` +
        'This run converts it from the state it is in; if that fails too, the next run restores it again.';
    // A failed restore stays in flight: this night still converts the biller (the planner starts from
    // whatever state it is in), and a later run retries the restore if that conversion fails too.
    if (ok) journal.recovered(runId, billerId, 'recovered', undone);
    log.warn(`${billerId}: ${reason}`, { event: 'biller.recovered', billerId, fromRun: runId, ok });
    out.push({
      billerId,
      fromRun: runId,
      ok,
      followUp: { billerId, code: ok ? 'RECOVERED' : 'RECOVERY_FAILED', section: SECTION.maintenance, reason },
      ...(ok ? {} : { remaining }),
    });
  }
  return out;
}

/** Restore one biller, then judge by a read back which of the dead run's changes are undone. */
async function restoreInFlight(
  target: TargetPort,
  item: InFlight,
  sealer: Sealer,
): Promise<{ ok: boolean; remaining: string[]; undone: number[] }> {
  const { billerId, runId, before, unknownSecrets } = item;
  try {
    const current = await target.readSnapshot(billerId);
    if (!current) throw new Error('the biller is no longer in the CRM');
    const changes = changesToReach(current, before, new Set(unknownSecrets.keys()));
    // The dead run's window is the one we take over and close (as its owner); anyone else's stays.
    if (changes.length === 0 && current.maintenance && !before.maintenance)
      await target.endMaintenance(billerId, runId);
    const outcome = changes.length
      ? await applyPlan(target, current, { billerId, changes, followUps: [] }, {}, runId)
      : undefined;
    if (outcome && outcome.status !== 'converted')
      return {
        ok: false,
        remaining: outcome.remaining ?? [outcome.error?.message ?? 'the restore failed'],
        undone: [],
      };
  } catch (e) {
    return { ok: false, remaining: [asTargetError(e).message], undone: [] };
  }
  let now: BillerSnapshot | null;
  try {
    now = await target.readSnapshot(billerId);
  } catch (e) {
    return { ok: false, remaining: [`could not read it back: ${asTargetError(e).message}`], undone: [] };
  }
  return judge(now, item, sealer);
}

/**
 * Every change the dead run applied must be proven undone by the read back, except a secret setting
 * journaled without a key (left as it is and reported: it counts as undone only if its fingerprint
 * says the CRM holds the old value again).
 */
function judge(
  now: BillerSnapshot | null,
  item: InFlight,
  sealer: Sealer,
): { ok: boolean; remaining: string[]; undone: number[] } {
  if (!now) return { ok: false, remaining: ['the biller is no longer in the CRM'], undone: [] };
  const proven = new Set(provenUndone(now, item.before, item.appliedChanges));
  const secretOf = (c: InFlight['appliedChanges'][number]) =>
    c.entity === 'advanced_setting' ? item.unknownSecrets.get(Number(c.key)) : undefined;
  const undone: number[] = [];
  const remaining: string[] = [];
  item.appliedChanges.forEach((c, i) => {
    const sealed = secretOf(c);
    const value = sealed === undefined ? null : reveal(now.advancedSettings[Number(c.key)]);
    // A secret the journal holds only sealed is absent from the decoded snapshot: only its seal can prove it.
    const back = sealed === undefined ? proven.has(i) : value !== null && sameSealed(sealer, sealed, value);
    if (back) undone.push(c.seq);
    else if (sealed === undefined)
      remaining.push(
        c.entity === 'maintenance'
          ? 'the biller is still in maintenance (read back)'
          : `${c.entity} ${c.key}: not back to its value before run ${item.runId} (read back)`,
      );
  });
  return { ok: remaining.length === 0, remaining, undone };
}

/** Sealed with another key, a value cannot be compared: not the same, then. */
function sameSealed(sealer: Sealer, sealed: string, value: string): boolean {
  try {
    return sealer.matches(sealed, value);
  } catch {
    return false;
  }
}
