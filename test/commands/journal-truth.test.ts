// @module-tag slow: whole nights through the CLI, with restores and history
/**
 * The journal says only what happened (#13): every result keeps its own row, and a change is
 * marked undone only when a read back after the restore proves it. End to end, through the CLI.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { copyFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { differences } from '../../src/core/simulate.js';
import { Journal } from '../../src/journal/journal.js';
import { readJournalHistory } from '../../src/journal/journal-reader.js';
import { createSealer } from '../../src/journal/seal.js';
import { createMasker } from '../../src/mask.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import type { TargetPort } from '../../src/targets/target-port.js';
import { ScriptedTarget } from '../support/faulty-target.js';
import { makeNight, type Night } from '../support/night.js';
import { jsonSummary, runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { sampleBiller, tableWorkbook, type FieldValues } from '../support/workbooks.js';

const NOW = '2026-11-26';
const KEY_ENV = { SPECTRUM_CONVERT_JOURNAL_KEY: 'cd'.repeat(32) };
let night: Night | undefined;
afterEach(async () => {
  await night?.cleanup();
  night = undefined;
});
const id = (b: FieldValues): string => {
  if (typeof b.billerId !== 'string') throw new Error('a biller id');
  return b.billerId;
};

async function setup(billers: FieldValues[]): Promise<Night> {
  night = await makeNight(billers.map(mipsSnapshotFor));
  return night;
}

type Story = Array<{ runKind: string; status: string; changes: number; file: string | null }>;
async function history(n: Night, billerId: string): Promise<Story> {
  return JSON.parse((await runMain(['history', '--biller', billerId, '--json', '--output', n.output])).out) as Story;
}

/** The biller's n-th apply fails; every write of it after that is acknowledged and not applied. */
function ignoringAfter(billerId: string, at: number): (t: TargetPort) => TargetPort {
  return (t) => {
    const s = new ScriptedTarget(t);
    s.faults.set(billerId, { at, ignore: true });
    return s;
  };
}

describe('every result its own journal row', () => {
  it('the two copies of a duplicate and two billers without an id each keep their row', async () => {
    const dup = sampleBiller(401);
    const n = await setup([dup]);
    const noId = (k: number) => ({ ...sampleBiller(k), billerId: undefined });
    await n.drop('one.xlsx', await tableWorkbook('Billers', [dup, noId(402), noId(403)]));
    await n.drop('two.xlsx', await tableWorkbook('Billers', [dup]));
    const r = await runMain(['run', ...n.args('--now', NOW, '--json')]);
    expect((JSON.parse(r.out) as { counts: unknown }).counts).toMatchObject({ blocked: 2, invalid: 2 });
    const story = await history(n, id(dup));
    expect(story.map((s) => [s.status, s.file?.split('/').pop()])).toEqual([
      ['blocked', 'one.xlsx'],
      ['blocked', 'two.xlsx'],
    ]);
    const rows = readJournalHistory(join(n.output, 'journal.db')).billers;
    expect(rows.filter((b) => b.billerId === '').map((b) => b.status)).toEqual(['invalid', 'invalid']);
    expect(rows).toHaveLength(4);
  });
});

describe('changes marked undone only when a read back proves it', () => {
  it('a failed conversion whose restore writes are acknowledged, not applied: changes stay in history', async () => {
    const b = sampleBiller(411);
    const n = await setup([b]);
    await n.drop('t.xlsx', await tableWorkbook('Billers', [b]));
    const r = await runMain(['run', ...n.args('--now', NOW, '--json')], KEY_ENV, {
      wrapTarget: ignoringAfter(id(b), 4),
    });
    expect(r.code).toBe(3);
    expect((JSON.parse(r.out) as { counts: unknown }).counts).toMatchObject({ 'rollback-failed': 1 });
    const store = n.crm();
    expect(differences(mipsSnapshotFor(b), store.snapshot(id(b))!).length).toBeGreaterThan(0);
    store.close();
    // The three changes that reached the CRM are still there: the journal must say so.
    expect(await history(n, id(b))).toMatchObject([{ runKind: 'run', status: 'rollback-failed', changes: 3 }]);
  });

  it('a rollback whose undo is acknowledged, not applied: rollback-failed, its applied changes shown', async () => {
    const b = sampleBiller(421);
    const n = await setup([b]);
    await n.drop('t.xlsx', await tableWorkbook('Billers', [b]));
    const run = await runMain(['run', ...n.args('--now', NOW, '--json')], KEY_ENV);
    expect(run.code).toBe(0);
    const runId = String((JSON.parse(run.out) as { counts: unknown; runId: string }).runId);
    const rb = await runMain(['rollback', '--run', runId, ...n.args('--json', '--yes')], KEY_ENV, {
      wrapTarget: ignoringAfter(id(b), 3),
    });
    expect(rb.code).toBe(3);
    expect((JSON.parse(rb.out) as { counts: unknown; runId: string }).counts).toMatchObject({ 'rollback-failed': 1 });
    const story = await history(n, id(b));
    expect(story).toMatchObject([
      { runKind: 'run', status: 'converted' },
      { runKind: 'rollback', status: 'rollback-failed', changes: 2 },
    ]);
  });
});

