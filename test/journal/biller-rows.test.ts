import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { plan } from '../../src/core/plan.js';
import type { Secret } from '../../src/core/secret.js';
import type { BillerResult } from '../../src/core/summary.js';
import { openDatabase, type SqliteFile } from '../../src/db/open-database.js';
import { billerBegin, billerEnd, changeApplied, recovered, type BillerMeta } from '../../src/journal/biller-rows.js';
import { JOURNAL_MIGRATIONS } from '../../src/journal/schema.js';
import { createSealer } from '../../src/journal/seal.js';
import { decodeSnapshot } from '../../src/journal/snapshot-codec.js';
import { createMasker } from '../../src/mask.js';
import { biller, mipsSnapshot } from '../support/snapshots.js';

type Row = Record<string, string | number | null>;

const sealer = createSealer(Buffer.alloc(32, 9), createMasker(Buffer.alloc(32, 7)));
const before = mipsSnapshot();
const id = before.billerId;
const changes: Change[] = plan(biller(), before).changes;
const meta: BillerMeta = { billerId: id, billerName: 'Town', file: 'a.xlsx', sha256: 'abc', sheet: 'S', row: 2 };
const result = (over: Partial<BillerResult> = {}): BillerResult => ({
  billerId: id,
  billerName: 'Town',
  status: 'converted',
  file: 'a.xlsx',
  sheet: 'S',
  row: 2,
  changes: [],
  followUps: [],
  ...over,
});

let file: SqliteFile;
beforeEach(() => {
  file = openDatabase(':memory:', { what: 'run journal', migrations: JOURNAL_MIGRATIONS });
  const startRun = file.sql(
    `INSERT INTO runs (id, kind, started_at, host, user, pid, options, tool_version)
    VALUES (?, 'run', '2026-11-26T01:00:00Z', 'h', 'u', 1, '{}', 't')`,
  );
  for (const run of ['R1', 'R2']) startRun.run(run);
});
afterEach(() => file.close());

const billers = () => file.sql('SELECT * FROM billers ORDER BY entry').all() as Row[];
const states = (entry: number) =>
  (file.sql('SELECT state FROM changes WHERE entry = ? ORDER BY seq').all(entry) as Row[]).map((r) => r.state);

describe('billerBegin', () => {
  it('writes the biller in flight, applying, with its sealed before-state and every change planned', () => {
    const entry = billerBegin(file, sealer, 'R1', meta, before, changes);
    expect(billers()).toMatchObject([
      {
        entry,
        run_id: 'R1',
        biller_id: id,
        biller_name: 'Town',
        file: 'a.xlsx',
        file_sha256: 'abc',
        sheet: 'S',
        row: 2,
        status: 'applying',
        in_flight: 1,
        ended_at: null,
      },
    ]);
    const row = billers()[0] as Row;
    expect(String(row.before_snapshot)).not.toContain('oldK|oldP');
    const back = decodeSnapshot(String(row.before_snapshot), sealer).snapshot;
    expect((back.advancedSettings[10] as Secret).reveal()).toBe('oldK|oldP');
    const rows = file.sql('SELECT * FROM changes WHERE entry = ? ORDER BY seq').all(entry) as Row[];
    expect(rows.map((r) => [r.seq, r.kind, r.entity, r.key, r.state])).toEqual(
      changes.map((c, seq) => [seq, c.kind, c.entity, String(c.key), 'planned']),
    );
    const advanced = rows.find((r) => r.entity === 'advanced_setting');
    expect(advanced?.name).toEqual(expect.any(String));
    expect(rows.find((r) => r.entity === 'profile')?.name).toBeNull();
    expect(rows.map((r) => `${r.before} ${r.after}`).join('\n')).not.toMatch(/oldK\|oldP/);
  });

  it.each([
    { name: 'again in the same run: its row starts afresh under the same entry', runs: ['R1', 'R1'], rows: 1 },
    { name: 'in another run: a row of its own', runs: ['R1', 'R2'], rows: 2 },
  ])('the same biller begun $name', ({ runs, rows }) => {
    const first = billerBegin(file, sealer, runs[0] as string, meta, before, changes);
    changeApplied(file, runs[0] as string, id, 0);
    // Another biller's row after it, so a fresh entry number would differ from the first.
    billerEnd(file, sealer, 'R1', result({ billerId: 'OTHER', status: 'blocked' }), { sha256: null, undone: false });
    const second = billerBegin(file, sealer, runs[1] as string, meta, before, changes.slice(0, 3));
    expect(billers().filter((b) => b.biller_id === id)).toHaveLength(rows);
    expect(second === first).toBe(rows === 1);
    expect(states(second)).toEqual(['planned', 'planned', 'planned']);
    if (rows === 2) expect(states(first)[0]).toBe('applied');
  });
});

