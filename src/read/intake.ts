/**
 * Intake: from input files to validated billers. Each file is read end to end by the reader
 * pool (read-file.ts in a worker); this keeps a bounded window of files in flight and yields
 * their reports in input order. Nothing here throws for a bad file.
 */
import pLimit from 'p-limit';
import type { FileReport } from '../core/file-report.js';
import type { InputEntry } from './list-inputs.js';
import type { ReadPool } from './read-pool.js';

export interface IntakeContext {
  pool: ReadPool;
}

/** Read many inputs with bounded concurrency, yielding reports in input order as they complete. */
export async function* intake(
  entries: readonly InputEntry[],
  ctx: IntakeContext,
  concurrency = 16,
): AsyncGenerator<FileReport> {
  const limit = pLimit(concurrency);
  const window: Array<Promise<FileReport>> = [];
  let next = 0;
  const fill = () => {
    // Keep only a bounded number of files in memory at once, however many wait in the folder.
    while (next < entries.length && window.length < concurrency * 2) {
      const entry = entries[next++];
      if (entry) window.push(limit(() => ctx.pool.read(entry)));
    }
  };
  fill();
  while (window.length) {
    const report = await window.shift();
    fill();
    if (report) yield report;
  }
}
