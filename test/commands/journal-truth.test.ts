// @module-tag slow: whole nights through the CLI, with restores and history
/**
 * The journal says only what happened (#13): every result keeps its own row, and a change is
 * marked undone only when a read back after the restore proves it. End to end, through the CLI.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { differences } from '../../src/core/simulate.js';
import { readJournalHistory } from '../../src/journal/journal-reader.js';
import type { TargetPort } from '../../src/targets/target-port.js';
import { ScriptedTarget } from '../support/faulty-target.js';
import { makeNight, type Night } from '../support/night.js';
import { runMain } from '../support/run-cli.js';
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
