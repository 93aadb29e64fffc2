import { describe, expect, it } from 'vitest';
import { convertBiller } from '../../src/apply/apply-biller.js';
import { plan } from '../../src/core/plan.js';
import { differences } from '../../src/core/simulate.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { SqliteTarget } from '../../src/targets/sqlite/sqlite-target.js';
import { FaultyTarget } from '../support/faulty-target.js';
import { biller, mipsSnapshot } from '../support/snapshots.js';

function fresh() {
  const store = CrmStore.open(':memory:');
  store.putSnapshots([mipsSnapshot()]);
  return { store, target: new FaultyTarget(new SqliteTarget(store)) };
}

const b = biller();
const id = b.billerId;
// 1 read + 1 begin + the inner changes + 1 read back + 1 end.
const CALLS = 1 + plan(b, mipsSnapshot()).changes.length + 1;

describe('converting one biller', () => {
  it('applies every change, reads back, closes the window', async () => {
    const { store, target } = fresh();
    const outcome = await convertBiller(target, b);
    expect(outcome.status).toBe('converted');
    expect(outcome.error).toBeUndefined();
    expect(store.snapshot(id)?.maintenance).toBe(false);
    expect(target.calls.map((c) => c.op)).toEqual([
      'readSnapshot',
      'beginMaintenance',
      ...Array(CALLS - 4).fill('apply'),
      'readSnapshot',
      'endMaintenance',
    ]);
    const again = await convertBiller(target, b);
    expect(again.status).toBe('already-converted');
  });

  it('a second run writes nothing', async () => {
    const { target } = fresh();
    await convertBiller(target, b);
    const writes = target.writes;
    await convertBiller(target, b);
    expect(target.writes).toBe(writes);
  });

  it('a dry run plans and writes nothing', async () => {
    const { store, target } = fresh();
    const outcome = await convertBiller(target, b, { dryRun: true });
    expect(outcome.status).toBe('planned');
    expect(outcome.plan?.changes.length).toBeGreaterThan(10);
    expect(target.writes).toBe(0);
    expect(differences(mipsSnapshot(), store.snapshot(id)!, { maintenance: true })).toEqual([]);
  });

  it('a blocked biller is not touched', async () => {
    const { target } = fresh();
    const outcome = await convertBiller(target, biller({ ftpUsername: 'nobody' }));
    expect(outcome).toMatchObject({ status: 'blocked', error: { code: 'BLOCKED.FTP_USER_MISSING' } });
    expect(target.writes).toBe(0);
  });

  it('an unknown biller is blocked', async () => {
    const { target } = fresh();
    expect((await convertBiller(target, biller({ billerId: '00000000-0000-4000-8000-000000000000' }))).status).toBe(
      'blocked',
    );
  });
});

describe('a fault at each step leaves the biller exactly as it was', () => {
  // Every call after the first read: begin, each change, the read back, the end.
  const steps = Array.from({ length: CALLS - 1 }, (_, i) => i + 2);
  it.each(steps)('failure at call %i → failed, state restored, window closed', async (k) => {
    const { store, target } = fresh();
    target.failAt(k);
    const outcome = await convertBiller(target, b);
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code).toBe('CRM.TRANSIENT');
    expect(outcome.error?.step).toBeTruthy();
    expect(differences(mipsSnapshot(), store.snapshot(id)!, { maintenance: true })).toEqual([]);
  });

  it('a failing first read touches nothing', async () => {
    const { target } = fresh();
    target.failAt(1);
    expect((await convertBiller(target, b)).status).toBe('failed');
    expect(target.writes).toBe(0);
  });

  it('a change the CRM accepted but did not keep is caught by the read back', async () => {
    const { store } = fresh();
    const inner = new SqliteTarget(store);
    const original = inner.apply.bind(inner);
    inner.apply = async (c) => {
      if (c.key !== 12) await original(c);
    };
    const liar = new FaultyTarget(inner);
    const outcome = await convertBiller(liar, b);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'CRM.READBACK_MISMATCH' } });
    expect(outcome.error?.message).toContain('advanced_setting 12');
    expect(differences(mipsSnapshot(), store.snapshot(id)!, { maintenance: true })).toEqual([]);
    // The restore undoes only what the CRM kept (not setting 12), once, inside the window, then closes it.
    const inners = CALLS - 4;
    expect(liar.writes).toBe(1 + inners + (inners - 1) + 1);
    expect(liar.calls.at(-1)?.op).toBe('endMaintenance');
  });
});

describe('a fault during the restore', () => {
  it('is rollback-failed, listing what still differs', async () => {
    const { store, target } = fresh();
    // Fail the 6th call (a change), then every write after it: the restore can read but not write.
    target.failAt(6).failWritesFrom(7);
    const outcome = await convertBiller(target, b);
    expect(outcome.status).toBe('rollback-failed');
    const keyOf = (line: string) => line.slice(0, line.lastIndexOf(': '));
    const left = differences(mipsSnapshot(), store.snapshot(id)!, { maintenance: true }).map(keyOf);
    expect(left.length).toBeGreaterThan(0);
    const listed = outcome
      .remaining!.filter((r) => !r.startsWith('could not') && !r.startsWith('the biller is still in maintenance'))
      .map(keyOf);
    expect([...listed, 'maintenance active'].sort()).toEqual(left.sort());
    expect(outcome.remaining!.some((r) => r.startsWith('could not undo'))).toBe(true);
    expect(outcome.remaining!.some((r) => r.startsWith('the biller is still in maintenance'))).toBe(true);
  });

  it('a restore whose first read and writes fail is tried again: the biller ends exactly as before', async () => {
    const { store, target } = fresh();
    target.failAt(6, 7, 9); // a change fails, then the restore's first read, then its first undo write
    const outcome = await convertBiller(target, b);
    expect(outcome.status).toBe('failed');
    expect(differences(mipsSnapshot(), store.snapshot(id)!, { maintenance: true })).toEqual([]);
  });

  it('a window that cannot be closed is reported', async () => {
    const { target } = fresh();
    target.failFrom(CALLS); // the end of maintenance fails, and every retry of it
    const outcome = await convertBiller(target, b);
    expect(outcome.status).toBe('rollback-failed');
    expect(outcome.remaining?.join('\n')).toMatch(/still in maintenance/);
  });
});
