/**
 * The rollback of each chosen biller, one after the other: read it again (the preview may be minutes old when a
 * person confirmed it), refuse it as the assessment says, or restore it through the engine (maintenance window,
 * read back, all or nothing), journaled as it goes. A refused biller is reported, not journaled: nothing was
 * written to it.
 */
import { applyPlan, inMaintenance } from '../apply/apply-biller.js';
import { registerSecrets, registerSnapshotSecrets, scrubbedResult } from '../core/biller-results.js';
import { assessRollback } from '../core/rollback-assess.js';
import { refusalError } from '../core/rollback-messages.js';
import type { SecretScrubber } from '../core/scrub.js';
import type { BillerResult } from '../core/summary.js';
import type { RunLedger } from '../journal/run-ledger.js';
import type { Sealer } from '../journal/seal.js';
import type { TargetPort } from '../targets/target-port.js';
import { keyMatcher } from './rollback-matcher.js';
import type { ConvertedBiller } from './rollback-select.js';

export interface RestoreContext {
  target: TargetPort;
  sealer: Sealer;
  ledger: RunLedger;
  /** The run rolled back. */
  runId: string;
  force: boolean;
  /** Knows the CRM token; learns each biller's secrets before its results are written anywhere. */
  scrubber: SecretScrubber;
}

export async function restoreBillers(chosen: readonly ConvertedBiller[], c: RestoreContext): Promise<BillerResult[]> {
  const results: BillerResult[] = [];
  // Every row passes the scrubber before the journal and the results see it: an error may quote a CRM's answer.
  for (const biller of chosen) results.push(scrubbedResult(c.scrubber, await restoreOne(biller, c)));
  return results;
}

type JournalRecord = ConvertedBiller['record'];

/** The results row of a biller, before its outcome. */
function resultRow(record: JournalRecord) {
  return {
    billerId: record.billerId,
    billerName: record.billerName,
    file: record.file ?? '',
    sheet: record.sheet ?? '',
    ...(record.row ? { row: record.row } : {}),
    changes: [],
    followUps: [],
  };
}

async function restoreOne(biller: ConvertedBiller, c: RestoreContext): Promise<BillerResult> {
  const { record } = biller;
  const row = resultRow(record);
  const read = await c.target.readSnapshot(record.billerId);
  if (read) registerSnapshotSecrets(c.scrubber, read);
  const a = assessRollback(biller, read, keyMatcher(c.sealer), c.force);
  if (a.kind === 'gone') return { ...row, status: 'failed', error: refusalError(a, c.runId, false) };
  if (a.kind === 'maintenance') return { ...row, status: 'blocked', error: inMaintenance(a.current) };
  if (a.kind !== 'restore') return { ...row, status: 'blocked', error: refusalError(a, c.runId, c.sealer.canOpen) };
  const { current, changes } = a;
  for (const change of changes) registerSecrets(c.scrubber, change);
  const { billerId, billerName, file, sheet } = row;
  const hooks = c.ledger.hooks({ billerId, billerName, file, sha256: record.sha256, sheet, row: record.row });
  const plan = { billerId: record.billerId, changes, followUps: [] };
  const outcome = changes.length ? await applyPlan(c.target, current, plan, hooks, c.ledger.runId) : undefined;
  const status = !outcome || outcome.status === 'converted' ? 'rolled-back' : outcome.status;
  const result: BillerResult = scrubbedResult(c.scrubber, {
    ...row,
    status,
    changes: status === 'rolled-back' ? changes : [],
    ...(outcome?.error ? { error: outcome.error } : {}),
    ...(outcome?.remaining ? { remaining: outcome.remaining } : {}),
  });
  c.ledger.billerEnd(result, {
    sha256: record.sha256,
    undone: outcome?.undone ?? false,
    note: `rollback of run ${c.runId}`,
  });
  return result;
}
