import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { recoverInFlight } from '../../src/apply/recover.js';
import { SECRET_SETTINGS } from '../../src/core/checklist.js';
import { plan } from '../../src/core/plan.js';
import { SecretScrubber } from '../../src/core/scrub.js';
import { differences } from '../../src/core/simulate.js';
import { Journal } from '../../src/journal/journal.js';
import { createSealer } from '../../src/journal/seal.js';
import { createLogger } from '../../src/log.js';
import { createMasker } from '../../src/mask.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { SqliteTarget } from '../../src/targets/sqlite/sqlite-target.js';
import { FaultyTarget } from '../support/faulty-target.js';
import { biller, mipsSnapshot } from '../support/snapshots.js';

const mask = createMasker(Buffer.alloc(32, 7));
const log = createLogger({ scrubber: new SecretScrubber(), consoleLevel: 'silent' });
const before = mipsSnapshot();
const id = before.billerId;
const changes = plan(biller(), before).changes;
const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);

/** A run that died after applying the first `applied` changes of its plan (the CRM holds them). */
function deadRun(applied: number, key: Buffer | null = Buffer.alloc(32, 9)) {
  const store = CrmStore.open(':memory:');
  store.putSnapshots([before]);
  const journal = Journal.open(':memory:', createSealer(key ?? undefined, mask));
  journal.startRun({
    id: 'DEAD',
    kind: 'run',
    startedAt: '2026-11-26T01:00:00Z',
    host: hostname(),
    user: 'u',
    pid: deadPid,
    options: '{}',
    toolVersion: 't',
    ofRun: null,
  });
  const meta = { billerId: id, billerName: 'T', file: 'a.xlsx', sha256: null, sheet: 'S', row: 2 };
  journal.billerBegin('DEAD', meta, before, changes);
  changes.slice(0, applied).forEach((c, seq) => {
    if (c.kind === 'maintenance.begin') store.setMaintenance(id, true, 'DEAD');
    else store.write(c);
    journal.changeApplied('DEAD', id, seq);
  });
  return { store, journal, target: new FaultyTarget(new SqliteTarget(store)) };
}
const left = (j: Journal) => j.billerHistory(id)[0]?.changes;

describe('crash recovery marks undone only what a read back proves', () => {
  it('a restore that works: recovered, every change undone, the biller as before', async () => {
    const { store, journal, target } = deadRun(5);
    const [r] = await recoverInFlight(journal, target, log);
    expect(r).toMatchObject({ ok: true, followUp: { code: 'RECOVERED' } });
    expect(journal.inFlight()).toEqual([]);
    expect(left(journal)).toBe(0);
    expect(differences(before, store.snapshot(id)!, { maintenance: true })).toEqual([]);
  });

  it('only the window was open, and the CRM acknowledges its end but keeps it: still in flight', async () => {
    const { store, journal, target } = deadRun(1);
    target.ignoreWritesFrom(1);
    const [r] = await recoverInFlight(journal, target, log);
    expect(r).toMatchObject({ ok: false, followUp: { code: 'RECOVERY_FAILED' } });
    expect(r?.remaining).toEqual(['the biller is still in maintenance (read back)']);
    expect(store.snapshot(id)?.maintenance).toBe(true);
    expect(journal.inFlight()).toMatchObject([{ runId: 'DEAD', billerId: id, applied: 1 }]);
  });

  it('the CRM acknowledges every restore write and applies none: still in flight, its changes still applied', async () => {
    const { journal, target } = deadRun(5);
    target.ignoreWritesFrom(1);
    const [r] = await recoverInFlight(journal, target, log);
    expect(r?.ok).toBe(false);
    expect(journal.inFlight()).toHaveLength(1);
    expect(left(journal)).toBe(4);
  });

  it('without a journal key a secret setting cannot be restored: recovered, but that change stays applied', async () => {
    const upTo = changes.findIndex((c) => c.entity === 'advanced_setting' && SECRET_SETTINGS.has(Number(c.key)));
    const secrets = changes
      .slice(0, upTo + 1)
      .filter((c) => c.entity === 'advanced_setting' && SECRET_SETTINGS.has(Number(c.key)));
    const { store, journal, target } = deadRun(upTo + 1, null);
    const [r] = await recoverInFlight(journal, target, log);
    expect(r?.ok).toBe(true);
    expect(r?.followUp.reason).toMatch(/except secret settings .*check them/);
    expect(journal.inFlight()).toEqual([]);
    expect(left(journal)).toBe(secrets.length);
    expect(differences(before, store.snapshot(id)!).map((d) => d.split(':')[0])).toEqual(
      secrets.map((c) => `advanced_setting ${String(c.key)}`),
    );
  });
});
