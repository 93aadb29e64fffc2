import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { LEASE_MS, RENEW_MS } from '../../src/core/lease.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { RunTakenOverError } from '../../src/errors.js';
import { Journal } from '../../src/journal/journal.js';
import { crashCheck, heartbeat, renewLease } from '../../src/journal/run-lease.js';
import { JOURNAL_MIGRATIONS } from '../../src/journal/schema.js';
import { createSealer } from '../../src/journal/seal.js';
import { createMasker } from '../../src/mask.js';
import { exitedPid, sleepingChild } from '../support/pids.js';
import { mipsSnapshot } from '../support/snapshots.js';

const sealer = createSealer(Buffer.alloc(32, 9), createMasker(Buffer.alloc(32, 7)));
const RUN = { kind: 'run' as const, startedAt: '2026-11-26T01:00:00Z', user: 'u', options: '{}', toolVersion: 't' };
const T0 = Date.parse('2026-11-26T02:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const file = () => join(mkdtempSync(join(tmpdir(), 'sc-lease-')), 'journal.db');
const meta = (billerId: string) => ({ billerId, billerName: 'T', file: 'a.xlsx', sha256: null, sheet: 'S', row: 2 });
const leaseOf = (j: Journal, id: string) => j.run(id)?.leaseUntil;

afterEach(() => {
  vi.useRealTimers();
});

describe('the lease on a journal run row', () => {
  it('a run starts with a lease of LEASE_MS, its heartbeat renews it every RENEW_MS, its end clears it', () => {
    vi.useFakeTimers({ now: T0, toFake: ['Date', 'setInterval', 'clearInterval'] });
    const said: string[] = [];
    const j = Journal.open(file(), sealer);
    j.startRun({ ...RUN, id: 'R1', host: hostname(), pid: process.pid, ofRun: null }, (l) => said.push(l));
    expect(leaseOf(j, 'R1')).toBe(iso(T0 + LEASE_MS));
    vi.advanceTimersByTime(RENEW_MS - 1);
    expect(leaseOf(j, 'R1')).toBe(iso(T0 + LEASE_MS));
    vi.advanceTimersByTime(1);
    expect(leaseOf(j, 'R1')).toBe(iso(T0 + RENEW_MS + LEASE_MS));
    vi.advanceTimersByTime(3 * RENEW_MS);
    expect(leaseOf(j, 'R1')).toBe(iso(T0 + 4 * RENEW_MS + LEASE_MS));
    j.endRun('R1', { endedAt: iso(Date.now()), counts: {}, exitCode: 0, state: 'done', results: null });
    expect(j.run('R1')).toMatchObject({ state: 'done', leaseUntil: null });
    vi.advanceTimersByTime(10 * RENEW_MS); // no heartbeat left: nothing renews the ended run
    expect(leaseOf(j, 'R1')).toBeNull();
    j.close();
    expect(said).toEqual([]);
  });

  it('closing the journal stops the heartbeat of a run that never ended (a command that failed)', () => {
    vi.useFakeTimers({ now: T0, toFake: ['Date', 'setInterval', 'clearInterval'] });
    const said: string[] = [];
    const j = Journal.open(file(), sealer);
    j.startRun({ ...RUN, id: 'R1', host: hostname(), pid: process.pid, ofRun: null }, (l) => said.push(l));
    j.close();
    vi.advanceTimersByTime(4 * RENEW_MS);
    expect(said).toEqual([]); // a renewal on the closed file would have failed and said so
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a run taken over by another host (its lease ran out) hears it once at its next renewal', () => {
    vi.useFakeTimers({ now: T0, toFake: ['Date', 'setInterval', 'clearInterval'] });
    const path = file();
    const said: string[] = [];
    const mine = Journal.open(path, sealer);
    mine.startRun({ ...RUN, id: 'R1', host: hostname(), pid: process.pid, ofRun: null }, (l) => said.push(l));
    // Its heartbeat stalled (a network journal that stopped answering): another host's run, past the lease.
    const other = Journal.open(path, sealer);
    expect(other.markCrashed('other-host', 1, T0 + LEASE_MS - 1)).toEqual([]);
    expect(other.markCrashed('other-host', 1, T0 + LEASE_MS + 1)).toEqual(['R1']);
    other.close();
    vi.advanceTimersByTime(3 * RENEW_MS);
    expect(said).toEqual([
      'the journal no longer holds run R1 as running: a run on another host took it over after its lease ran out, ' +
        'and may be restoring its billers in flight. This run begins no other biller and ends with exit 75; ' +
        'check the CRM before the next',
    ]);
    mine.close();
  });

  it('a renewal that fails is said, with when it is retried, and tried again', () => {
    vi.useFakeTimers({ now: T0, toFake: ['setInterval', 'clearInterval'] });
    const said: string[] = [];
    let calls = 0;
    const stop = heartbeat(
      () => {
        if (++calls === 1) throw new Error('SQLITE_BUSY: database is locked');
        return true;
      },
      'R1',
      (l) => said.push(l),
    );
    vi.advanceTimersByTime(3 * RENEW_MS);
    stop();
    expect(calls).toBe(3);
    expect(said).toEqual([
      'could not renew the journal lease of run R1 (SQLITE_BUSY: database is locked); retried in 2.5 min. ' +
        'Runs on other hosts take this run for dead once its lease runs out',
    ]);
  });
});

describe('a journal shared by hosts: a run is taken over only when provably dead (#13)', () => {
  const live = sleepingChild();
  const gone = exitedPid();
  afterAll(() => live.stop());

  /** One running run per kind of holder, each with a biller in flight, leases relative to T0. */
  function shared(path = file()): Journal {
    const j = Journal.open(path, sealer);
    const runs: Array<[id: string, host: string, pid: number, leaseUntil: number | null]> = [
      ['EXPIRED', 'host-b', 7, T0 - 12 * 60_000],
      ['LIVE-LEASE', 'host-b', 8, T0 + 60_000],
      ['NO-LEASE', 'host-c', 9, null],
      ['DEAD-HERE', hostname(), gone, T0 + LEASE_MS],
      ['ALIVE-HERE', hostname(), live.pid, T0 - LEASE_MS],
      ['SELF', hostname(), process.pid, T0 - LEASE_MS],
    ];
    for (const [id, host, pid] of runs) {
      j.startRun({ ...RUN, id, host, pid, ofRun: null });
      j.billerBegin(id, meta(`B-${id}`), mipsSnapshot({ billerId: `B-${id}` }), []);
    }
    j.close(); // their heartbeats stop: the leases below stay as written
    const db = new Database(path);
    for (const [id, , , until] of runs)
      db.prepare('UPDATE runs SET lease_until = ? WHERE id = ?').run(until === null ? null : iso(until), id);
    db.close();
    return Journal.open(path, sealer);
  }

  it('marks crashed the expired lease elsewhere and the gone pid here; leaves the others, naming their billers', () => {
    const j = shared();
    // Before the check, no running run's billers are recovery's: only the check takes a run over.
    expect(j.inFlight().map((f) => f.runId)).toEqual([]);
    const { crashed, held } = j.crashCheck(hostname(), process.pid, T0);
    expect(crashed.map((r) => [r.id, r.verdict])).toEqual([
      ['DEAD-HERE', { kind: 'dead-pid' }],
      ['EXPIRED', { kind: 'lease-expired', agoMs: 12 * 60_000 }],
    ]);
    expect(held.map((r) => [r.id, r.host, r.verdict.kind, r.inFlight])).toEqual([
      ['ALIVE-HERE', hostname(), 'alive-pid', ['B-ALIVE-HERE']],
      ['LIVE-LEASE', 'host-b', 'lease-live', ['B-LIVE-LEASE']],
      ['NO-LEASE', 'host-c', 'no-lease', ['B-NO-LEASE']],
    ]);
    const states = Object.fromEntries(j.runs(10).map((r) => [r.id, r.state]));
    expect(states).toEqual({
      EXPIRED: 'crashed',
      'DEAD-HERE': 'crashed',
      'LIVE-LEASE': 'running',
      'NO-LEASE': 'running',
      'ALIVE-HERE': 'running',
      SELF: 'running',
    });
    // Their billers are recovery's now; the live runs' stay in flight, theirs.
    expect(j.inFlight().map((f) => f.runId)).toEqual(['EXPIRED', 'DEAD-HERE']);
    j.close();
  });

  it('a live lease is taken over only once it is past its time (an injected clock, no sleep)', () => {
    const j = shared();
    expect(j.markCrashed(hostname(), process.pid, T0 + 59_999)).toEqual(['DEAD-HERE', 'EXPIRED']);
    expect(j.markCrashed(hostname(), process.pid, T0 + 60_000)).toEqual([]); // the lease ends now: still held
    // A lease past its time is not recovery's until the check marks it (a later clock alone never does).
    expect(j.inFlight().map((f) => f.runId)).not.toContain('LIVE-LEASE');
    expect(j.markCrashed(hostname(), process.pid, T0 + 60_001)).toEqual(['LIVE-LEASE']);
    expect(j.inFlight().map((f) => f.runId)).toContain('LIVE-LEASE');
    j.close();
  });

  it('a renewal wins: a lease renewed before the check is never taken over', () => {
    const j = shared();
    expect(j.renewLease('EXPIRED', T0)).toBe(true);
    expect(j.markCrashed(hostname(), process.pid, T0)).toEqual(['DEAD-HERE']);
    expect(j.renewLease('DEAD-HERE', T0)).toBe(false); // crashed now: a renewal no longer brings it back
    expect(j.run('DEAD-HERE')?.state).toBe('crashed');
    j.close();
  });

  it('two hosts checking at once: only one marks a dead run crashed', () => {
    const path = file();
    shared(path).close();
    const a = Journal.open(path, sealer);
    const b = Journal.open(path, sealer);
    // From a third host every run of the others past its lease is dead (this host's too: ALIVE-HERE, SELF).
    expect(a.markCrashed('host-a', 1, T0)).toEqual(['ALIVE-HERE', 'EXPIRED', 'SELF']);
    expect(b.markCrashed('host-d', 1, T0)).toEqual([]);
    a.close();
    b.close();
  });
});

describe('a journal made by the schema before the lease (version 3)', () => {
  const gone = exitedPid();

  it('opens with the lease column and keeps working: an old run elsewhere held, one here, pid gone, taken over', () => {
    const path = file();
    const db = new Database(path);
    migrate(db, JOURNAL_MIGRATIONS.slice(0, 3), 'run journal');
    const old = db.prepare(
      `INSERT INTO runs (id, kind, started_at, host, user, pid, options, tool_version, state)
      VALUES (?, 'run', '2026-11-25T01:00:00Z', ?, 'u', ?, '{}', '0.1.0', ?)`,
    );
    old.run('OLD-ELSEWHERE', 'host-b', 7, 'running');
    old.run('OLD-HERE', hostname(), gone, 'running');
    old.run('OLD-DONE', 'host-b', 7, 'done');
    const row = db.prepare(
      "INSERT INTO billers (run_id, biller_id, status, in_flight, before_snapshot) VALUES (?, ?, 'applying', 1, ?)",
    );
    for (const id of ['OLD-ELSEWHERE', 'OLD-HERE'])
      row.run(id, `B-${id}`, JSON.stringify(mipsSnapshot({ billerId: `B-${id}` })));
    db.close();

    const j = Journal.open(path, sealer);
    expect(new Database(path).pragma('user_version', { simple: true })).toBe(JOURNAL_MIGRATIONS.length);
    expect(j.runs(10).map((r) => [r.id, r.state, r.leaseUntil])).toEqual([
      ['OLD-HERE', 'running', null],
      ['OLD-ELSEWHERE', 'running', null],
      ['OLD-DONE', 'done', null],
    ]);
    const { crashed, held } = j.crashCheck(hostname(), process.pid, T0);
    expect(crashed.map((r) => r.id)).toEqual(['OLD-HERE']);
    // No lease: whether it lives cannot be told from another host, so it is never taken over from here.
    expect(held.map((r) => [r.id, r.verdict.kind, r.inFlight])).toEqual([
      ['OLD-ELSEWHERE', 'no-lease', ['B-OLD-ELSEWHERE']],
    ]);
    expect(j.inFlight().map((f) => f.runId)).toEqual(['OLD-HERE']);
    // A new run on the migrated journal holds a lease, and ends as before.
    j.startRun({ ...RUN, id: 'NEW', host: hostname(), pid: process.pid, ofRun: null });
    expect(Date.parse(j.run('NEW')?.leaseUntil ?? '')).toBeGreaterThan(Date.now());
    j.billerBegin('NEW', meta('B1'), mipsSnapshot({ billerId: 'B1' }), []);
    j.endRun('NEW', { endedAt: 'x', counts: { converted: 1 }, exitCode: 0, state: 'done', results: null });
    expect(j.run('NEW')).toMatchObject({ state: 'done', leaseUntil: null, counts: { converted: 1 } });
    j.close();
  });
});

describe('a run taken over writes nothing more to the journal (#13)', () => {
  function takenOver() {
    const path = file();
    const j = Journal.open(path, sealer);
    j.startRun({ ...RUN, id: 'A', host: hostname(), pid: process.pid, ofRun: null });
    j.billerBegin('A', meta('B1'), mipsSnapshot({ billerId: 'B1' }), []);
    // Another host, finding A's lease past its time, marks it crashed (run-lease.ts crashCheck).
    const db = new Database(path);
    db.prepare("UPDATE runs SET state = 'crashed' WHERE id = 'A'").run();
    db.close();
    return j;
  }
  const END = { endedAt: 'x', counts: { converted: 1 }, exitCode: 0, state: 'done' as const, results: 'r.xlsx' };

  it('its end is refused (exit 75, naming the run): the journal keeps it crashed, never "done"', () => {
    const j = takenOver();
    expect(() => j.endRun('A', END)).toThrow(RunTakenOverError);
    expect(() => j.endRun('A', END)).toThrow(/run A was taken over by another run while it ran/);
    expect(new RunTakenOverError('A', 'x').exitCode).toBe(75);
    expect(j.run('A')).toMatchObject({ state: 'crashed', endedAt: null, exitCode: null });
    j.close();
  });

  it('it begins no other biller: refused before the row (and so before any CRM write)', () => {
    const j = takenOver();
    expect(() => j.billerBegin('A', meta('B2'), mipsSnapshot({ billerId: 'B2' }), [])).toThrow(RunTakenOverError);
    expect(j.billerHistory('B2')).toEqual([]);
    j.close();
  });

  it('a running row of our host and pid that this process did not start is an earlier process: crashed', () => {
    const path = file();
    const j = Journal.open(path, sealer);
    const db = new Database(path);
    db.prepare(
      `INSERT INTO runs (id, kind, started_at, host, user, pid, options, tool_version, state, lease_until)
      VALUES ('EARLIER', 'run', 'x', ?, 'u', ?, '{}', 't', 'running', ?)`,
    ).run(hostname(), process.pid, iso(Date.now() + LEASE_MS));
    db.close();
    j.startRun({ ...RUN, id: 'MINE', host: hostname(), pid: process.pid, ofRun: null });
    expect(j.crashCheck(hostname(), process.pid).crashed.map((r) => [r.id, r.verdict.kind])).toEqual([
      ['EARLIER', 'dead-pid'],
    ]);
    expect(j.run('MINE')?.state).toBe('running');
    j.endRun('MINE', { ...END, results: null });
    j.close();
  });
});

describe('the takeover is a compare-and-set on the lease read (#13)', () => {
  it('a renewal that lands between the crash check reading a run and marking it wins: not crashed', () => {
    const path = file();
    const j = Journal.open(path, sealer);
    // A run of this host whose pid the check will judge gone; its lease is renewed while the check judges it.
    j.startRun({ ...RUN, id: 'RACED', host: hostname(), pid: 4_000_000, ofRun: null });
    j.startRun({ ...RUN, id: 'GONE', host: hostname(), pid: 4_000_001, ofRun: null });
    const db = new Database(path);
    db.prepare("UPDATE runs SET lease_until = ? WHERE id IN ('RACED', 'GONE')").run(iso(T0));
    db.close();
    const other = openDatabase(path, { what: 'run journal' });
    const renewing = (pid: number) => {
      if (pid === 4_000_000) expect(renewLease(other, 'RACED', T0 + 1)).toBe(true); // the holder's heartbeat
      return false; // both judged gone
    };
    const { crashed } = crashCheck(other, { host: hostname(), pid: process.pid }, T0, renewing);
    expect(crashed.map((r) => r.id)).toEqual(['GONE']);
    expect(j.run('RACED')?.state).toBe('running');
    expect(j.run('GONE')?.state).toBe('crashed');
    other.close();
    j.close();
  });
});
