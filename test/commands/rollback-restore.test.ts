// @module-tag slow: journaled nights in a real embedded CRM, one per test
/**
 * Each chosen biller restored or refused, one after the other, on a journaled night: what each result says, what
 * reached the CRM, and what the journal records (a refused biller is reported, never journaled).
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { journalPath } from '../../src/config.js';
import { withContext } from '../../src/commands/context.js';
import { restoreBillers } from '../../src/commands/rollback-restore.js';
import { openRollbackJournal } from '../../src/commands/rollback-select.js';
import { differences } from '../../src/core/simulate.js';
import { SecretScrubber } from '../../src/core/scrub.js';
import { Secret } from '../../src/core/secret.js';
import type { BillerResult } from '../../src/core/summary.js';
import { RunLedger } from '../../src/journal/run-ledger.js';
import { TargetError, type TargetPort } from '../../src/targets/target-port.js';
import { ScriptedTarget } from '../support/faulty-target.js';
import { journaledRun, RUN_ID, type JournaledRun } from '../support/journaled-run.js';

const KEY = 'ab'.repeat(32);
const ROLLBACK = '20261127T090000Z-0001';
let night: JournaledRun | undefined;
afterEach(async () => {
  await night?.cleanup();
  night = undefined;
});

interface Restored {
  n: JournaledRun;
  results: BillerResult[];
  /** Per biller, its rows in the journal: [run kind, status, note]. */
  story: Array<Array<[string, string | null, string | null]>>;
  owners: Array<string | undefined>;
}

async function restore(
  opts: { key?: string; force?: boolean; edit?: (n: JournaledRun) => void; wrap?: (t: ScriptedTarget) => void } = {},
): Promise<Restored> {
  night = await journaledRun([1, 2], 'key' in opts ? opts.key : KEY);
  const n = night;
  opts.edit?.(n);
  const owners: Array<string | undefined> = [];
  const wrapTarget = (t: TargetPort) => {
    const s = new ScriptedTarget(t);
    const begin = s.beginMaintenance.bind(s);
    s.beginMaintenance = (id, owner) => (owners.push(owner), begin(id, owner));
    opts.wrap?.(s);
    return s;
  };
  const io = { out: () => {}, err: () => {}, env: n.env, wrapTarget };
  return withContext(n.config, io, async (ctx) => {
    const { journal, sealer } = openRollbackJournal(RUN_ID, ctx);
    const run = { id: ROLLBACK, kind: 'rollback' as const, ofRun: RUN_ID, host: 'h', user: 'u', options: '{}' };
    const ledger = RunLedger.start(journal, { ...run, toolVersion: '0' });
    const target = ctx.target();
    const force = opts.force ?? false;
    const results = await restoreBillers(journal.converted(RUN_ID), {
      target,
      sealer,
      ledger,
      scrubber: new SecretScrubber(),
      runId: RUN_ID,
      force,
    });
    const story = n.billers.map((b) =>
      journal
        .billerHistory(b.billerId)
        .map((s) => [s.runKind, s.status, s.note] as [string, string | null, string | null]),
    );
    return { n, results, story, owners };
  });
}

function restored(n: JournaledRun): boolean[] {
  const store = n.crm();
  try {
    return n.before.map((b) => differences(b, store.snapshot(b.billerId)!, { maintenance: true }).length === 0);
  } finally {
    store.close();
  }
}

function edit9(i: number) {
  return (n: JournaledRun) => {
    const store = n.crm();
    const billerId = n.billers[i]!.billerId;
    const section = '7. Web Services / Advanced Settings';
    store.write({
      billerId,
      section,
      kind: 'advanced.set',
      entity: 'advanced_setting',
      key: 9,
      name: 'x',
      before: null,
      after: 'p',
    });
    store.close();
  };
}

const CONVERTED: [string, string | null, string | null] = ['run', 'converted', null];

