import { afterEach, describe, expect, it } from 'vitest';
import { applyAll, convertAll } from '../../src/apply/apply-all.js';
import type { ConvertContext } from '../../src/apply/convert-one.js';
import type { FileReport } from '../../src/core/file-report.js';
import { SecretScrubber } from '../../src/core/scrub.js';
import type { BillerResult } from '../../src/core/summary.js';
import type { DueBiller } from '../../src/core/triage.js';
import { RunLedger } from '../../src/journal/run-ledger.js';
import { createLogger } from '../../src/log.js';
import { createMasker } from '../../src/mask.js';
import { ChangeSpill } from '../../src/report/change-spill.js';
import { TargetError, type TargetPort } from '../../src/targets/target-port.js';
import { tempDir } from '../support/intake.js';
import { biller } from '../support/snapshots.js';

const tick = () => new Promise((r) => setTimeout(r, 2));

describe('applyAll, the one queue', () => {
  it.each([1, 2, 5])('never more than %i in flight, results in the order given', async (concurrency) => {
    let active = 0;
    let most = 0;
    const items = Array.from({ length: 12 }, (_, i) => i);
    const { results, stats } = await applyAll(
      items,
      concurrency,
      async (i) => {
        most = Math.max(most, ++active);
        await tick();
        active--;
        return i * 10;
      },
      () => -1,
    );
    expect(results).toEqual(items.map((i) => i * 10));
    expect([most, stats.maxInFlight]).toEqual([concurrency, concurrency]);
  });

  it('once the signal aborts, the ones not started are skipped and the ones in flight finish', async () => {
    const stop = new AbortController();
    const { results } = await applyAll(
      [1, 2, 3, 4, 5],
      2,
      async (i) => {
        if (i === 2) stop.abort(); // while 1 is in flight
        await tick();
        return `done ${i}`;
      },
      (i) => `skipped ${i}`,
      stop.signal,
    );
    expect(results).toEqual(['done 1', 'done 2', 'skipped 3', 'skipped 4', 'skipped 5']);
  });
});

describe('convertAll, the night’s conversions', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  const ids = Array.from({ length: 6 }, (_, i) => `6F9619FF-8B86-D011-B42D-00C04FC964A${i}`);
  const due: DueBiller[] = ids.map((billerId) => {
    const record = biller({ billerId });
    const found = { billerId, billerName: record.billerName, sheet: 'Biller', valid: true, record };
    const report: FileReport = { file: 'w.xlsx', status: 'read', billers: [found], issues: [] };
    return { report, found, record };
  });

  /** A CRM that rejects the token on every call. */
  const refusing = (): TargetPort & { reads: number } => {
    const t = {
      name: 'refusing',
      reads: 0,
      readSnapshot: () => {
        t.reads++;
        return Promise.reject(new TargetError('permission-denied', '401', undefined, 'unauthenticated'));
      },
      apply: () => Promise.resolve(),
      beginMaintenance: () => Promise.resolve(),
      endMaintenance: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    return t;
  };

  async function context(target: TargetPort) {
    const t = await tempDir('sc-apply-all-');
    const lines: string[] = [];
    const done: BillerResult[] = [];
    const spill = ChangeSpill.inDir(t.dir, 'R1');
    const scrubber = new SecretScrubber();
    const c: Omit<ConvertContext, 'breaker'> = {
      mode: 'run',
      runId: 'R1',
      target,
      planOptions: {},
      logger: createLogger({ scrubber, consoleLevel: 'error', write: (l) => lines.push(l) }),
      scrubber,
      mask: createMasker(Buffer.alloc(32, 7)),
      ledger: RunLedger.start(undefined, {
        id: 'R1',
        kind: 'run',
        ofRun: null,
        host: '',
        user: '',
        options: '{}',
        toolVersion: '',
      }),
      spill,
      unrecovered: new Map(),
      done: (r) => done.push(r),
    };
    cleanup = async () => {
      spill.remove();
      await t.cleanup();
    };
    return { c, lines, done };
  }

  it('the CRM refusing us three billers in a row stops the night: the rest are interrupted, untouched', async () => {
    const target = refusing();
    const { c, lines, done } = await context(target);
    const night = await convertAll(due, 1, c);
    expect(night.results.map((r) => r.status)).toEqual([
      'failed',
      'failed',
      'failed',
      'interrupted',
      'interrupted',
      'interrupted',
    ]);
    expect(target.reads).toBe(3);
    expect(night).toMatchObject({ interrupted: true, stopped: { code: 69, refusal: 'unauthenticated' } });
    expect(done).toHaveLength(3);
    expect(lines).toEqual([expect.stringMatching(/^ERROR the CRM refused the token \(401\).*The night stopped/)]);
  });

  it('a Ctrl-C before the first biller: every biller interrupted, the CRM never called, no breaker', async () => {
    const target = refusing();
    const { c, done } = await context(target);
    const night = await convertAll(due, 2, c, AbortSignal.abort());
    expect(night.results.every((r) => r.status === 'interrupted')).toBe(true);
    expect([target.reads, done.length, night.interrupted, night.stopped]).toEqual([0, 0, true, undefined]);
  });

  it('a night that runs to its end is not interrupted', async () => {
    const { c } = await context(refusing());
    const night = await convertAll(due.slice(0, 2), 2, c, new AbortController().signal);
    expect(night.results.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect([night.interrupted, night.stopped]).toEqual([false, undefined]);
  });
});
