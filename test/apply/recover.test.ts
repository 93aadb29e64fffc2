import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
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
import { sleepingChild } from '../support/pids.js';
import { biller, mipsSnapshot } from '../support/snapshots.js';

/** The CRM the dead runs converted, and the one the next run converts too. */
const CRM = { key: 'sqlite:1-2', label: 'the embedded CRM /t/crm.db' };
const mask = createMasker(Buffer.alloc(32, 7));
const log = createLogger({ scrubber: new SecretScrubber(), consoleLevel: 'silent' });
const before = mipsSnapshot();
const id = before.billerId;
const changes = plan(biller(), before).changes;
const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);

/** A run that died after applying the first `applied` changes of its plan (the CRM holds them). */
function deadRun(applied: number, key: Buffer | null = Buffer.alloc(32, 9), pid = deadPid) {
  const store = CrmStore.open(':memory:');
  store.putSnapshots([before]);
  const journal = Journal.open(':memory:', createSealer(key ?? undefined, mask));
  journal.startRun({
    id: 'DEAD',
    kind: 'run',
    startedAt: '2026-11-26T01:00:00Z',
    host: hostname(),
    user: 'u',
    pid,
    options: '{}',
    toolVersion: 't',
    ofRun: null,
    crm: CRM,
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

/** As deadRun, then marked crashed by the next run's crash check (recovery restores only crashed runs). */
function crashedRun(applied: number, key: Buffer | null = Buffer.alloc(32, 9)) {
  const dead = deadRun(applied, key);
  expect(dead.journal.markCrashed(hostname(), process.pid)).toEqual(['DEAD']);
  return dead;
}
describe('crash recovery marks undone only what a read back proves', () => {
  it('a restore that works: recovered, every change undone, the biller as before', async () => {
    const { store, journal, target } = crashedRun(5);
    const [r] = await recoverInFlight(journal, target, log, CRM);
    expect(r).toMatchObject({ ok: true, followUp: { code: 'RECOVERED' } });
    expect(journal.inFlight()).toEqual([]);
    expect(left(journal)).toBe(0);
    expect(differences(before, store.snapshot(id)!, { maintenance: true })).toEqual([]);
  });

  it('only the window was open, and the CRM acknowledges its end but keeps it: still in flight', async () => {
    const { store, journal, target } = crashedRun(1);
    target.ignoreWritesFrom(1);
    const [r] = await recoverInFlight(journal, target, log, CRM);
    expect(r).toMatchObject({ ok: false, followUp: { code: 'RECOVERY_FAILED' } });
    expect(r?.remaining).toEqual(['the biller is still in maintenance (read back)']);
    expect(store.snapshot(id)?.maintenance).toBe(true);
    expect(journal.inFlight()).toMatchObject([{ runId: 'DEAD', billerId: id, applied: 1 }]);
  });

  it('every restore write acknowledged, none applied: still in flight, its changes still applied', async () => {
    const { journal, target } = crashedRun(5);
    target.ignoreWritesFrom(1);
    const [r] = await recoverInFlight(journal, target, log, CRM);
    expect(r?.ok).toBe(false);
    expect(journal.inFlight()).toHaveLength(1);
    expect(left(journal)).toBe(4);
  });

  it('no journal key, a secret setting cannot be restored: recovered, that change stays applied', async () => {
    const upTo = changes.findIndex((c) => c.entity === 'advanced_setting' && SECRET_SETTINGS.has(Number(c.key)));
    const secrets = changes
      .slice(0, upTo + 1)
      .filter((c) => c.entity === 'advanced_setting' && SECRET_SETTINGS.has(Number(c.key)));
    const { store, journal, target } = crashedRun(upTo + 1, null);
    const [r] = await recoverInFlight(journal, target, log, CRM);
    expect(r?.ok).toBe(true);
    expect(r?.followUp.reason).toMatch(/except secret settings .*check them/);
    expect(journal.inFlight()).toEqual([]);
    expect(left(journal)).toBe(secrets.length);
    expect(differences(before, store.snapshot(id)!).map((d) => d.split(':')[0])).toEqual(
      secrets.map((c) => `advanced_setting ${String(c.key)}`),
    );
  });
});

describe('a shared journal: recovery takes over only runs whose process is gone (#13)', () => {
  const live = sleepingChild();
  afterAll(() => live.stop());
  /** What a second run does first (commands/run.ts): mark the dead runs crashed, then recover. */
  async function secondRunRecovers(journal: Journal, target: FaultyTarget) {
    const warnings: string[] = [];
    const warnLog = createLogger({
      scrubber: new SecretScrubber(),
      consoleLevel: 'warn',
      write: (l) => warnings.push(l),
    });
    const crashed = journal.markCrashed(hostname(), process.pid);
    const recovered = await recoverInFlight(journal, target, warnLog, CRM);
    return { crashed, recovered, warnings };
  }

  it.each([
    { name: 'another live process on this host', pid: () => live.pid },
    { name: 'this very process (a run in the same process)', pid: () => process.pid },
  ])('the holder is $name: not marked crashed, its biller not restored', async ({ pid }) => {
    const { store, journal, target } = deadRun(5, Buffer.alloc(32, 9), pid());
    const held = store.snapshot(id)!;
    const { crashed, recovered, warnings } = await secondRunRecovers(journal, target);
    expect(crashed).toEqual([]);
    expect(recovered).toEqual([]);
    expect(warnings).toEqual([]);
    expect(target.writes).toBe(0);
    expect(differences(held, store.snapshot(id)!)).toEqual([]);
    expect(store.snapshot(id)?.maintenance).toBe(true); // the live run's window stays open
    expect(journal.run('DEAD')?.state).toBe('running');
    expect(journal.billerHistory(id)[0]).toMatchObject({ inFlight: true, changes: left(journal) });
    expect(left(journal)).toBe(changes.slice(0, 5).filter((c) => c.entity !== 'maintenance').length);
  });

  it('the holder has exited: marked crashed, its biller restored, with a warning', async () => {
    const { store, journal, target } = deadRun(5);
    const { crashed, recovered, warnings } = await secondRunRecovers(journal, target);
    expect(crashed).toEqual(['DEAD']);
    expect(journal.run('DEAD')?.state).toBe('crashed');
    expect(recovered).toMatchObject([{ billerId: id, fromRun: 'DEAD', ok: true }]);
    expect(warnings.join('\n')).toMatch(/Run DEAD stopped while converting this biller .*restored to its state before/);
    expect(differences(before, store.snapshot(id)!, { maintenance: true })).toEqual([]);
    expect(store.snapshot(id)?.maintenance).toBe(false);
    expect(journal.inFlight()).toEqual([]);
  });
});
