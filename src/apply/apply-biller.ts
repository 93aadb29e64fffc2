/**
 * Convert one biller, safely: read the before-snapshot, plan, open the maintenance window, apply
 * the changes in order, read back and compare with what the plan promised, close the window.
 * On any failure, undo what was touched (in reverse), verify the undo by reading back, close
 * the window, and say exactly what state the biller is in. Never half converted in silence.
 */
import type { Biller } from '../core/biller.js';
import type { Change } from '../core/change.js';
import { plan as makePlan, type Plan, type PlanOptions } from '../core/plan.js';
import { applyToSnapshot, differences } from '../core/simulate.js';
import type { BillerSnapshot } from '../core/snapshot.js';
import type { BillerStatus } from '../core/status.js';
import type { ResultCode } from '../core/codes.js';
import { asTargetError, TargetError, type TargetPort } from '../targets/target-port.js';
import { describeStep, restoreBiller, type Lease } from './restore-biller.js';

export interface OutcomeError {
  code: ResultCode;
  message: string;
  /** The change that failed, described, or the phase ("read snapshot", "read back"). */
  step: string;
  hint?: string;
  /** The CRM refused us as a whole (TargetError.refusal). */
  refusal?: string;
}

export interface BillerOutcome {
  billerId: string;
  status: BillerStatus;
  plan?: Plan;
  /** The changes that were applied and stayed applied (converted), or were undone (failed). */
  applied: Change[];
  error?: OutcomeError;
  /**
   * failed, rollback-failed: the changes (by index into plan.changes, their seq in the journal) that
   * the read back after the restore proved undone. Only these are marked undone in the journal.
   */
  undone?: number[];
  /** rollback-failed: what still differs from the before-snapshot, by entity and key. */
  remaining?: string[];
  before?: BillerSnapshot;
  /** converted: the state read back after the changes. */
  after?: BillerSnapshot;
  /** converted: how long the biller's IC pages were in maintenance (window opened → closed), in ms. */
  maintenanceMs?: number;
}

/** Called as a biller is applied: the journal writes ahead of the CRM with these. */
export interface ApplyHooks {
  /** Before the first CRM write: the state to restore and the plan. */
  began?(before: BillerSnapshot, plan: Plan): void;
  /** After each change reached the CRM (index into plan.changes). */
  applied?(index: number, change: Change): void;
}

export interface ConvertOptions {
  dryRun?: boolean;
  planOptions?: PlanOptions;
  hooks?: ApplyHooks;
  /** Who opens the maintenance window: the run id (the window is a lease the run holds). */
  owner?: string;
  /**
   * The biller's open window is one our journal opened (a dead run's, whose restore failed): it
   * may be converted inside it. Any other open window blocks the biller.
   */
  ownWindow?: boolean;
}

export async function convertBiller(
  target: TargetPort,
  biller: Biller,
  opts: ConvertOptions = {},
): Promise<BillerOutcome> {
  const billerId = biller.billerId;
  let before: BillerSnapshot | null;
  try {
    before = await target.readSnapshot(billerId);
  } catch (e) {
    return { billerId, status: 'failed', applied: [], error: fail(e, 'read snapshot') };
  }
  const plan = makePlan(biller, before, opts.planOptions);
  const base = { billerId, plan, ...(before ? { before } : {}) };
  if (plan.blocked)
    return {
      ...base,
      status: 'blocked',
      applied: [],
      error: { code: plan.blocked.code, message: plan.blocked.message, step: 'plan' },
    };
  if (plan.changes.length === 0) return { ...base, status: 'already-converted', applied: [] };
  if (before?.maintenance && !opts.ownWindow)
    return { ...base, status: 'blocked', applied: [], error: inMaintenance(before) };
  if (opts.dryRun || !before) return { ...base, status: 'planned', applied: [] };
  return applyPlan(target, before, plan, opts.hooks, opts.owner);
}

/** A window someone else opened is theirs: the biller waits, named with its holder when the CRM says. */
export function inMaintenance(s: BillerSnapshot): OutcomeError {
  const who = s.maintenanceOwner ? ` by run ${s.maintenanceOwner}` : '';
  return {
    code: 'BLOCKED.IN_MAINTENANCE',
    step: 'plan',
    message:
      `the biller is already in maintenance${who}, a window this tool's journal did not open: it is not converted ` +
      '(nor its window closed) while someone else holds it; end that window in the CRM once its holder is done, then ' +
      'run again',
  };
}

