import { describe, expect, it } from 'vitest';
import type { BillerResult } from '../src/core/summary.js';
import { createProgress } from '../src/progress.js';

function stream(isTTY: boolean) {
  const out: string[] = [];
  return { out, s: { isTTY, write: (t: string) => out.push(t) } as unknown as NodeJS.WriteStream };
}
const result = (status: string) => ({ status }) as BillerResult;

describe('createProgress', () => {
  it('prints nothing when not on a terminal (cron)', () => {
    const { out, s } = stream(false);
    const p = createProgress(s, 0);
    p.update(result('converted'), 1, 2);
    p.end();
    expect(out).toEqual([]);
  });

  it('redraws one line with the bar, counts per status and an ETA, then ends the line', () => {
    const { out, s } = stream(true);
    const start = Date.now() - 10_000;
    const p = createProgress(s, start);
    p.update(result('converted'), 1, 4);
    p.update(result('failed'), 2, 4);
    expect(out[0]).toMatch(/^\r\x1b\[2K\[#{6}\.{18}\] 1\/4 converted 1 ETA 0:(29|30|31)$/);
    expect(out[1]).toMatch(/^\r\x1b\[2K\[#{12}\.{12}\] 2\/4 converted 1, failed 1 ETA 0:(09|10|11)$/);
    p.end();
    expect(out.at(-1)).toBe('\n');
  });

  it.each([
    { name: 'the last biller: full bar, no ETA', done: 3, total: 3, bar: '#'.repeat(24) },
    { name: 'nothing due: full bar, no ETA', done: 0, total: 0, bar: '#'.repeat(24) },
  ])('$name', ({ done, total, bar }) => {
    const { out, s } = stream(true);
    createProgress(s, Date.now() - 5000).update(result('converted'), done, total);
    expect(out[0]).toBe(`\r\x1b[2K[${bar}] ${done}/${total} converted 1`);
  });

  it('an ETA over a minute is minutes:seconds', () => {
    const { out, s } = stream(true);
    createProgress(s, Date.now() - 60_000).update(result('converted'), 1, 3);
    expect(out[0]).toMatch(/ETA 2:0[01]$/);
  });

  it('end() without an update writes nothing', () => {
    const { out, s } = stream(true);
    createProgress(s).end();
    expect(out).toEqual([]);
  });
});
