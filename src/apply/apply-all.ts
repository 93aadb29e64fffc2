/**
 * The one concurrency queue of the batch: billers run through a single p-limit of size
 * `concurrency`; the changes inside one biller run in order (apply-biller). Once `signal`
 * aborts (Ctrl-C), queued billers do not start: they resolve through `onSkip`, while the ones
 * in flight finish or roll back. Nothing is left pending (pitfalls §4: clearQueue would hang).
 */
import pLimit from 'p-limit';
import type { BillerResult } from '../core/summary.js';
import type { DueBiller } from '../core/triage.js';
import { CircuitBreaker, type Tripped } from './breaker.js';
import { convertOne, skipOne, type ConvertContext } from './convert-one.js';

export interface QueueStats {
  maxInFlight: number;
}

export async function applyAll<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
  onSkip: (item: T) => R,
  signal?: AbortSignal,
): Promise<{ results: R[]; stats: QueueStats }> {
  const limit = pLimit(concurrency);
  const stats: QueueStats = { maxInFlight: 0 };
  const results = await Promise.all(
    items.map((item) =>
      limit(async () => {
        // A synchronous target (the embedded CRM) resolves every await at once: without this turn of
        // the event loop, a whole night would run as one microtask chain and Ctrl-C would wait for it.
        await new Promise((resolve) => setImmediate(resolve));
        if (signal?.aborted) return onSkip(item);
        stats.maxInFlight = Math.max(stats.maxInFlight, limit.activeCount);
        return work(item);
      }),
    ),
  );
  return { results, stats };
}

/**
 * The night's conversions: every due biller through the one queue. The queue stops on Ctrl-C (`signal`), or
 * when the CRM refuses us billers in a row (the circuit breaker); the billers not started are interrupted.
 */
export async function convertAll(
  due: readonly DueBiller[],
  concurrency: number,
  c: Omit<ConvertContext, 'breaker'>,
  signal?: AbortSignal,
): Promise<{ results: BillerResult[]; maxInFlight: number; interrupted: boolean; stopped?: Tripped }> {
  const tripped = new AbortController();
  const breaker = new CircuitBreaker(c.target.name, () => tripped.abort());
  const stop = signal ? AbortSignal.any([signal, tripped.signal]) : tripped.signal;
  const { results, stats } = await applyAll(
    due,
    concurrency,
    (d) => convertOne(d, { ...c, breaker }),
    (d) => skipOne(d, c),
    stop,
  );
  const stopped = breaker.tripped;
  if (stopped) c.logger.error(stopped.message, { event: 'run.breaker', refusal: stopped.refusal });
  return { results, maxInFlight: stats.maxInFlight, interrupted: stop.aborted, ...(stopped ? { stopped } : {}) };
}
