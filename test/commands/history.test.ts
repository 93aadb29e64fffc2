/** `spectrum-convert history`: recent runs, or one biller's story, from a journal written here run by run. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withContext } from '../../src/commands/context.js';
import { historyCommand } from '../../src/commands/history.js';
import { journalPath, loadConfig, type Config } from '../../src/config.js';
import type { BillerResult } from '../../src/core/summary.js';
import { Journal } from '../../src/journal/journal.js';
import { createSealer } from '../../src/journal/seal.js';
import { createMasker } from '../../src/mask.js';
import { tempDir } from '../support/intake.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function config(): Promise<Config> {
  const t = await tempDir('sc-history-');
  cleanup = t.cleanup;
  return loadConfig({ overrides: { output: t.dir, input: join(t.dir, 'in'), timeZone: 'America/Chicago' } });
}

const result = (status: BillerResult['status'], extra: Partial<BillerResult> = {}): BillerResult => ({
  billerId: 'B1',
  billerName: 'Town B1',
  status,
  file: '/in/w.xlsx',
  sheet: 'S',
  changes: [],
  followUps: [],
  ...extra,
});

/** Three runs: a night, its rollback, and one still running; biller B1 in the first two. */
function writeJournal(c: Config): void {
  const j = Journal.open(journalPath(c), createSealer(undefined, createMasker(Buffer.alloc(32))));
  const base = { host: 'h', user: 'u', pid: 1, options: '{"token":"never shown"}', toolVersion: '0' };
  j.startRun({ ...base, id: 'R1', kind: 'run', ofRun: null, startedAt: '2026-11-26T08:15:00.000Z' });
  j.billerEnd('R1', result('blocked', { error: { code: 'BLOCKED.FTP_USER_MISSING', message: 'm' } }), {
    sha256: 'ab'.repeat(32),
    undone: false,
    note: 'a note',
  });
  const r1 = { counts: { converted: 2, failed: 1, blocked: 0 }, exitCode: 1, state: 'done' as const, results: null };
  j.endRun('R1', { ...r1, endedAt: '2026-11-26T08:16:00.000Z' });
  j.startRun({ ...base, id: 'R2', kind: 'rollback', ofRun: 'R1', startedAt: '2026-11-27T15:00:00.000Z' });
  j.billerEnd('R2', result('rolled-back'), { sha256: null, undone: false });
  const r2 = { counts: { 'rolled-back': 1 }, exitCode: 0, state: 'done' as const, results: null };
  j.endRun('R2', { ...r2, endedAt: '2026-11-27T15:01:00.000Z' });
  j.startRun({ ...base, id: 'R3', kind: 'plan', ofRun: null, startedAt: '2026-11-28T01:00:00.000Z' });
  j.close();
}

async function history(c: Config, args: { limit?: number; biller?: string; json?: boolean }) {
  const out: string[] = [];
  const code = await withContext(c, { out: (l) => out.push(l), err: () => {}, env: {} }, (ctx) =>
    Promise.resolve(historyCommand({ limit: args.limit ?? 20, biller: args.biller, json: args.json ?? false }, ctx)),
  );
  return { code, out };
}

describe('history', () => {
  it('no journal yet: says so, naming where it looked, exit 0, and creates none', async () => {
    const c = await config();
    const r = await history(c, {});
    expect(r).toEqual({ code: 0, out: [`no runs yet (no journal at ${journalPath(c)})`] });
    expect(existsSync(journalPath(c))).toBe(false);
  });

  it('runs newest first, in the configured zone: kind, id, state, exit, counts, what a rollback undid', async () => {
    const c = await config();
    writeJournal(c);
    const r = await history(c, {});
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      '2026-11-27 19:00:00 -06:00  plan     R3  running     exit -  no billers',
      '2026-11-27 09:00:00 -06:00  rollback R2  done        exit 0  1 rolled-back  (rollback of R1)',
      '2026-11-26 02:15:00 -06:00  run      R1  done        exit 1  2 converted, 1 failed',
    ]);
  });

  it('--limit N: the N newest', async () => {
    const c = await config();
    writeJournal(c);
    expect((await history(c, { limit: 1 })).out).toHaveLength(1);
    expect((await history(c, { limit: 2 })).out[1]).toContain(' R2 ');
  });

  it('--json: the runs without their options (which may hold anything the config held)', async () => {
    const c = await config();
    writeJournal(c);
    const r = await history(c, { json: true, limit: 2 });
    expect(r.out).toHaveLength(1);
    const runs = JSON.parse(r.out[0]!) as Array<Record<string, unknown>>;
    expect(runs.map((x) => x.id)).toEqual(['R3', 'R2']);
    expect(runs[1]).toMatchObject({ kind: 'rollback', ofRun: 'R1', exitCode: 0, counts: { 'rolled-back': 1 } });
    expect(r.out[0]).not.toContain('never shown');
    for (const x of runs) expect(x).not.toHaveProperty('options');
  });

  it('--biller: its story across runs, oldest first, with file, fingerprint, error code and note', async () => {
    const c = await config();
    writeJournal(c);
    const r = await history(c, { biller: 'B1' });
    expect(r.out).toEqual([
      '2026-11-26 02:15:00 -06:00  run      R1  blocked             0 changes  /in/w.xlsx (sha256 abababababab)  ' +
        'BLOCKED.FTP_USER_MISSING  a note',
      '2026-11-27 09:00:00 -06:00  rollback R2  rolled-back         0 changes  /in/w.xlsx',
    ]);
    const json = JSON.parse((await history(c, { biller: 'B1', json: true })).out[0]!) as Array<{ runId: string }>;
    expect(json.map((s) => s.runId)).toEqual(['R1', 'R2']);
  });

  it('--biller of a biller in no run: says so (text), an empty list (json)', async () => {
    const c = await config();
    writeJournal(c);
    expect((await history(c, { biller: 'NOPE' })).out).toEqual(['biller NOPE is in no run of the journal']);
    expect((await history(c, { biller: 'NOPE', json: true })).out).toEqual(['[]']);
  });
});
