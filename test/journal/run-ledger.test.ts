import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { reportRows, type RunInfo } from '../../src/core/report-rows.js';
import type { BillerResult } from '../../src/core/summary.js';
import { Journal } from '../../src/journal/journal.js';
import { RunLedger, type RunStart } from '../../src/journal/run-ledger.js';
import { createSealer } from '../../src/journal/seal.js';
import { createMasker } from '../../src/mask.js';
import { tempDir } from '../support/intake.js';
import { mipsSnapshot } from '../support/snapshots.js';

const mask = createMasker(Buffer.alloc(32, 7));
const start = (id: string, kind: RunStart['kind'] = 'run', ofRun: string | null = null): RunStart => ({
  id,
  kind,
  ofRun,
  host: 'host-1',
  user: 'ops',
  options: '{"x":1}',
  toolVersion: '9.9.9',
});
const result = (billerId: string, status: BillerResult['status']): BillerResult => ({
  billerId,
  billerName: `Biller ${billerId}`,
  status,
  file: 'w.xlsx',
  sheet: 'S',
  changes: [],
  followUps: [],
});
const info = (runId: string, startedAt: Date, interrupted = false): RunInfo => ({
  runId,
  mode: 'run',
  startedAt,
  endedAt: new Date(startedAt.getTime() + 1000),
  target: 'sqlite:test',
  concurrency: 1,
  now: '2026-11-26',
  commandLine: 'spectrum-convert run',
  exitCode: interrupted ? 130 : 1,
  interrupted,
});

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});
async function setup() {
  const t = await tempDir('sc-ledger-');
  const journal = Journal.open(':memory:', createSealer(Buffer.alloc(32, 9), mask));
  cleanup = async () => {
    journal.close();
    await t.cleanup();
  };
  return { dir: t.dir, journal };
}

describe('the run ledger', () => {
  it('start → biller ends → results → end: the journal holds the run, its billers and its workbook', async () => {
    const { dir, journal } = await setup();
    const ledger = RunLedger.start(journal, start('R1'));
    expect(journal.run('R1')).toMatchObject({ kind: 'run', state: 'running', host: 'host-1', pid: process.pid });
    expect(journal.run('R1')?.startedAt).toBe(ledger.startedAt.toISOString());
    const meta = { billerId: 'B1', billerName: 'Biller B1', file: 'w.xlsx', sha256: null, sheet: 'S', row: null };
    const hooks = ledger.hooks(meta);
    hooks.began?.(mipsSnapshot({ billerId: 'B1' }), { billerId: 'B1', changes: [], followUps: [] });
    const billers = [result('B1', 'converted'), result('B2', 'failed')];
    ledger.billerEnd(billers[0]!, { sha256: 'a'.repeat(64), undone: false, after: mipsSnapshot({ billerId: 'B1' }) });
    ledger.billerEnd(billers[1]!, { sha256: null, undone: [] });
    expect(ledger.lastConversion('B1')).toMatchObject({ runId: 'R1' });
    const i = info('R1', ledger.startedAt);
    const written = await ledger.finish(dir, i, reportRows(i, [], billers, mask), billers);
    expect(existsSync(written.xlsx) && existsSync(written.html)).toBe(true);
    expect(JSON.parse(readFileSync(written.json, 'utf8'))).toMatchObject({ runId: 'R1', counts: { converted: 1 } });
    expect(journal.run('R1')).toMatchObject({
      state: 'done',
      exitCode: 1,
      results: written.xlsx,
      counts: { converted: 1, failed: 1 },
      endedAt: i.endedAt.toISOString(),
    });
    expect(journal.billerHistory('B1').map((b) => [b.status, b.touched])).toEqual([['converted', true]]);
  });

  it('an interrupted night ends interrupted; a rollback names the run it undoes', async () => {
    const { dir, journal } = await setup();
    const night = RunLedger.start(journal, start('R1'));
    const i = info('R1', night.startedAt, true);
    await night.finish(dir, i, reportRows(i, [], [], mask), []);
    expect(journal.run('R1')?.state).toBe('interrupted');
    RunLedger.start(journal, start('R2', 'rollback', 'R1'));
    expect(journal.run('R2')).toMatchObject({ kind: 'rollback', ofRun: 'R1', state: 'running' });
  });

  it('what follows the written results (the spill removed) runs before the journal ends the run', async () => {
    const { dir, journal } = await setup();
    const night = RunLedger.start(journal, start('R1'));
    const i = info('R1', night.startedAt);
    const seen: Array<string | undefined> = [];
    await night.finish(dir, i, reportRows(i, [], [], mask), [], () => seen.push(journal.run('R1')?.state));
    expect(seen).toEqual(['running']);
    expect(journal.run('R1')?.state).toBe('done');
  });

  it('a superseded biller of a dead run is no longer in flight', async () => {
    const { journal } = await setup();
    const dead = RunLedger.start(journal, start('R0'));
    const meta = { billerId: 'B1', billerName: null, file: 'w.xlsx', sha256: null, sheet: 'S', row: null };
    dead.hooks(meta).began?.(mipsSnapshot({ billerId: 'B1' }), { billerId: 'B1', changes: [], followUps: [] });
    expect(journal.billerHistory('B1')[0]?.inFlight).toBe(true);
    RunLedger.start(journal, start('R1')).superseded('R0', 'B1');
    expect(journal.billerHistory('B1')[0]).toMatchObject({ inFlight: false, note: 'superseded: converted by run R1' });
  });

  it('without a journal it records nothing, and still writes the results', async () => {
    const { dir } = await setup();
    const ledger = RunLedger.start(undefined, start('R1'));
    expect(ledger.hooks({ billerId: 'B1', billerName: null, file: '', sha256: null, sheet: '', row: null })).toEqual(
      {},
    );
    expect(ledger.lastConversion('B1')).toBeUndefined();
    const i = info('R1', ledger.startedAt);
    expect(existsSync((await ledger.finish(dir, i, reportRows(i, [], [], mask), [])).xlsx)).toBe(true);
  });
});
