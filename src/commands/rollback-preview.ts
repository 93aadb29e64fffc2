/**
 * Before a rollback writes anything: one line per biller saying what it will do (read from the CRM now), then
 * the confirmation (--dry-run stops, --yes goes, a person at a terminal is asked, anything else is refused).
 */
import { assessRollback } from '../core/rollback-assess.js';
import { previewLine } from '../core/rollback-messages.js';
import type { Sealer } from '../journal/seal.js';
import type { TargetPort } from '../targets/target-port.js';
import { confirm, type Decision } from './confirm.js';
import type { CommandIo } from './context.js';
import { keyMatcher } from './rollback-matcher.js';
import type { ConvertedBiller, RollbackArgs } from './rollback-select.js';

/** Prints the preview to `err`; returns how many billers will be restored. */
export async function previewRollback(
  args: Pick<RollbackArgs, 'runId' | 'force'>,
  run: { startedAt: string },
  chosen: readonly ConvertedBiller[],
  reach: { target: TargetPort; sealer: Sealer; err: (line: string) => void },
): Promise<number> {
  const { target, sealer, err } = reach;
  err(`rollback of run ${args.runId} (${run.startedAt}): ${chosen.length} biller${chosen.length === 1 ? '' : 's'}`);
  let restoring = 0;
  for (const c of chosen) {
    const a = assessRollback(c, await target.readSnapshot(c.record.billerId), keyMatcher(sealer), args.force);
    if (a.kind === 'restore') restoring++;
    err(previewLine(`${c.record.billerId} ${c.record.billerName}`, a, args.runId));
  }
  return restoring;
}

/** Asks to go on with the rollback of `restoring` billers; the command to run again repeats the flags given. */
export function confirmRollback(io: CommandIo, args: RollbackArgs, restoring: number): Promise<Decision> {
  const billers = args.billers ? ` --biller ${[...args.billers].join(',')}` : '';
  const rerun = `spectrum-convert rollback --run ${args.runId}${billers}${args.force ? ' --force' : ''}`;
  return confirm(io, {
    what: `roll back ${restoring} biller(s) of run ${args.runId}`,
    rerun,
    yes: args.yes,
    dryRun: args.dryRun,
  });
}