describe('restoreBillers', () => {
  it('restores each biller: rolled-back with its changes, in the window the rollback run owns, journaled', async () => {
    const { n, results, story, owners } = await restore();
    expect(results.map((r) => [r.billerId, r.status])).toEqual(n.billers.map((b) => [b.billerId, 'rolled-back']));
    const first = results[0]!;
    expect(first).toMatchObject({ billerName: n.billers[0]!.billerName, file: 'table.xlsx', sheet: 'Billers', row: 2 });
    expect(first.changes.length).toBeGreaterThan(5);
    expect(first.error).toBeUndefined();
    expect(owners).toEqual([ROLLBACK, ROLLBACK]);
    expect(restored(n)).toEqual([true, true]);
    for (const s of story) expect(s).toEqual([CONVERTED, ['rollback', 'rolled-back', `rollback of run ${RUN_ID}`]]);
  });

  it('changed since: blocked (ROLLBACK.CHANGED_SINCE), not rolled back, not journaled; the other goes', async () => {
    const { n, results, story } = await restore({ edit: edit9(0) });
    expect(results[0]).toMatchObject({ status: 'blocked', changes: [], error: { code: 'ROLLBACK.CHANGED_SINCE' } });
    expect(results[1]?.status).toBe('rolled-back');
    expect(restored(n)).toEqual([false, true]);
    expect(story[0]).toEqual([CONVERTED]);
  });

  it('--force: the changed biller is rolled back too', async () => {
    const { n, results } = await restore({ edit: edit9(0), force: true });
    expect(results.map((r) => r.status)).toEqual(['rolled-back', 'rolled-back']);
    expect(restored(n)).toEqual([true, true]);
  });

  it('no key: every biller blocked (ROLLBACK.NEEDS_KEY), no CRM write at all', async () => {
    let writes = 0;
    const { n, results, story, owners } = await restore({
      key: undefined,
      wrap: (s) => (s.onCall = (op) => void (op !== 'readSnapshot' && writes++)),
    });
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([
      ['blocked', 'ROLLBACK.NEEDS_KEY'],
      ['blocked', 'ROLLBACK.NEEDS_KEY'],
    ]);
    expect(results[0]?.error?.message).toContain('only their fingerprints (no journal key was configured)');
    expect(writes).toBe(0);
    expect(owners).toEqual([]);
    expect(restored(n)).toEqual([false, false]);
    expect(story).toEqual([[CONVERTED], [CONVERTED]]);
  });

  it('in a window someone else holds: blocked (BLOCKED.IN_MAINTENANCE, step plan), the window left alone', async () => {
    const { n, results } = await restore({
      edit: (x) => {
        const store = x.crm();
        store.setMaintenance(x.billers[1]!.billerId, true, 'OTHER');
        store.close();
      },
    });
    expect(results[1]).toMatchObject({ status: 'blocked', error: { code: 'BLOCKED.IN_MAINTENANCE', step: 'plan' } });
    const store = n.crm();
    expect(store.snapshot(n.billers[1]!.billerId)).toMatchObject({ maintenance: true, maintenanceOwner: 'OTHER' });
    store.close();
  });

  it('gone from the CRM: failed (CRM.NOT_FOUND)', async () => {
    const { results } = await restore({
      wrap: (s) => {
        const read = s.readSnapshot.bind(s);
        let first = true;
        s.readSnapshot = (id) => (first ? ((first = false), Promise.resolve(null)) : read(id));
      },
    });
    expect(results[0]).toMatchObject({
      status: 'failed',
      changes: [],
      error: { code: 'CRM.NOT_FOUND', message: 'the biller is no longer in the CRM' },
    });
    expect(results[1]?.status).toBe('rolled-back');
  });

  it('the CRM fails part way: failed (put back as the run left it), journaled as failed', async () => {
    const failSecondWrite = (s: ScriptedTarget) => s.faults.set(night!.billers[0]!.billerId, { at: 2 });
    const { n, results, story } = await restore({ wrap: failSecondWrite });
    expect(results[0]).toMatchObject({ status: 'failed', changes: [] });
    expect(results[0]?.error?.code).toMatch(/^CRM\./);
    expect(restored(n)).toEqual([false, true]);
    expect(story[0]).toEqual([CONVERTED, ['rollback', 'failed', `rollback of run ${RUN_ID}`]]);
  });

  it('a CRM error that quotes a secret being restored reaches neither the results nor the journal', async () => {
    const echoed: string[] = [];
    const echoSecret = (s: ScriptedTarget) => {
      s.apply = (c) => {
        if (!(c.after instanceof Secret)) return ScriptedTarget.prototype.apply.call(s, c);
        echoed.push(c.after.reveal());
        return Promise.reject(new TargetError('other', `the CRM refused ${c.after.reveal()}: "${c.after.reveal()}"`));
      };
    };
    const { n, results } = await restore({ wrap: echoSecret });
    expect(echoed.length).toBeGreaterThan(0);
    expect(results.map((r) => r.status)).not.toContain('rolled-back');
    expect(results[0]?.error?.message).toContain('[REDACTED]');
    // The journal's database and its write-ahead log, where the newest rows are until a checkpoint.
    const path = journalPath(n.config);
    const journal = [path, `${path}-wal`].map((f) => (existsSync(f) ? readFileSync(f).toString('latin1') : '')).join();
    for (const secret of echoed) {
      expect(JSON.stringify(results)).not.toContain(secret);
      expect(journal).not.toContain(secret);
    }
  });

  it('already as before (a second rollback, forced): rolled-back with no change and no write', async () => {
    const first = await restore();
    expect(first.results.map((r) => r.status)).toEqual(['rolled-back', 'rolled-back']);
    const n = first.n;
    const again = await withContext(n.config, { out: () => {}, err: () => {}, env: n.env }, async (ctx) => {
      const { journal, sealer } = openRollbackJournal(RUN_ID, ctx);
      const start = { id: 'R2', kind: 'rollback' as const, ofRun: RUN_ID, host: 'h', user: 'u', options: '{}' };
      const ledger = RunLedger.start(journal, { ...start, toolVersion: '0' });
      const target = ctx.target();
      const c = { target, sealer, ledger, scrubber: new SecretScrubber(), runId: RUN_ID, force: true };
      return restoreBillers(journal.converted(RUN_ID), c);
    });
    expect(again.map((r) => [r.status, r.changes.length])).toEqual([
      ['rolled-back', 0],
      ['rolled-back', 0],
    ]);
  });
});
