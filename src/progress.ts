/**
 * Progress on a terminal: one line redrawn in place, with counts and an ETA. Under cron (not a
 * terminal) it prints nothing: the log lines are the progress there.
 */
import type { BillerResult } from './core/summary.js';

export interface Progress {
  update(result: BillerResult, done: number, total: number): void;
  end(): void;
}

export function createProgress(stream: NodeJS.WriteStream, startedAt = Date.now()): Progress {
  if (!stream.isTTY) return { update() {}, end() {} };
  const counts = new Map<string, number>();
  let drawn = false;
  return {
    update(result, done, total) {
      counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
      const width = 24;
      const filled = total ? Math.round((done / total) * width) : width;
      const elapsed = (Date.now() - startedAt) / 1000;
      const eta = done > 0 && done < total ? Math.round((elapsed / done) * (total - done)) : 0;
      const parts = [...counts].map(([s, n]) => `${s} ${n}`).join(', ');
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      const left = eta ? ` ETA ${Math.floor(eta / 60)}:${String(eta % 60).padStart(2, '0')}` : '';
      stream.write(`\r\x1b[2K[${bar}] ${done}/${total} ${parts}${left}`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}
