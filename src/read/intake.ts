/**
 * Intake: from input files to validated billers. Each file is read end to end by the reader
 * pool (read-file.ts in a worker), whose own queue is the one queue for reading: this only keeps
 * a bounded window of files handed to it and yields their reports in input order. Nothing here
 * throws for a bad file.
 */
import type { FileReport } from '../core/file-report.js';
import type { InputEntry } from './list-inputs.js';
import type { ReadPool } from './read-pool.js';

export interface IntakeContext {
  pool: ReadPool;
}

/**
 * Read many inputs, yielding reports in input order as they complete. At most `concurrency` files
 * are handed to the pool at once (the pool queues what its workers cannot take yet), however many
 * wait in the folder, so only that many reports are ever held in memory.
 */
export async function* intake(
  entries: readonly InputEntry[],
  ctx: IntakeContext,
  concurrency = 16,
): AsyncGenerator<FileReport> {
  const window: Array<Promise<FileReport>> = [];
  let next = 0;
  const fill = () => {
    while (next < entries.length && window.length < concurrency) {
      const entry = entries[next++];
      if (entry) window.push(ctx.pool.read(entry));
    }
  };
  fill();
  while (window.length) {
    const report = await window.shift();
    fill();
    if (report) yield report;
  }
}
