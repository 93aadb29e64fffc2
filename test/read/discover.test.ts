import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discover } from '../../src/read/discover.js';
import { tempDir } from '../support/intake.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sc-discover-'));
});
afterEach(() => cleanup());

const NOW = Date.parse('2026-12-01T02:00:00Z');
function file(name: string, ageMs: number): string {
  const p = join(dir, name);
  writeFileSync(p, 'x');
  const at = (NOW - ageMs) / 1000;
  utimesSync(p, at, at);
  return p;
}

describe('discover', () => {
  it.each([
    { name: 'older than the settle time: ready', ageMs: 60_000, ready: true },
    { name: 'exactly the settle time: ready', ageMs: 30_000, ready: true },
    { name: 'younger: left for the next run', ageMs: 5_000, ready: false },
  ])('$name', async ({ ageMs, ready }) => {
    const p = file('w.xlsx', ageMs);
    const r = await discover(dir, 30_000, NOW);
    if (ready) expect(r).toEqual({ ready: [{ path: p }], waiting: [] });
    else
      expect(r).toEqual({
        ready: [],
        waiting: [
          {
            file: p,
            status: 'skipped',
            note: 'modified 5 s ago, may still be copying: left for the next run',
            billers: [],
            issues: [],
          },
        ],
      });
  });

  it('a skipped file is reported as skipped, however young', async () => {
    const p = file('~$w.xlsx', 1000);
    const r = await discover(dir, 30_000, NOW);
    expect(r.waiting).toEqual([]);
    expect(r.ready).toEqual([{ path: p, skip: expect.stringContaining('Excel lock file') }]);
  });

  it('a settle time of 0 takes every file', async () => {
    file('a.xlsx', 0);
    expect((await discover(dir, 0, NOW)).ready).toHaveLength(1);
  });

  it('a missing input folder is one missing entry, for the caller to report', async () => {
    const r = await discover(join(dir, 'nope'), 30_000, NOW);
    expect(r).toEqual({ ready: [{ path: join(dir, 'nope'), missing: true }], waiting: [] });
  });
});