/** How far a plan got: what reached the CRM, the change under way, when the window opened. */
interface Progress {
  applied: Change[];
  current: Change | undefined;
  opened: number | undefined;
  /** Whose window it is, and whether this plan opened it: the restore uses it to tell whose window to close. */
  lease: Lease;
}

/** Carry out a plan computed from `before`; exported for rollback of a journaled run. */
export async function applyPlan(
  target: TargetPort,
  before: BillerSnapshot,
  plan: Plan,
  hooks: ApplyHooks = {},
  owner?: string,
): Promise<BillerOutcome> {
  const progress: Progress = { applied: [], current: undefined, opened: undefined, lease: { owner, opened: false } };
  hooks.began?.(before, plan);
  try {
    await writeChanges(target, plan, hooks, progress);
    return await readBackAndClose(target, before, plan, hooks, progress);
  } catch (e) {
    return undoAfterFailure(target, before, plan, progress, e);
  }
}

/** Every change but the window's end, in order, each reported to the hooks once it reached the CRM. */
async function writeChanges(target: TargetPort, plan: Plan, hooks: ApplyHooks, progress: Progress): Promise<void> {
  const work = plan.changes.filter((c) => c.kind !== 'maintenance.end');
  for (const [index, change] of work.entries()) {
    progress.current = change;
    if (change.kind === 'maintenance.begin') {
      progress.opened = Date.now();
      await target.beginMaintenance(plan.billerId, progress.lease.owner);
      progress.lease.opened = true;
    } else await target.apply(change);
    progress.applied.push(change);
    hooks.applied?.(index, change);
  }
  progress.current = undefined;
}

/** The read back must show what the plan promised; then the window closes and the biller is converted. */
async function readBackAndClose(
  target: TargetPort,
  before: BillerSnapshot,
  plan: Plan,
  hooks: ApplyHooks,
  { applied, opened, lease }: Progress,
): Promise<BillerOutcome> {
  const billerId = plan.billerId;
  const after = await target.readSnapshot(billerId);
  const expected = applyToSnapshot(before, applied);
  const diff = after ? differences(expected, after) : ['biller: missing after apply'];
  if (diff.length) throw new ReadbackMismatch(diff);
  await target.endMaintenance(billerId, lease.owner);
  hooks.applied?.(plan.changes.length - 1, plan.changes[plan.changes.length - 1] as Change);
  const window = opened === undefined ? {} : { maintenanceMs: Date.now() - opened };
  return { billerId, status: 'converted', plan, applied, before, ...(after ? { after } : {}), ...window };
}

/** Undo what was (or may have been) written, verified by a read back, and say what state the biller is in. */
async function undoAfterFailure(
  target: TargetPort,
  before: BillerSnapshot,
  plan: Plan,
  { applied, current, lease }: Progress,
  e: unknown,
): Promise<BillerOutcome> {
  const error = fail(e, current ? describeStep(current) : 'read back and end maintenance');
  // A change that failed without a definite "no" (a timeout, a dropped connection) may have reached
  // the CRM before the error: undo it too; undoing is idempotent.
  const maybeApplied =
    current &&
    current.kind !== 'maintenance.begin' &&
    !(e instanceof TargetError && ['permission-denied', 'not-found', 'conflict'].includes(e.kind));
  const toUndo = maybeApplied && current ? [...applied, current] : applied;
  const { undone, remaining } = await restoreBiller(target, before, plan, toUndo, lease);
  return {
    billerId: plan.billerId,
    status: remaining.length ? 'rollback-failed' : 'failed',
    plan,
    applied: toUndo,
    undone,
    error,
    ...(remaining.length ? { remaining } : {}),
    before,
  };
}

/** The CRM accepted every write but does not hold what the plan promised. */
class ReadbackMismatch extends Error {
  readonly code = 'CRM.READBACK_MISMATCH';
  constructor(diff: string[]) {
    super(`the CRM does not hold what was written: ${diff.join('; ')}`);
  }
}

function fail(e: unknown, step: string): OutcomeError {
  if (e instanceof ReadbackMismatch) return { code: e.code, message: e.message, step };
  const te = asTargetError(e);
  return {
    code: te.code,
    message: te.message,
    step,
    ...(te.hint ? { hint: te.hint } : {}),
    ...(te.refusal ? { refusal: te.refusal } : {}),
  };
}
