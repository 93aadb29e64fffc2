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
const changes = plan(b, mipsSnapshot()).changes;
// Call 6 is the fifth change of the plan (index 4): read, begin (0), changes 1-3 applied, then it fails.
const FAILING = 6;

describe('after a restore, only what the read back shows undone is undone', () => {
  it('a restore that works: every change touched is proven undone, the biller is failed (restored)', async () => {
    const { store, target } = fresh();
    target.failAt(FAILING);
    const outcome = await convertBiller(target, b);
    expect(outcome.status).toBe('failed');
    expect(outcome.undone).toEqual([0, 1, 2, 3, 4]);
    expect(differences(mipsSnapshot(), store.snapshot(b.billerId)!, { maintenance: true })).toEqual([]);
  });

  it('a CRM that acknowledges the undo writes but keeps the converted values: rollback-failed, nothing applied is undone', async () => {
    const { store, target } = fresh();
    target.failAt(FAILING).ignoreWritesFrom(FAILING + 1);
    const outcome = await convertBiller(target, b);
    expect(outcome.status).toBe('rollback-failed');
    // Only the change that failed before reaching the CRM holds its old value.
    expect(outcome.undone).toEqual([4]);
    const left = differences(mipsSnapshot(), store.snapshot(b.billerId)!, { maintenance: true });
    expect(left).toHaveLength(4);
    expect(outcome.remaining).toContain('the biller is still in maintenance (read back after the restore)');
    for (const c of changes.slice(1, 4))
      expect(outcome.remaining).toContain(`${c.entity} ${String(c.key)}: still holds the converted value`);
  });

  it('a CRM that acknowledges the end of the window but keeps it open: rollback-failed, the window not undone', async () => {
    const { store, target } = fresh();
    target.failAt(FAILING);
    target.endMaintenance = async () => {};
    const outcome = await convertBiller(target, b);
    expect(outcome.status).toBe('rollback-failed');
    expect(outcome.undone).toEqual([1, 2, 3, 4]);
    expect(outcome.remaining).toEqual(['the biller is still in maintenance (read back after the restore)']);
    expect(store.snapshot(b.billerId)?.maintenance).toBe(true);
  });

  it('the last read failing proves nothing: rollback-failed, saying so', async () => {
    const { target } = fresh();
    const calls = 1 + 1 + 3 + 1; // read, begin, 3 changes, the failing one
    // The restore's reads (one per pass, then the last) all fail from the call after its writes.
    target.failAt(FAILING).failFrom(calls + 1);
    const outcome = await convertBiller(target, b);
    expect(outcome.status).toBe('rollback-failed');
    expect(outcome.undone).toEqual([]);
    expect(outcome.remaining?.join('\n')).toMatch(/could not read the biller back after restoring it/);
  });
});