describe('changeApplied', () => {
  it("marks one change of the run's in-flight row, and nothing of another run", () => {
    const r1 = billerBegin(file, sealer, 'R1', meta, before, changes);
    const r2 = billerBegin(file, sealer, 'R2', meta, before, changes);
    changeApplied(file, 'R1', id, 1);
    expect(states(r1).slice(0, 3)).toEqual(['planned', 'applied', 'planned']);
    expect(states(r2).every((s) => s === 'planned')).toBe(true);
  });

  it('for a biller not in flight, changes nothing', () => {
    const entry = billerBegin(file, sealer, 'R1', meta, before, changes);
    billerEnd(file, sealer, 'R1', result(), { sha256: null, undone: false });
    changeApplied(file, 'R1', id, 0);
    expect(states(entry)[0]).toBe('planned');
  });
});

describe('billerEnd', () => {
  it('ends the begun row: its status, error, note and after-state; no longer in flight', () => {
    const entry = billerBegin(file, sealer, 'R1', meta, before, changes);
    const error = { code: 'CRM.TRANSIENT' as const, message: 'no answer' };
    billerEnd(file, sealer, 'R1', result({ status: 'failed', error }), {
      sha256: null,
      undone: false,
      note: 'a note',
      after: before,
    });
    expect(billers()).toMatchObject([
      {
        entry,
        status: 'failed',
        error_code: 'CRM.TRANSIENT',
        error_message: 'no answer',
        in_flight: 0,
        note: 'a note',
      },
    ]);
    const row = billers()[0] as Row;
    expect(row.ended_at).toEqual(expect.any(String));
    expect(decodeSnapshot(String(row.after_snapshot), sealer).snapshot.billerId).toBe(id);
  });

  it.each<{ name: string; applied: number[]; undone: false | number[]; want: string[] }>([
    { name: 'nothing undone', applied: [0, 1, 2], undone: false, want: ['applied', 'applied', 'applied', 'planned'] },
    {
      name: 'the seqs proven undone',
      applied: [0, 1, 2],
      undone: [1, 2],
      want: ['applied', 'undone', 'undone', 'planned'],
    },
    { name: 'never a planned change', applied: [0], undone: [0, 3], want: ['undone', 'planned', 'planned', 'planned'] },
  ])('marks undone only applied changes: $name', ({ applied, undone, want }) => {
    const entry = billerBegin(file, sealer, 'R1', meta, before, changes.slice(0, 4));
    for (const seq of applied) changeApplied(file, 'R1', id, seq);
    billerEnd(file, sealer, 'R1', result({ status: 'failed' }), { sha256: null, undone });
    expect(states(entry)).toEqual(want);
  });

  it('a biller never begun gets a row of its own, each time, with or without an id', () => {
    billerEnd(file, sealer, 'R1', result({ status: 'blocked', file: 'a.xlsx' }), { sha256: 'h1', undone: false });
    billerEnd(file, sealer, 'R1', result({ status: 'blocked', file: 'b.xlsx' }), { sha256: 'h2', undone: false });
    billerEnd(file, sealer, 'R1', result({ billerId: null, status: 'invalid', row: undefined }), {
      sha256: null,
      undone: false,
    });
    expect(billers().map((b) => [b.biller_id, b.file, b.file_sha256, b.status, b.row, b.in_flight])).toEqual([
      [id, 'a.xlsx', 'h1', 'blocked', 2, 0],
      [id, 'b.xlsx', 'h2', 'blocked', 2, 0],
      ['', 'a.xlsx', null, 'invalid', null, 0],
    ]);
  });
});

describe('recovered', () => {
  it("ends a crashed run's in-flight row as interrupted, marking the seqs proven undone", () => {
    const entry = billerBegin(file, sealer, 'R1', meta, before, changes.slice(0, 3));
    for (const seq of [0, 1, 2]) changeApplied(file, 'R1', id, seq);
    recovered(file, 'R1', id, 'restored by run R2', [2]);
    expect(billers()).toMatchObject([
      { entry, in_flight: 0, status: 'interrupted', error_code: 'RUN.CRASHED', note: 'restored by run R2' },
    ]);
    expect(states(entry)).toEqual(['applied', 'applied', 'undone']);
  });

  it('without an in-flight row, changes nothing', () => {
    billerEnd(file, sealer, 'R1', result(), { sha256: null, undone: false });
    const was = billers();
    recovered(file, 'R1', id, 'restored');
    expect(billers()).toEqual(was);
  });
});
