/**
 * The one concurrency queue of the batch: billers run through a single p-limit of size
 * `concurrency`; the changes inside one biller run in order (apply-biller). Once `signal`
 * aborts (Ctrl-C), queued billers do not start: they resolve through `onSkip`, while the ones
 * in flight finish or roll back. Nothing is left pending (pitfalls §4: clearQueue would hang).
 */
import pLimit from 'p-limit';

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
