/**
 * Before a destructive step: the preview has been printed; now --dry-run stops, --yes goes on, a person at
 * a terminal is asked, and anything else (cron, a pipe) is refused with how to go on.
 */
import { UsageError } from '../errors.js';
import type { CommandIo } from './context.js';

export type Decision = 'go' | 'dry-run' | 'declined';

export async function confirm(
  io: CommandIo,
  opts: { what: string; rerun: string; yes: boolean; dryRun: boolean },
): Promise<Decision> {
  if (opts.dryRun) {
    io.err(`dry run: nothing was changed. To ${opts.what}: ${opts.rerun} --yes`);
    return 'dry-run';
  }
  if (opts.yes) return 'go';
  if (!io.interactive || !io.ask) {
    throw new UsageError(
      `${opts.what} changes the CRM and nobody is at a terminal to confirm it: run it again with --yes ` +
        `(or --dry-run to see what it would do): ${opts.rerun} --yes`,
    );
  }
  const answer = (await io.ask(`${opts.what}? [y/N] `)).trim().toLowerCase();
  if (answer === 'y' || answer === 'yes') return 'go';
  io.err('nothing was changed');
  return 'declined';
}