/** Held children still alive: killed after each test, so a failing assertion never leaves one running. */
const held = new Set<() => Promise<void>>();
afterEach(async () => {
  for (const kill of held) await kill();
  held.clear();
});

/** A run in a child process held for good after its `writes`-th CRM write (support/hold-child.ts). */
async function heldChild(writes: number, argv: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('../support/hold-child.ts', import.meta.url).pathname,
      String(writes),
      JSON.stringify(argv),
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const kill = async () => {
    held.delete(kill);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  held.add(kill);
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the child never held; stderr:\n${err}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('HELD')) {
        clearTimeout(t);
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`the child exited before holding; stderr:\n${err}`)));
  });
  return { pid: child.pid!, kill };
}

describe('a journal shared by runs on two CRMs (#13)', { tags: ['slow'] }, () => {
  it('a live run is never marked crashed by another; once its process is gone, the next run recovers it', async () => {
    const b = sampleBiller(451);
    const n = await setup([b]);
    await n.drop('t.xlsx', await tableWorkbook('Billers', [b]));
    // A second CRM holding the same biller (staging beside prod), converted from its own input and output.
    const staging = join(n.dir, 'staging.db');
    const st = CrmStore.open(staging);
    st.putSnapshots([mipsSnapshotFor(b)]);
    st.close();
    mkdirSync(join(n.dir, 'input2'));
    await copyFile(join(n.input, 't.xlsx'), join(n.dir, 'input2', 't.xlsx'));
    const t = new Date(Date.now() - 3600_000);
    await utimes(join(n.dir, 'input2', 't.xlsx'), t, t);
    const shared = join(n.dir, 'shared-journal.db');
    const config = join(n.dir, 'config.json');
    writeFileSync(config, JSON.stringify({ journal: shared }));
    const openShared = () =>
      Journal.open(
        shared,
        createSealer(Buffer.from(KEY_ENV.SPECTRUM_CONVERT_JOURNAL_KEY, 'hex'), createMasker(Buffer.alloc(32))),
      );

    const live = await heldChild(
      2,
      ['run', '--config', config, ...n.args('--now', NOW, '--concurrency', '1')],
      KEY_ENV,
    );
    let j = openShared();
    const liveRun = j.runs(5).find((r) => r.pid === live.pid)!;
    j.close();
    expect(liveRun.state).toBe('running');

    // The other CRM's run, on the same journal, while the first is alive mid-biller.
    const second = await runMain(
      ['run', '--config', config, '--input', join(n.dir, 'input2'), '--output', join(n.dir, 'out2')].concat([
        '--crm-db',
        staging,
        '--now',
        NOW,
        '--json',
      ]),
      KEY_ENV,
    );
    expect(second.err).not.toMatch(/did not finish|stopped while converting/);
    expect(second.code, second.err).toBe(0);
    expect(jsonSummary(second.out).counts).toMatchObject({ converted: 1, failed: 0 });
    j = openShared();
    expect(j.run(liveRun.id)?.state).toBe('running');
    // In flight, with the change it journaled (the write it hangs in is not journaled as applied yet).
    expect(j.billerHistory(id(b)).filter((r) => r.runId === liveRun.id)).toMatchObject([
      { inFlight: true, changes: 1 },
    ]);
    j.close();
    const prod = n.crm();
    expect(prod.snapshot(id(b))?.maintenance).toBe(true); // the live run's window, untouched
    prod.close();

    // Its process gone (SIGKILL), the next run on its CRM takes over its lock and recovers its biller.
    await live.kill();
    const next = await runMain(['run', '--config', config, ...n.args('--now', NOW, '--json')], KEY_ENV);
    expect(next.code, next.err).toBe(0);
    expect(next.err).toContain(`took over a stale lock`);
    expect(next.err).toContain(`run ${liveRun.id} did not finish (killed or crashed)`);
    expect(next.err).toMatch(new RegExp(`Run ${liveRun.id} stopped while converting this biller .*restored`));
    j = openShared();
    expect(j.run(liveRun.id)?.state).toBe('crashed');
    expect(j.inFlight()).toEqual([]);
    j.close();
    const after = n.crm();
    expect(after.snapshot(id(b))).toMatchObject({
      maintenance: false,
      profile: { integrationPartner: 'IMT Spectrum' },
    });
    after.close();
  }, 90_000);
});
