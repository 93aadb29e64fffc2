/**
 * Before crash recovery: which runs still marked running are dead. A run is taken over (marked
 * crashed, so recover.ts restores its billers in flight) only when provably gone: on this host its
 * pid is gone, on another host its journal lease ran out (run-lease.ts). Every run left to a live
 * holder while it has billers in flight is said, in the log and on the Follow-ups sheet: those
 * billers stay in flight, and the operator knows why this night did not touch them.
 *
 * A dead run also leaves its change spill (report/change-spill.ts): the change rows of the billers it
 * finished, which no results workbook lists since it never wrote one. They are kept, under a visible name,
 * and said once, in the log and as a follow-up of each of those billers; never removed.
 */
import { hostname } from 'node:os';
import { SECTION } from '../core/checklist.js';
import { splitByCrm, type CrmIdentity } from '../core/crm-match.js';
import { duration } from '../core/lease.js';
import type { FollowUp } from '../core/plan.js';
import type { Journal, RunHolder } from '../journal/journal.js';
import type { Logger } from '../log.js';
import { keepSpill, spillsIn } from '../report/change-spill.js';

/** Mark the dead runs crashed, saying why; the follow-ups of the billers left in flight to a live run. */
export function takeOverDeadRuns(journal: Journal, log: Logger, now = Date.now()): FollowUp[] {
  const { crashed, held } = journal.crashCheck(hostname(), process.pid, now);
  for (const r of crashed) {
    const expired = r.verdict.kind === 'lease-expired' ? { leaseExpiredMs: r.verdict.agoMs } : {};
    log.warn(crashedLine(r), { event: 'run.crashed', crashedRun: r.id, host: r.host, ...expired });
  }
  const followUps: FollowUp[] = [];
  for (const r of held.filter((h) => h.inFlight.length > 0)) {
    const line = heldLine(r);
    log.warn(line, { event: 'run.held', heldRun: r.id, host: r.host, billers: r.inFlight });
    for (const billerId of r.inFlight)
      followUps.push({ billerId, code: 'FOLLOW_UP.IN_FLIGHT_ELSEWHERE', section: SECTION.maintenance, reason: line });
  }
  return followUps;
}

/** Why a run was taken over: its pid gone here, or its lease past its time (how long ago) on another host. */
function crashedLine(r: RunHolder): string {
  const why =
    r.verdict.kind === 'lease-expired'
      ? `its journal lease (pid ${r.pid} on host ${r.host}) ran out ${duration(r.verdict.agoMs)} ago, ` +
        `at ${r.leaseUntil ?? '?'}, without being renewed`
      : `its process (pid ${r.pid} on this host) is gone`;
  return `run ${r.id} did not finish (killed or crashed): ${why}; its billers in flight are recovered first`;
}

/** Why a run's billers in flight were left alone, and when (if ever) they would be recovered. */
function heldLine(r: RunHolder): string {
  const one = r.inFlight.length === 1;
  const ids = r.inFlight.join(', ');
  const billers = one ? `its biller in flight (${ids}) is` : `its ${r.inFlight.length} billers in flight (${ids}) are`;
  const them = one ? 'it' : 'them';
  const v = r.verdict;
  if (v.kind === 'lease-live')
    return (
      `run ${r.id} (pid ${r.pid} on host ${r.host}) holds a live journal lease until ${r.leaseUntil ?? '?'}: ` +
      `${billers} left to it, not recovered. If that host is gone, the first run after ` +
      `${duration(v.leftMs)} from now recovers ${them}`
    );
  if (v.kind === 'no-lease')
    return (
      `run ${r.id} (pid ${r.pid} on host ${r.host}) has no journal lease (an earlier version started it), so ` +
      `whether it is alive cannot be told from here: ${billers} left untouched. If it is gone, ` +
      `the next run on ${r.host} recovers ${them}`
    );
  return `run ${r.id} (pid ${r.pid} on this host) is alive: ${billers} left to it, not recovered`;
}

/**
 * The billers dead runs left in flight that this night does not restore: their run converted another CRM
 * than `crm`, or did not record which (an earlier version). They stay in flight, said in the log and as a
 * follow-up of each; the next run against their CRM recovers them.
 */
