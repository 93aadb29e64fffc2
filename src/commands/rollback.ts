/**
 * `spectrum-convert rollback --run RUN_ID [--biller ID]... [--force]`: put the billers a run
 * converted back as they were before it, through the same engine (maintenance window, read
 * back, all or nothing per biller). A biller someone changed since the run is refused unless
 * --force. A rollback is a run of its own in the journal, with its own results workbook.
 *
 * The stages: what to roll back (rollback-select.ts) → the preview and the confirmation
 * (rollback-preview.ts) → each biller restored or refused (rollback-restore.ts; what each one
 * means now is core/rollback-assess.ts) → the results and what is printed (rollback-report.ts).
 */
import { hostname, userInfo } from 'node:os';
import { crmIdentity, lockPaths } from '../config.js';
import { SecretScrubber } from '../core/scrub.js';
import { EXIT_CODES } from '../core/summary.js';
import { RunLedger, type RunStart } from '../journal/run-ledger.js';
import { requireCrm } from '../targets/index.js';
import type { CommandContext } from './context.js';
import { confirmRollback, previewRollback } from './rollback-preview.js';
import { reportRollback } from './rollback-report.js';
import { restoreBillers } from './rollback-restore.js';
import { openRollbackJournal, requireSameCrm, selectBillers, type RollbackArgs } from './rollback-select.js';
import { newRunId, toolVersion } from './run.js';

export async function rollbackCommand(args: RollbackArgs, ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const { journal, sealer, mask, run } = openRollbackJournal(args.runId, ctx);
  const id = newRunId();
  requireCrm(config);
  ctx.lock(lockPaths(config), id);
  const crm = crmIdentity(config);
  requireSameCrm(args.runId, journal.runCrm(args.runId), crm, io.err);
  const scrubber = new SecretScrubber();
  const target = ctx.target({ scrubber });
  const { chosen, unmatched } = selectBillers(journal.converted(args.runId), args, io.err);
  const restoring = await previewRollback(args, run, chosen, { target, sealer, err: io.err });
  if (!chosen.length) return unmatched.length ? EXIT_CODES.someFailed : EXIT_CODES.ok;
  const decision = await confirmRollback(io, args, restoring);
  if (decision !== 'go') return decision === 'dry-run' && !unmatched.length ? EXIT_CODES.ok : EXIT_CODES.someFailed;
  const ledger = RunLedger.start(journal, { ...rollbackStart(id, args), ...(crm ? { crm } : {}) }, io.err);
  const restore = { target, sealer, ledger, scrubber, runId: args.runId, force: args.force };
  const results = await restoreBillers(chosen, restore);
  const end = { ofRun: args.runId, results, unmatched, target: target.name, json: args.json };
  return reportRollback(end, ledger, config, { out: io.out, mask });
}

/** The rollback run as the journal records it: who, how, and the run it undoes. */
function rollbackStart(id: string, args: RollbackArgs): RunStart {
  return {
    id,
    kind: 'rollback',
    host: hostname(),
    user: userInfo().username,
    options: JSON.stringify({ run: args.runId, billers: args.billers ? [...args.billers] : 'all', force: args.force }),
    toolVersion: toolVersion(),
    ofRun: args.runId,
  };
}
