/** The end of a rollback: its exit code and run info, the results written and the run ended, what it prints. */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { reportRollback, rollbackInfo, rollbackOutput, type RollbackEnd } from '../../src/commands/rollback-report.js';
import type { BillerResult } from '../../src/core/summary.js';
import { Journal } from '../../src/journal/journal.js';
import { RunLedger } from '../../src/journal/run-ledger.js';
import { createSealer } from '../../src/journal/seal.js';
import { createMasker } from '../../src/mask.js';
import { tempDir } from '../support/intake.js';

const result = (billerId: string, status: BillerResult['status'], error?: BillerResult['error']): BillerResult => ({
  billerId,
  billerName: `Town ${billerId}`,
  status,
  file: 'w.xlsx',
  sheet: 'S',
  changes: [],
  followUps: [],
  ...(error ? { error } : {}),
});
const end = (results: BillerResult[], unmatched: string[] = [], json = false): RollbackEnd => ({
  ofRun: 'R1',
  results,
  unmatched,
  target: 'sqlite:crm.db',
  json,
});
const WRITTEN = { xlsx: '/o/results.xlsx', json: '/o/results.json', html: '/o/results.html' };

describe('rollbackInfo: the exit code and how the rollback run is reported', () => {
  it.each<[string, BillerResult['status'][], number, number]>([
    ['every biller rolled back', ['rolled-back', 'rolled-back'], 0, 0],
    ['nothing to do', [], 0, 0],
    ['a --biller id that matched nothing', ['rolled-back'], 1, 1],
    ['a biller refused', ['rolled-back', 'blocked'], 0, 1],
    ['a biller failed (restored)', ['failed'], 0, 1],
    ['a rollback that failed: act now', ['blocked', 'rollback-failed'], 1, 3],
  ])('%s', (_name, statuses, unmatched, code) => {
    const results = statuses.map((s, i) => result(`B${i}`, s));
    const at = new Date('2026-11-27T23:30:00Z');
    const info = rollbackInfo(
      end(
        results,
        Array.from({ length: unmatched }, (_, i) => `X${i}`),
      ),
      'RB',
      at,
      'UTC',
    );
    expect(info).toMatchObject({
      runId: 'RB',
      mode: 'rollback',
      startedAt: at,
      target: 'sqlite:crm.db',
      concurrency: 1,
      now: '2026-11-27',
      commandLine: 'spectrum-convert rollback --run R1',
      exitCode: code,
      interrupted: false,
      timeZone: 'UTC',
    });
    expect(info.endedAt.getTime()).toBeGreaterThanOrEqual(at.getTime());
  });
});

describe('rollbackOutput', () => {
  const results = [
    result('A', 'rolled-back'),
    result('B', 'blocked', { code: 'ROLLBACK.CHANGED_SINCE', message: 'changed since run R1' }),
    { ...result('C', 'failed'), billerName: null },
  ];

  it('one line per biller (status in 16 columns, the error when there is one), the counts, the results, the id', () => {
    expect(rollbackOutput(end(results), 'RB', 1, WRITTEN)).toEqual([
      'rolled-back      Town A (A)',
      'blocked          Town B (B): ROLLBACK.CHANGED_SINCE changed since run R1',
      'failed            (C)',
      '3 billers: 1 failed, 1 blocked, 1 rolled-back\nResults: /o/results.xlsx\nRollback run id: RB',
    ]);
  });

  it('--json: one document, in this key order, with the unmatched ids', () => {
    const lines = rollbackOutput(end(results, ['X'], true), 'RB', 1, WRITTEN);
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['runId', 'rollbackOf', 'exitCode', 'counts', 'results', 'unmatched']);
    expect(j).toMatchObject({ runId: 'RB', rollbackOf: 'R1', exitCode: 1, results: WRITTEN, unmatched: ['X'] });
    expect(j.counts).toMatchObject({ 'rolled-back': 1, blocked: 1, failed: 1, converted: 0 });
    expect(lines[0]).toBe(JSON.stringify(j, null, 2));
  });
});

describe('reportRollback', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('writes the results, ends the rollback run in the journal with them, prints, returns the exit code', async () => {
    const t = await tempDir('sc-rollback-report-');
    const mask = createMasker(Buffer.alloc(32, 1));
    const journal = Journal.open(':memory:', createSealer(undefined, mask));
    cleanup = async () => {
      journal.close();
      await t.cleanup();
    };
    const start = { id: 'RB', kind: 'rollback' as const, ofRun: 'R1', host: 'h', user: 'u', options: '{}' };
    const ledger = RunLedger.start(journal, { ...start, toolVersion: '0' });
    const out: string[] = [];
    const results = [result('A', 'rolled-back'), result('B', 'blocked', { code: 'ROLLBACK.NEEDS_KEY', message: 'm' })];
    const code = await reportRollback(
      end(results),
      ledger,
      { output: t.dir, timeZone: 'UTC' },
      {
        out: (l) => out.push(l),
        mask,
      },
    );
    expect(code).toBe(1);
    const run = journal.run('RB');
    expect(run).toMatchObject({ state: 'done', exitCode: 1, ofRun: 'R1', counts: { 'rolled-back': 1, blocked: 1 } });
    expect(existsSync(run!.results!)).toBe(true);
    const json = run!.results!.replace(/\.xlsx$/, '.json');
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ runId: 'RB', mode: 'rollback', exitCode: 1 });
    expect(out.at(-1)).toBe(`2 billers: 1 blocked, 1 rolled-back\nResults: ${run!.results}\nRollback run id: RB`);
  });
});
