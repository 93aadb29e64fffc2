/**
 * Leases: how a holder on another host proves it is alive. A run lock and a journal run row each carry
 * "held until" and their holder renews it while it lives; a holder on this host is judged by its pid
 * instead (which a lease could only approximate). One length for both, so a run that holds its lock
 * holds its journal row for exactly as long.
 */

/** How long a lease lasts without renewal. */
export const LEASE_MS = 10 * 60_000;
/** The holder renews every quarter of that: three renewals in a row can fail before another may take over. */
export const RENEW_MS = LEASE_MS / 4;

/** The end of a lease taken or renewed at `now` (ms since the epoch), as the ISO time stored. */
export function leaseEnd(now: number): string {
  return new Date(now + LEASE_MS).toISOString();
}

export interface Holder {
  /** The run (or lock holder) id, when the holder has one. */
  id?: string;
  host: string;
  pid: number;
  /** ISO time; null when the holder wrote none (a run of an older version). */
  leaseUntil: string | null;
}

/** What can be known of a holder, and whether it is provably gone (`dead-pid`, `lease-expired`). */
export type Verdict =
  | { kind: 'self' }
  | { kind: 'alive-pid' }
  | { kind: 'dead-pid' }
  | { kind: 'lease-live'; leftMs: number }
  | { kind: 'lease-expired'; agoMs: number }
  | { kind: 'no-lease' };

/**
 * On this host the pid decides (a live pid is alive whatever its lease says: a run paused by a
 * suspended laptop still owns its billers); on another host only a lease past its time proves the
 * holder gone. No lease, or one that cannot be read, proves nothing.
 */
export function judgeHolder(
  h: Holder,
  me: { host: string; pid: number; live?: ReadonlySet<string> },
  now: number,
  alive: (pid: number) => boolean,
): Verdict {
  if (h.host === me.host) {
    // Our own pid: ours only if this process started that run and has not ended it. Otherwise an earlier
    // process had this pid (reused: a container's node is often pid 1 on a fixed host name) and is gone.
    if (h.pid === me.pid)
      return !me.live || (h.id !== undefined && me.live.has(h.id)) ? { kind: 'self' } : { kind: 'dead-pid' };
    return alive(h.pid) ? { kind: 'alive-pid' } : { kind: 'dead-pid' };
  }
  const until = h.leaseUntil === null ? NaN : Date.parse(h.leaseUntil);
  if (Number.isNaN(until)) return { kind: 'no-lease' };
  return until < now ? { kind: 'lease-expired', agoMs: now - until } : { kind: 'lease-live', leftMs: until - now };
}

export const provablyGone = (v: Verdict): boolean => v.kind === 'dead-pid' || v.kind === 'lease-expired';

/** "40 s", "2.5 min", "12 min", "3 h 5 min": a duration as an operator reads it. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 600) return `${Math.round(s / 6) / 10} min`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
