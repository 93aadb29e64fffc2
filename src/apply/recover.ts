/**
 * Crash recovery: a biller that a dead run (power cut, SIGKILL) left mid-conversion is brought
 * back to the state the journal recorded before that run touched it, through the same engine
 * (maintenance window, read back, all or nothing). The night then converts it normally.
 */
import { applyPlan } from './apply-biller.js';
import { SECTION } from '../core/checklist.js';
import type { FollowUp } from '../core/plan.js';
import { changesToReach } from '../core/restore.js';
import type { Journal } from '../journal/journal.js';
import type { Logger } from '../log.js';
import type { TargetPort } from '../targets/target-port.js';

export interface Recovery {
  billerId: string;
  fromRun: string;
  ok: boolean;
  followUp: FollowUp;
  remaining?: string[];
}

export async function recoverInFlight(journal: Journal, target: TargetPort, log: Logger): Promise<Recovery[]> {
  const out: Recovery[] = [];
  for (const item of journal.inFlight()) {
    const { billerId, runId, before, unknownSecrets } = item;
    let ok = false;
    let remaining: string[] | undefined;
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
      ok = !outcome || outcome.status === 'converted';
      remaining = outcome?.remaining;
    } catch (e) {
      remaining = [(e as Error).message];
    }
    const secrets = [...unknownSecrets.keys()];
    const reason = ok
      ? `Run ${runId} stopped while converting this biller (${item.applied} changes applied); it was restored to its state before that run${secrets.length ? `, except secret settings ${secrets.join(', ')} (journaled without a key): check them` : ''}.`
      : `Run ${runId} stopped while converting this biller and restoring it failed: ${(remaining ?? []).join('; ')}. This run converts it from the state it is in; if that fails too, the next run restores it again.`;
    // A failed restore stays in flight: this night still converts the biller (the planner starts from
    // whatever state it is in), and a later run retries the restore if that conversion fails too.
    if (ok) journal.recovered(runId, billerId, 'recovered');
    log.warn(`${billerId}: ${reason}`, { event: 'biller.recovered', billerId, fromRun: runId, ok });
    out.push({
      billerId,
      fromRun: runId,
      ok,
      followUp: { billerId, code: ok ? 'RECOVERED' : 'RECOVERY_FAILED', section: SECTION.maintenance, reason },
      ...(remaining ? { remaining } : {}),
    });
  }
  return out;
}
