/**
 * One biller of the night, from the queue's point of view: convert it (or plan it), journal it as it goes,
 * teach the scrubber the secrets its changes carry, say what changed since its last conversion, log its
 * line, and write its change rows aside. An unexpected error is that biller's failure, never the night's.
 */
import { RunTakenOverError } from '../errors.js';
import type { Biller } from '../core/biller.js';
import { billerResult, interruptedResult, registerSecrets, scrubbedResult } from '../core/biller-results.js';
import type { PlanOptions } from '../core/plan.js';
import type { SecretScrubber } from '../core/scrub.js';
import type { BillerResult } from '../core/summary.js';
import type { DueBiller } from '../core/triage.js';
import type { RunLedger } from '../journal/run-ledger.js';
import type { Logger } from '../log.js';
import type { ChangeSpill } from '../report/change-spill.js';
import type { TargetPort } from '../targets/target-port.js';
import { convertBiller, type ApplyHooks, type BillerOutcome } from './apply-biller.js';
import type { CircuitBreaker } from './breaker.js';

export interface ConvertContext {
  mode: 'run' | 'plan';
  runId: string;
  target: TargetPort;
  planOptions: PlanOptions;
  logger: Logger;
  scrubber: SecretScrubber;
  mask: (secret: string) => string;
  ledger: RunLedger;
  breaker: CircuitBreaker;
  spill: ChangeSpill;
  /** Billers a dead run of ours left in flight and could not restore: biller id → that run. */
  unrecovered: ReadonlyMap<string, string>;
  /** Called once per biller as it ends (the progress line). */
  done: (result: BillerResult) => void;
}

const errorText = (r: BillerResult) => (r.error ? `: ${r.error.code} ${r.error.message}` : '');

/** Convert one due biller; resolves to its results row (its changes written aside to the spill). */
export async function convertOne(due: DueBiller, c: ConvertContext): Promise<BillerResult> {
  const { report, found, record } = due;
  const last = c.ledger.lastConversion(record.billerId);
  const sha256 = report.sha256 ?? null;
  const meta = { billerId: record.billerId, billerName: record.billerName, file: report.file, sha256 };
  const stranded = c.unrecovered.get(record.billerId);
  const hooks = c.ledger.hooks({ ...meta, sheet: found.sheet, row: found.row ?? null });
  const outcome = await convertSafely(c, record, stranded, hooks);
  c.breaker.record(outcome.error);
  for (const change of outcome.plan?.changes ?? []) registerSecrets(c.scrubber, change);
  const note = last ? sinceLast(last, report.sha256, outcome.status) : undefined;
  const result = scrubbedResult(c.scrubber, { ...billerResult(report, found, outcome), ...(note ? { note } : {}) });
  // Only the changes a read back proved undone are marked so (a failed restore leaves them applied).
  const undone = outcome.undone ?? false;
  c.ledger.billerEnd(result, { sha256, note: result.note, undone, after: outcome.after });
  if (stranded && (outcome.status === 'converted' || outcome.status === 'already-converted'))
    c.ledger.superseded(stranded, record.billerId);
  c.done(result);
  c.logger.info(`${result.status} ${record.billerName} (${record.billerId})${errorText(result)}`, {
    event: 'biller.done',
    billerId: record.billerId,
    status: result.status,
    code: result.error?.code,
    changes: result.changes.length,
  });
  return c.spill.take(result, c.mask);
}

/** A biller decided without the CRM (blocked, invalid, scheduled): journaled, counted and logged like the others. */
export function settleOne(
  settled: BillerResult,
  sha256: string | null,
  c: Pick<ConvertContext, 'ledger' | 'done' | 'logger' | 'scrubber'>,
): BillerResult {
  const r = scrubbedResult(c.scrubber, settled);
  c.ledger.billerEnd(r, { sha256, undone: false });
  c.done(r);
  c.logger.info(`${r.status} ${r.billerName ?? '(no name)'} (${r.billerId ?? 'no id'})${errorText(r)}`, {
    event: 'biller.done',
    billerId: r.billerId,
    status: r.status,
    code: r.error?.code,
  });
  return r;
}

/** A due biller the queue never started (Ctrl-C, the circuit breaker): interrupted, nothing touched. */
export function skipOne(due: DueBiller, c: Pick<ConvertContext, 'ledger'>): BillerResult {
  const r = interruptedResult(due.report, due.found);
  c.ledger.billerEnd(r, { sha256: due.report.sha256 ?? null, undone: false });
  return r;
}

async function convertSafely(
  c: ConvertContext,
  record: Biller,
  stranded: string | undefined,
  hooks: ApplyHooks,
): Promise<BillerOutcome> {
  try {
    // A window a dead run of ours left open (its restore failed) is ours to convert in and close, as that run.
    const lease = stranded ? { owner: stranded, ownWindow: true } : { owner: c.runId };
    return await convertBiller(c.target, record, {
      dryRun: c.mode === 'plan',
      planOptions: c.planOptions,
      hooks,
      ...lease,
    });
  } catch (e) {
    if (e instanceof RunTakenOverError) throw e; // the night's end, not this biller's failure
    c.logger.error(`unexpected error converting ${record.billerId}`, {
      event: 'biller.crash',
      billerId: record.billerId,
      error: e,
    });
    return {
      billerId: record.billerId,
      status: 'failed',
      applied: [],
      error: { code: 'INTERNAL', message: (e as Error).message, step: 'convert' },
    };
  }
}

/** What the journal says about this biller's last conversion, for the results. */
export function sinceLast(
  last: { runId: string; sha256: string | null },
  sha256: string | undefined,
  status: string,
): string | undefined {
  if (last.sha256 && sha256 && last.sha256 !== sha256)
    return `the worksheet changed since the conversion in run ${last.runId}`;
  if (status === 'already-converted') return `unchanged since run ${last.runId}, and the CRM still matches`;
  if (status === 'converted' || status === 'planned')
    return `same worksheet as run ${last.runId}, but the CRM changed since: converted again`;
  return undefined;
}
