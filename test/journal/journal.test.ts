import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { plan } from '../../src/core/plan.js';
import type { Secret } from '../../src/core/secret.js';
import { migrate } from '../../src/db/migrate.js';
import type { BillerResult } from '../../src/core/summary.js';
import { Journal } from '../../src/journal/journal.js';
import { readJournalHistory } from '../../src/journal/journal-reader.js';
import { JOURNAL_MIGRATIONS } from '../../src/journal/schema.js';
import { createSealer, parseKey } from '../../src/journal/seal.js';
import { decodeSnapshot, encodeSnapshot } from '../../src/journal/snapshot-codec.js';
import { createMasker } from '../../src/mask.js';
import { exitedPid, sleepingChild } from '../support/pids.js';
import { biller, mipsSnapshot } from '../support/snapshots.js';

const mask = createMasker(Buffer.alloc(32, 7));
const runStart = (id: string) => ({
  id,
  kind: 'run' as const,
  startedAt: '2026-11-26T01:00:00Z',
  host: hostname(),
  user: 'u',
  pid: process.pid,
  options: '{}',
  toolVersion: 't',
  ofRun: null,
});
const KEY = Buffer.alloc(32, 9);

describe('sealing secrets', () => {
  it('with a key: encrypted, opened again, never in clear, different each time', () => {
    const s = createSealer(KEY, mask);
    const a = s.seal('pw|secret');
    expect(a).toMatch(/^enc:v1:/);
    expect(a).not.toContain('secret');
    expect(s.seal('pw|secret')).not.toBe(a);
    expect(s.open(a)).toBe('pw|secret');
    expect(s.matches(a, 'pw|secret')).toBe(true);
  });

  it('without a key: only a mask, which can still tell whether a value is the same', () => {
    const s = createSealer(undefined, mask);
    const a = s.seal('pw|secret');
    expect(a).toMatch(/^mask:••••••••#[0-9a-f]{8}$/);
    expect(s.open(a)).toBeUndefined();
    expect(s.matches(a, 'pw|secret')).toBe(true);
    expect(s.matches(a, 'other')).toBe(false);
  });

  it('a wrong key is a clear configuration error', () => {
    const sealed = createSealer(KEY, mask).seal('x');
    expect(() => createSealer(Buffer.alloc(32, 1), mask).open(sealed)).toThrow(/journal key/);
  });

  it.each([
    ['a'.repeat(64), true],
    [Buffer.alloc(32, 3).toString('base64'), true],
    ['abc', false],
    ['z'.repeat(64), false],
    [Buffer.alloc(16).toString('base64'), false],
  ])('parseKey(%j) accepted: %s', (text, ok) => {
    if (ok) expect(parseKey(text, 'k')).toHaveLength(32);
    else expect(() => parseKey(text, 'k')).toThrow(/32-byte key/);
  });

  it('snapshots round-trip with secrets sealed; without a key the secret settings are reported unknown', () => {
    const snap = mipsSnapshot();
    const withKey = createSealer(KEY, mask);
    const text = encodeSnapshot(snap, withKey);
    expect(text).not.toContain('oldK2|oldP2');
    const back = decodeSnapshot(text, withKey);
    expect((back.snapshot.advancedSettings[13] as Secret).reveal()).toBe('oldK2|oldP2');
    expect(back.unknownSecrets.size).toBe(0);
    const masked = decodeSnapshot(encodeSnapshot(snap, createSealer(undefined, mask)), createSealer(undefined, mask));
    expect([...masked.unknownSecrets.keys()].sort((a, b) => a - b)).toEqual([10, 13, 16, 19]);
    expect(masked.snapshot.advancedSettings[8]).toBe('https://old.example.com/rtdr');
  });
});

describe('journal schema migrations', () => {
  it('a new journal gets every migration', () => {
    const j = Journal.open(':memory:', createSealer(undefined, mask));
    expect(j.runs(5)).toEqual([]);
    j.close();
  });

  it('a version-1 journal with runs is migrated without losing them', () => {
    const db = new Database(':memory:');
    migrate(db, JOURNAL_MIGRATIONS.slice(0, 1), 'run journal');
    db.prepare(
      'INSERT INTO runs (id, kind, started_at, host, user, pid, options, tool_version, state) ' +
        "VALUES ('R1', 'run', '2026-01-01T00:00:00Z', 'h', 'u', 1, '{}', '0.1.0', 'done')",
    ).run();
    db.prepare("INSERT INTO billers (run_id, biller_id, status, in_flight) VALUES ('R1', 'B1', 'converted', 0)").run();
    expect(migrate(db, JOURNAL_MIGRATIONS, 'run journal')).toBe(JOURNAL_MIGRATIONS.length);
    expect(db.prepare('SELECT run_id, biller_id, status, note, after_snapshot FROM billers').all()).toEqual([
      { run_id: 'R1', biller_id: 'B1', status: 'converted', note: null, after_snapshot: null },
    ]);
  });

  it('a version-4 journal: its runs have no CRM (never restored anywhere); a new run records its own (#13)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sc-journal-')), 'journal.db');
    const db = new Database(path);
    migrate(db, JOURNAL_MIGRATIONS.slice(0, 4), 'run journal');
    db.prepare(
      'INSERT INTO runs (id, kind, started_at, host, user, pid, options, tool_version, state) ' +
        "VALUES ('OLD', 'run', '2026-01-01T00:00:00Z', 'h', 'u', 1, '{}', '0.1.0', 'crashed')",
    ).run();
    db.prepare("INSERT INTO billers (run_id, biller_id, in_flight, before_snapshot) VALUES ('OLD', 'B1', 1, ?)").run(
      JSON.stringify(mipsSnapshot({ billerId: 'B1' })),
    );
    db.close();
    const j = Journal.open(path, createSealer(KEY, mask));
    const crm = { key: 'http:https://crm.example.com/prod', label: 'the CRM at https://crm.example.com/prod' };
    j.startRun({ ...runStart('NEW'), crm });
    expect(j.runCrm('OLD')).toBeNull();
    expect(j.runCrm('NEW')).toEqual(crm);
    expect(j.inFlight().map((i) => [i.runId, i.crm])).toEqual([['OLD', null]]);
    j.close();
  });

  it('a journal from a newer tool is refused', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${JOURNAL_MIGRATIONS.length + 1}`);
    expect(() => migrate(db, JOURNAL_MIGRATIONS, 'run journal')).toThrow(/newer than this tool knows/);
  });
});

describe('a zero-byte journal', () => {
  it('is refused, never silently started afresh', async () => {
    const { mkdtempSync, writeFileSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { Journal } = await import('../../src/journal/journal.js');
    const { createSealer } = await import('../../src/journal/seal.js');
    const { createMasker } = await import('../../src/mask.js');
    const path = join(mkdtempSync(join(tmpdir(), 'sc-j0-')), 'journal.db');
    writeFileSync(path, '');
    expect(() => Journal.open(path, createSealer(undefined, createMasker(Buffer.alloc(32))))).toThrow(
      /is empty \(0 bytes\).*Restore it from a backup/,
    );
    expect(statSync(path).size).toBe(0);
  });
});

const RUN = { kind: 'run' as const, startedAt: '2026-11-26T01:00:00Z', host: 'h', user: 'u', pid: 1 };
const start = (j: Journal, id: string) => j.startRun({ ...RUN, id, options: '{}', toolVersion: 't', ofRun: null });

describe('every result its own row (#13)', () => {
  const result = (over: Partial<BillerResult>): BillerResult => ({
    billerId: 'DUP',
    billerName: 'Town',
    status: 'blocked',
    file: 'a.xlsx',
    sheet: 'Billers',
    row: 2,
    changes: [],
    followUps: [],
    ...over,
  });

  it('two copies of a duplicate and two billers without an id each keep their own row', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sc-jrows-')), 'journal.db');
    const j = Journal.open(path, createSealer(undefined, mask));
    start(j, 'R1');
    const dup = { code: 'BLOCKED.DUPLICATE' as const, message: 'in 2 worksheets' };
    j.billerEnd('R1', result({ file: 'a.xlsx', error: dup }), { sha256: null, undone: false });
    j.billerEnd('R1', result({ file: 'b.xlsx', error: dup }), { sha256: null, undone: false });
    const noId = { billerId: null, billerName: null, status: 'invalid' as const, file: 'c.xlsx' };
    j.billerEnd('R1', result({ ...noId, row: 3 }), { sha256: null, undone: false });
    j.billerEnd('R1', result({ ...noId, row: 4 }), { sha256: null, undone: false });
    expect(j.billerHistory('DUP').map((b) => [b.file, b.status, b.errorCode])).toEqual([
      ['a.xlsx', 'blocked', 'BLOCKED.DUPLICATE'],
      ['b.xlsx', 'blocked', 'BLOCKED.DUPLICATE'],
    ]);
    j.close();
    const rows = readJournalHistory(path).billers.map((b) => [b.billerId, b.file, b.status]);
    expect(rows).toHaveLength(4);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['DUP', 'a.xlsx', 'blocked'],
        ['DUP', 'b.xlsx', 'blocked'],
        ['', 'c.xlsx', 'invalid'],
        ['', 'c.xlsx', 'invalid'],
      ]),
    );
  });

  it('a biller begun and ended is one row with its changes; begun again in the same run, its row starts afresh', () => {
    const j = Journal.open(':memory:', createSealer(undefined, mask));
    start(j, 'R1');
    const before = mipsSnapshot();
    const meta = { billerId: before.billerId, billerName: 'T', file: 'a.xlsx', sha256: null, sheet: 'S', row: 2 };
    const changes = plan(biller(), before).changes;
    j.billerBegin('R1', meta, before, changes);
    const entry = j.billerBegin('R1', meta, before, changes);
    changes.forEach((_, seq) => j.changeApplied('R1', before.billerId, seq));
    j.billerEnd('R1', result({ billerId: before.billerId, status: 'converted', file: 'a.xlsx' }), {
      sha256: null,
      undone: false,
    });
    const story = j.billerHistory(before.billerId);
    expect(story).toMatchObject([{ entry, status: 'converted', inFlight: false, touched: true }]);
    expect(story[0]?.changes).toBe(changes.filter((c) => c.entity !== 'maintenance').length);
    j.close();
  });

  it('the same biller in two runs: each run its own row and its own changes', () => {
    const j = Journal.open(':memory:', createSealer(undefined, mask));
    const before = mipsSnapshot();
    const meta = { billerId: before.billerId, billerName: 'T', file: 'a.xlsx', sha256: null, sheet: 'S', row: 2 };
    const changes = plan(biller(), before).changes;
    for (const run of ['R1', 'R2']) {
      start(j, run);
      j.billerBegin(run, meta, before, changes);
      j.changeApplied(run, before.billerId, 1);
    }
    expect(j.billerHistory(before.billerId).map((b) => [b.runId, b.changes, b.inFlight])).toEqual([
      ['R1', 1, true],
      ['R2', 1, true],
    ]);
    j.close();
  });
});

describe('changes are marked undone only as far as a read back proved (#13)', () => {
  function begun(): { j: Journal; id: string; n: number } {
    const j = Journal.open(':memory:', createSealer(undefined, mask));
    start(j, 'R1');
    const before = mipsSnapshot();
    const changes = plan(biller(), before).changes;
    const meta = { billerId: before.billerId, billerName: 'T', file: 'a.xlsx', sha256: null, sheet: 'S', row: 2 };
    j.billerBegin('R1', meta, before, changes);
    for (const seq of [0, 1, 2, 3]) j.changeApplied('R1', before.billerId, seq);
    return { j, id: before.billerId, n: changes.slice(0, 4).filter((c) => c.entity !== 'maintenance').length };
  }
  const failed = (id: string): BillerResult => ({
    billerId: id,
    billerName: 'T',
    status: 'rollback-failed',
    file: 'a.xlsx',
    sheet: 'S',
    changes: [],
    followUps: [],
  });

  it('billerEnd marks only the seqs it is given', () => {
    const { j, id, n } = begun();
    j.billerEnd('R1', failed(id), { sha256: null, undone: [2, 3] });
    expect(j.billerHistory(id)[0]?.changes).toBe(n - 2);
    j.close();
  });

  it('a biller superseded by a later conversion keeps its applied changes (none was proven undone)', () => {
    const { j, id, n } = begun();
    j.recovered('R1', id, 'superseded: converted by run R2');
    expect(j.billerHistory(id)).toMatchObject([{ inFlight: false, status: 'interrupted', changes: n }]);
    j.close();
  });

  it('a recovery marks the seqs its read back proved', () => {
    const { j, id, n } = begun();
    j.recovered('R1', id, 'recovered', [1, 2, 3]);
    expect(j.billerHistory(id)[0]?.changes).toBe(n - 3);
    j.close();
  });
});

describe('the row-key migration (3)', () => {
  it('a version-2 journal keeps its runs, rows and changes, each row with its entry, in order', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sc-jmig-')), 'journal.db');
    const db = new Database(path);
    migrate(db, JOURNAL_MIGRATIONS.slice(0, 2), 'run journal');
    db.exec(`INSERT INTO runs (id, kind, started_at, host, user, pid, options, tool_version, state)
      VALUES ('R1', 'run', '2026-01-01T00:00:00Z', 'h', 'u', 1, '{}', '0.1.0', 'crashed');
      INSERT INTO billers (run_id, biller_id, status, in_flight, file, before_snapshot, started_at)
      VALUES ('R1', 'B2', 'converted', 0, 'b.xlsx', NULL, '1'), ('R1', 'B1', 'applying', 1, 'a.xlsx', '${JSON.stringify(
        mipsSnapshot({ billerId: 'B1' }),
      ).replaceAll("'", "''")}', '2');
      INSERT INTO changes VALUES
        ('R1', 'B1', 0, 'maintenance.begin', 'maintenance', 'active', NULL, 's', 'false', 'true', 'applied'),
        ('R1', 'B1', 1, 'advanced.set', 'advanced_setting', '8', 'n', 's', '"a"', '"b"', 'applied'),
        ('R1', 'B2', 0, 'advanced.set', 'advanced_setting', '8', 'n', 's', '"a"', '"b"', 'applied');`);
    db.close();
    const j = Journal.open(path, createSealer(undefined, mask));
    expect(j.billerHistory('B2')).toMatchObject([{ entry: 1, status: 'converted', changes: 1 }]);
    expect(j.billerHistory('B1')).toMatchObject([{ entry: 2, status: 'applying', inFlight: true, changes: 1 }]);
    expect(j.inFlight()).toMatchObject([
      { entry: 2, runId: 'R1', billerId: 'B1', applied: 2, appliedChanges: [{ seq: 0 }, { seq: 1 }] },
    ]);
    j.close();
    expect(readJournalHistory(path).billers.map((b) => b.billerId)).toEqual(['B2', 'B1']);
  });
});

describe('a shared journal: only runs whose process is provably gone are taken over (#13)', () => {
  const live = sleepingChild();
  const gone = exitedPid();
  afterAll(() => live.stop());

  /** A journal where run R1 (held by `host`/`pid`) has a biller in flight with changes applied. */
  function running(host: string, pid: number): { j: Journal; id: string; n: number } {
    const j = Journal.open(':memory:', createSealer(KEY, mask));
    j.startRun({ ...RUN, id: 'R1', host, pid, options: '{}', toolVersion: 't', ofRun: null });
    const before = mipsSnapshot();
    const meta = { billerId: before.billerId, billerName: 'T', file: 'a.xlsx', sha256: null, sheet: 'S', row: 2 };
    const changes = plan(biller(), before).changes;
    j.billerBegin('R1', meta, before, changes);
    for (const seq of [0, 1, 2]) j.changeApplied('R1', before.billerId, seq);
    return { j, id: before.billerId, n: changes.slice(0, 3).filter((c) => c.entity !== 'maintenance').length };
  }

  it.each([
    { name: 'this host, a live process (another run)', host: hostname, pid: () => live.pid, taken: false },
    { name: 'this host, the asking process itself', host: hostname, pid: () => process.pid, taken: false },
    { name: 'this host, a process that has exited', host: hostname, pid: () => gone, taken: true },
    { name: 'another host (its process cannot be checked)', host: () => 'other-host', pid: () => gone, taken: false },
  ])('$name: taken over $taken', ({ host, pid, taken }) => {
    const { j, id, n } = running(host(), pid());
    // A running run's billers are recovery's only once the crash check has marked the run crashed.
    expect(j.inFlight()).toEqual([]);
    expect(j.markCrashed(hostname(), process.pid)).toEqual(taken ? ['R1'] : []);
    expect(j.inFlight().map((f) => [f.runId, f.billerId, f.applied])).toEqual(taken ? [['R1', id, 3]] : []);
    expect(j.run('R1')?.state).toBe(taken ? 'crashed' : 'running');
    expect(j.inFlight().map((f) => f.runId)).toEqual(taken ? ['R1'] : []);
    // The live run's row is as it left it: in flight, its changes applied.
    expect(j.billerHistory(id)[0]).toMatchObject({ inFlight: true, changes: n });
    j.close();
  });
});
