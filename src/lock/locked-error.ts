/**
 * Who holds the run lock, as the error a second run stops with (exit 75) and the warning a
 * takeover leaves: every message names the lock file, its holder and what to do.
 */
import { hostname } from 'node:os';
import { EXIT_CODES } from '../core/summary.js';
import { FatalError } from '../errors.js';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  runId: string;
  path: string;
  /** Until when the holder's claim stands unless renewed (ISO time). */
  leaseUntil?: string;
  /** The file was empty or not a lock record: who held it is unknown. */
  unreadable?: boolean;
}

/** How long a lease lasts without renewal, and how often it is renewed: the journal's run lease's too. */
export { LEASE_MS, RENEW_MS } from '../core/lease.js';
/** An empty or unreadable lock file younger than this may be one being written. */
export const UNREADABLE_GRACE_MS = 3 * 60_000;

/** Another run holds a lock this command needs: exit 75, naming the holder. */
export class LockedError extends FatalError {
  override name = 'LockedError';
  readonly exitCode = EXIT_CODES.locked;
  constructor(readonly holder: LockHolder) {
    super(lockedMessage(holder));
  }
}

/** The warning for a lock taken over, naming what was known of its holder. */
export function takeoverWarning(h: LockHolder): string {
  if (h.unreadable)
    return (
      `took over the lock ${h.path}: it was empty or unreadable since ${h.startedAt} ` +
      '(a run that crashed while taking it?)'
    );
  const why = h.host === hostname() ? 'its process is gone' : `its lease ran out at ${h.leaseUntil ?? '?'}`;
  return (
    `took over a stale lock ${h.path} left by run ${h.runId} ` +
    `(pid ${h.pid} on ${h.host}, started ${h.startedAt}): ${why}`
  );
}

/** Who holds the lock and what to do, or why an unreadable one is not yet taken over. */
function lockedMessage(holder: LockHolder): string {
  const force = 'run "spectrum-convert unlock --force".';
  if (holder.unreadable) {
    const age = Math.round((Date.now() - Date.parse(holder.startedAt)) / 1000);
    return (
      `the lock ${holder.path} is empty or unreadable and only ${age} s old: another run may be taking it. ` +
      `It is taken over once it is ${UNREADABLE_GRACE_MS / 60_000} minutes old; ` +
      `if you are sure no run is alive, ${force}`
    );
  }
  return (
    `another run holds the lock ${holder.path}: run ${holder.runId}, pid ${holder.pid} on ${holder.host}, ` +
    `started ${holder.startedAt}. If you are sure it is gone, ${force}`
  );
}