export function leftInFlight(journal: Journal, crm: CrmIdentity | null, log: Logger): FollowUp[] {
  const byRun = new Map<string, { crm: CrmIdentity | null; match: string; billers: string[] }>();
  for (const { item, match } of splitByCrm(journal.inFlight(), crm).others) {
    const run = byRun.get(item.runId) ?? { crm: item.crm, match, billers: [] };
    run.billers.push(item.billerId);
    byRun.set(item.runId, run);
  }
  const followUps: FollowUp[] = [];
  for (const [runId, r] of byRun) {
    const line = otherCrmLine(runId, r.crm, crm, r.billers);
    log.warn(line, { event: 'run.other-crm', otherRun: runId, crm: r.crm?.label ?? null, billers: r.billers });
    for (const billerId of r.billers)
      followUps.push({ billerId, code: 'FOLLOW_UP.IN_FLIGHT_OTHER_CRM', section: SECTION.maintenance, reason: line });
  }
  return followUps;
}

/** Why a dead run's billers in flight were not restored into this night's CRM, and who will. */
function otherCrmLine(runId: string, theirs: CrmIdentity | null, mine: CrmIdentity | null, ids: string[]): string {
  const one = ids.length === 1;
  const billers = one
    ? `its biller in flight (${ids[0]}) is`
    : `its ${ids.length} billers in flight (${ids.join(', ')}) are`;
  const tonight = mine ? `this night's CRM (${mine.label})` : "this night's CRM (not known)";
  if (!theirs)
    return (
      `run ${runId} did not record which CRM it converted (an earlier version started it): ${billers} ` +
      `left in flight, not restored into ${tonight}, which it cannot be proven to belong to. Check ` +
      `${one ? 'it' : 'them'} in the CRM that run converted (spectrum-convert history --biller ID)`
    );
  return (
    `run ${runId} converted ${theirs.label}, not ${tonight}: ${billers} left in flight, not restored here. ` +
    `The next run against ${theirs.label} recovers ${one ? 'it' : 'them'}`
  );
}

/**
 * Keep the change spills in `outputDir` of runs the journal knows ended or crashed (a running run's is its
 * own, even a dead one not yet taken over); the follow-ups of the billers they hold.
 */
export function keepDeadRunSpills(outputDir: string, journal: Journal, log: Logger): FollowUp[] {
  const followUps: FollowUp[] = [];
  for (const { runId, path } of spillsIn(outputDir)) {
    const run = journal.run(runId);
    if (run?.state === 'running') continue;
    if (!run) {
      const why = `the change spill ${path} is left as it is: the journal ${journal.path} has no run ${runId}`;
      log.warn(why, { event: 'spill.unknown', spill: path });
      continue;
    }
    let k: ReturnType<typeof keepSpill>;
    try {
      k = keepSpill(path, runId);
    } catch (e) {
      const why = `the change spill ${path} of run ${runId} is left as it is: ${(e as Error).message}`;
      log.warn(why, { event: 'spill.left', spill: path });
      continue;
    }
    if (k.kept === null) {
      log.info(`removed the empty change spill of run ${runId}`, { event: 'spill.empty', crashedRun: runId });
      continue;
    }
    const cut = k.unreadable ? ` (and ${k.unreadable} line cut short by the crash)` : '';
    const line = k.rows
      ? `${stopped(run.id, run.results)}: the ${k.rows} change rows it wrote for the ` +
        `${k.billers.length} billers it finished${cut} are kept in ${k.kept} (masked; the journal holds them ` +
        'too: spectrum-convert history --biller ID)'
      : `${stopped(run.id, run.results)}: its change spill holds no whole row, only ${k.unreadable} line cut ` +
        `short by the crash, kept in ${k.kept}; the journal holds what it wrote (spectrum-convert history)`;
    log.warn(line, { event: 'spill.kept', crashedRun: runId, spill: k.kept, rows: k.rows });
    for (const billerId of k.billers)
      followUps.push({ billerId, code: 'FOLLOW_UP.CHANGES_KEPT', section: SECTION.maintenance, reason: line });
  }
  return followUps;
}

/** A run that left its spill: never wrote its results, or died just after writing them. */
function stopped(runId: string, results: string | null): string {
  return results
    ? `run ${runId} left its change spill behind (its results are in ${results})`
    : `run ${runId} stopped before writing its results`;
}
