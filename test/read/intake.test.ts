import { describe, expect, it } from 'vitest';
import type { FileReport } from '../../src/core/file-report.js';
import { intake } from '../../src/read/intake.js';
import type { InputEntry } from '../../src/read/list-inputs.js';
import type { ReadPool } from '../../src/read/read-pool.js';

/** A pool whose reads finish in the order of `delays`, recording how many are in flight at once. */
function pool(delays: (i: number) => number) {
  const seen = { inFlight: 0, most: 0, started: [] as string[] };
  const p = {
    async read(entry: InputEntry): Promise<FileReport> {
      seen.started.push(entry.path);
      seen.inFlight++;
      seen.most = Math.max(seen.most, seen.inFlight);
      await new Promise((r) => setTimeout(r, delays(Number(entry.path.slice(1)))));
      seen.inFlight--;
      return { file: entry.path, status: 'read', billers: [], issues: [] } as unknown as FileReport;
    },
  } as unknown as ReadPool;
  return { p, seen };
}

const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `f${i}` }));

describe('intake', () => {
  it.each([
    { name: 'later files finish first', n: 6, concurrency: 2, delays: (i: number) => 30 - i * 5 },
    { name: 'one at a time', n: 3, concurrency: 1, delays: () => 1 },
    { name: 'more room than files', n: 3, concurrency: 16, delays: (i: number) => 10 - i },
  ])('yields reports in input order: $name', async ({ n, concurrency, delays }) => {
    const { p, seen } = pool(delays);
    const got: string[] = [];
    for await (const r of intake(entries(n), { pool: p }, concurrency)) got.push(r.file);
    expect(got).toEqual(entries(n).map((e) => e.path));
    expect(seen.most).toBeLessThanOrEqual(concurrency);
  });

  it('keeps a bounded window: it does not start files far ahead of the one it waits for', async () => {
    const { p, seen } = pool((i) => (i === 0 ? 50 : 1));
    const it = intake(entries(20), { pool: p }, 2)[Symbol.asyncIterator]();
    await it.next();
    // Before the first report, at most concurrency × 2 reads were queued.
    expect(seen.started.length).toBeLessThanOrEqual(5);
    for (let r = await it.next(); !r.done; r = await it.next());
    expect(seen.started).toHaveLength(20);
  });

  it('no entries: nothing', async () => {
    const { p } = pool(() => 0);
    const got: FileReport[] = [];
    for await (const r of intake([], { pool: p })) got.push(r);
    expect(got).toEqual([]);
  });
});
