/**
 * The lease on a journal run row: how runs on several hosts that share one journal (a network path) tell
 * a live run from a dead one. A running run renews `lease_until` every RENEW_MS (the run lock's lease,
 * core/lease.ts) and clears it when it ends. A run still marked running is taken over (marked crashed,
 * its billers in flight recovered) only when provably gone: on this host its pid is gone, on another
 * its lease is past its time. Marking is a compare-and-set on the lease read, so a renewal that lands
 * meanwhile wins.
 */
import { duration, judgeHolder, leaseEnd, provablyGone, RENEW_MS, type Verdict } from '../core/lease.js';
import type { SqliteFile } from '../db/open-database.js';
import { processAlive } from './journal-queries.js';

/** A run still marked running, as judged from here. */
export interface RunHolder {
  id: string;
  host: string;
  pid: number;
  leaseUntil: string | null;
  verdict: Verdict;
  /** Its billers in flight (ids), for a run left alone. */
  inFlight: string[];
}

/** What a crash check found: the runs it marked crashed, and the running ones it left to their holder. */
export interface CrashCheck {
  crashed: RunHolder[];
  held: RunHolder[];
}

type Row = Record<string, string | number | null>;

/**
 * The runs this process started and has not ended, whatever Journal object started them: a running row with
 * this host and pid but not listed here belongs to an earlier process that had our pid.
 */
export const runsOfThisProcess = new Set<string>();

/** The lease column's value for a run that starts or renews at `now`. */
export const leaseFrom = leaseEnd;

/** Renew a running run's lease; false when the row is no longer running (another run took it over). */
export function renewLease(file: SqliteFile, id: string, now: number): boolean {
  const r = file.sql("UPDATE runs SET lease_until = ? WHERE id = ? AND state = 'running'").run(leaseFrom(now), id);
  return r.changes === 1;
}

export function crashCheck(
  file: SqliteFile,
  me: { host: string; pid: number; live?: ReadonlySet<string> },
  now: number,
  alive: (pid: number) => boolean = processAlive,
): CrashCheck {
  const rows = file
    .sql("SELECT id, host, pid, lease_until FROM runs WHERE state = 'running' ORDER BY id")
    .all() as Row[];
  const out: CrashCheck = { crashed: [], held: [] };
  for (const r of rows) {
    const h = {
      id: String(r.id),
      host: String(r.host),
      pid: Number(r.pid),
      leaseUntil: r.lease_until === null ? null : String(r.lease_until),
    };
    const verdict = judgeHolder(h, me, now, alive);
    if (verdict.kind === 'self') continue;
    const holder = { ...h, verdict, inFlight: [] as string[] };
    if (provablyGone(verdict)) {
      const marked = file
        .sql("UPDATE runs SET state = 'crashed' WHERE id = ? AND state = 'running' AND lease_until IS ?")
        .run(holder.id, h.leaseUntil);
      if (marked.changes === 1) out.crashed.push(holder);
      continue;
    }
    holder.inFlight = file
      .sql('SELECT biller_id FROM billers WHERE run_id = ? AND in_flight = 1 ORDER BY entry')
      .pluck()
      .all(holder.id) as string[];
    out.held.push(holder);
  }
  return out;
}

/**
 * Renew `id`'s lease every RENEW_MS while the run lives (the timer never keeps the process alive). A
 * renewal that fails is said and retried; a row found no longer running is said once and renewal stops.
 */
export function heartbeat(renew: () => boolean, id: string, say: (line: string) => void): () => void {
  const timer = setInterval(() => {
    try {
      if (renew()) return;
      clearInterval(timer);
      say(
        `the journal no longer holds run ${id} as running: a run on another host took it over after its lease ` +
          'ran out, and may be restoring its billers in flight. This run begins no other biller and ends with ' +
          'exit 75; check the CRM before the next',
      );
    } catch (e) {
      say(
        `could not renew the journal lease of run ${id} (${(e as Error).message}); retried in ${duration(RENEW_MS)}. ` +
          'Runs on other hosts take this run for dead once its lease runs out',
      );
    }
  }, RENEW_MS);
  timer.unref();
  return () => clearInterval(timer);
}
