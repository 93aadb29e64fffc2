/** `spectrum-convert unlock --force`: remove the run locks after a person checked that no run is alive. */
import { lockPaths } from '../config.js';
import { EXIT_CODES } from '../core/summary.js';
import { UsageError } from '../errors.js';
import { removeLocks } from '../lock/lock.js';
import type { CommandContext } from './context.js';

/** One line per lock removed. */
function removeRunLocks(paths: readonly string[]): string[] {
  return removeLocks(paths).map(
    (h) => `removed ${h.path} (run ${h.runId}, pid ${h.pid} on ${h.host}, started ${h.startedAt})`,
  );
}

export function unlockCommand(force: boolean, ctx: CommandContext): number {
  if (!force)
    throw new UsageError(
      'unlock removes the run locks; check that no run is alive, then use: spectrum-convert unlock --force',
    );
  const removed = removeRunLocks(lockPaths(ctx.config, false));
  ctx.io.out(removed.length ? removed.join('\n') : 'no lock was held');
  return EXIT_CODES.ok;
}
