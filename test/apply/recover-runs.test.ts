import { existsSync, lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { keepDeadRunSpills, leftInFlight, takeOverDeadRuns } from '../../src/apply/recover-runs.js';
import { recoverInFlight } from '../../src/apply/recover.js';
import type { CrmIdentity } from '../../src/core/crm-match.js';
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
import { exitedPid, sleepingChild } from '../support/pids.js';
import { biller, mipsSnapshot } from '../support/snapshots.js';

/** The CRM the dead runs converted, and the one the next run converts too. */
const CRM = { key: 'sqlite:1-2', label: 'the embedded CRM /t/crm.db' };
const sealer = createSealer(Buffer.alloc(32, 9), createMasker(Buffer.alloc(32, 7)));
const before = mipsSnapshot();
const id = before.billerId;
const changes = plan(biller(), before).changes;
// Now: recoverInFlight judges leases by the clock; the checks before it are given this same moment.
const T0 = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const dir = () => mkdtempSync(join(tmpdir(), 'sc-recruns-'));

function logged() {
  const lines: string[] = [];
  const log = createLogger({ scrubber: new SecretScrubber(), consoleLevel: 'warn', write: (l) => lines.push(l) });
  return { log, lines };
}

/** Run OTHER (`host`, `pid`, lease until `leaseUntil`) left biller `id` mid-conversion: 5 changes in the CRM. */
function otherRun(host: string, pid: number, leaseUntil: number | null, crm: CrmIdentity | null = CRM) {
  const path = join(dir(), 'journal.db');
  const store = CrmStore.open(':memory:');
  store.putSnapshots([before]);
  const j = Journal.open(path, sealer);
  j.startRun({
    id: 'OTHER',
    kind: 'run',
    startedAt: 's',
    host,
    user: 'u',
    pid,
    options: '{}',
    toolVersion: 't',
    ofRun: null,
    ...(crm ? { crm } : {}),
  });
  j.billerBegin(
    'OTHER',
    { billerId: id, billerName: 'T', file: 'a.xlsx', sha256: null, sheet: 'S', row: 2 },
    before,
    changes,
  );
  changes.slice(0, 5).forEach((c, seq) => {
    if (c.kind === 'maintenance.begin') store.setMaintenance(id, true, 'OTHER');
    else store.write(c);
    j.changeApplied('OTHER', id, seq);
  });
  j.close(); // its heartbeat stops; its lease is what the test says
  const db = new Database(path);
  db.prepare("UPDATE runs SET lease_until = ? WHERE id = 'OTHER'").run(
    leaseUntil === null ? null : new Date(leaseUntil).toISOString(),
  );
  db.close();
  return { store, journal: Journal.open(path, sealer), target: new FaultyTarget(new SqliteTarget(store)) };
}

describe('takeOverDeadRuns: a run of another host is taken over only once its lease ran out (#13)', () => {
  const live = sleepingChild();
  const gone = exitedPid();
  afterAll(() => live.stop());

  it('lease past its time: marked crashed, warning with run, host and how long ago; its biller restored', async () => {
    const { store, journal, target } = otherRun('host-b', 4242, T0 - 12 * 60_000);
    const { log, lines } = logged();
    expect(takeOverDeadRuns(journal, log, T0)).toEqual([]);
    expect(lines.join('\n')).toContain(
      'run OTHER did not finish (killed or crashed): its journal lease (pid 4242 on host host-b) ran out 12 min ago, ' +
        `at ${iso(T0 - 12 * 60_000)}, without being renewed; its billers in flight are recovered first`,
    );
    expect(journal.run('OTHER')?.state).toBe('crashed');
    const recovered = await recoverInFlight(journal, target, log, CRM);
    expect(recovered).toMatchObject([{ billerId: id, fromRun: 'OTHER', ok: true }]);
    expect(differences(before, store.snapshot(id)!, { maintenance: true })).toEqual([]);
    expect(store.snapshot(id)?.maintenance).toBe(false);
    journal.close();
  });

  it.each([
    {
      name: 'a live lease of another host',
      holder: () => ['host-b', 4242, T0 + 90_000] as const,
      says:
        `run OTHER (pid 4242 on host host-b) holds a live journal lease until ${iso(T0 + 90_000)}: ` +
        `its biller in flight (${id}) is left to it, not recovered. If that host is gone, the first run after ` +
        '1.5 min from now recovers it',
    },
    {
      name: 'no lease, another host (a run of an earlier version)',
      holder: () => ['host-c', 4242, null] as const,
      says:
        'run OTHER (pid 4242 on host host-c) has no journal lease (an earlier version started it), so whether it ' +
        `is alive cannot be told from here: its biller in flight (${id}) is left untouched. If it is gone, the ` +
        'next run on host-c recovers it',
    },
    {
      name: 'a live process on this host, its lease past (same-host rules: the pid decides)',
      holder: () => [hostname(), live.pid, T0 - 60_000] as const,
      says:
        `run OTHER (pid ${live.pid} on this host) is alive: ` +
        `its biller in flight (${id}) is left to it, not recovered`,
    },
  ])('$name: never taken over, its biller stays in flight, and the run says so', async ({ holder, says }) => {
    const [host, pid, until] = holder();
    const { store, journal, target } = otherRun(host, pid, until);
    const held = store.snapshot(id)!;
    const { log, lines } = logged();
    const followUps = takeOverDeadRuns(journal, log, T0);
    expect(lines.join('\n')).toContain(says);
    expect(followUps).toEqual([
      { billerId: id, code: 'FOLLOW_UP.IN_FLIGHT_ELSEWHERE', section: '1. Maintenance window', reason: says },
    ]);
    expect(journal.run('OTHER')?.state).toBe('running');
    expect(await recoverInFlight(journal, target, log, CRM)).toEqual([]);
    expect(target.writes).toBe(0);
    expect(differences(held, store.snapshot(id)!)).toEqual([]);
    expect(journal.billerHistory(id)[0]).toMatchObject({ inFlight: true });
    journal.close();
  });

  it('this host, its process gone: taken over as before, saying so', () => {
    const { journal } = otherRun(hostname(), gone, T0 + 600_000);
    const { log, lines } = logged();
    takeOverDeadRuns(journal, log, T0);
    expect(lines.join('\n')).toContain(
      `run OTHER did not finish (killed or crashed): its process (pid ${gone} on this host) is gone; ` +
        'its billers in flight are recovered first',
    );
    expect(journal.run('OTHER')?.state).toBe('crashed');
    journal.close();
  });

  it('a live run without billers in flight needs no word', () => {
    const j = Journal.open(':memory:', sealer);
    j.startRun({
      id: 'IDLE',
      kind: 'run',
      startedAt: 's',
      host: 'host-b',
      user: 'u',
      pid: 1,
      options: '{}',
      toolVersion: 't',
      ofRun: null,
      crm: CRM,
    });
    const { log, lines } = logged();
    expect(takeOverDeadRuns(j, log, Date.now())).toEqual([]);
    expect(lines).toEqual([]);
    j.close();
  });
});

describe('leftInFlight: a dead run of another CRM keeps its billers in flight, and the night says so (#13)', () => {
  const gone = exitedPid();
  const B = { key: 'sqlite:1-3', label: 'the embedded CRM /t/crm-b.db' };
  it.each([
    {
      name: 'a run on another CRM',
      crm: B,
      says:
        "run OTHER converted the embedded CRM /t/crm-b.db, not this night's CRM (the embedded CRM /t/crm.db): " +
        `its biller in flight (${id}) is left in flight, not restored here. The next run against the embedded ` +
        'CRM /t/crm-b.db recovers it',
    },
    {
      name: 'a run that recorded no CRM (an earlier version)',
      crm: null,
      says:
        'run OTHER did not record which CRM it converted (an earlier version started it): its biller in flight ' +
        `(${id}) is left in flight, not restored into this night's CRM (the embedded CRM /t/crm.db), which it ` +
        'cannot be proven to belong to. Check it in the CRM that run converted (spectrum-convert history --biller ID)',
    },
  ])('$name: dead and marked crashed, yet never restored here', async ({ crm, says }) => {
    const { store, journal, target } = otherRun(hostname(), gone, T0 + 600_000, crm);
    const held = store.snapshot(id)!;
    const { log, lines } = logged();
    takeOverDeadRuns(journal, log, T0);
    expect(journal.run('OTHER')?.state).toBe('crashed');
    expect(await recoverInFlight(journal, target, log, CRM)).toEqual([]);
    expect(target.writes).toBe(0);
    expect(differences(held, store.snapshot(id)!)).toEqual([]);
    expect(leftInFlight(journal, CRM, log)).toEqual([
      { billerId: id, code: 'FOLLOW_UP.IN_FLIGHT_OTHER_CRM', section: '1. Maintenance window', reason: says },
    ]);
    expect(lines.join('\n')).toContain(says);
    expect(journal.billerHistory(id)[0]).toMatchObject({ inFlight: true });
    journal.close();
  });

  it('a run on the same CRM is recovered and needs no such word', async () => {
    const { journal, target } = otherRun(hostname(), gone, T0 + 600_000);
    const { log } = logged();
    takeOverDeadRuns(journal, log, T0);
    expect(leftInFlight(journal, CRM, log)).toEqual([]);
    expect(await recoverInFlight(journal, target, log, CRM)).toMatchObject([{ billerId: id, ok: true }]);
    journal.close();
  });
});

const row = (billerId: string, n: number) =>
  JSON.stringify({
    billerId,
    billerName: 'T',
    section: 's',
    entity: 'e',
    setting: n,
    name: 'n',
    action: 'a',
    before: 'b',
    after: 'a',
    cell: '',
  });

describe("keepDeadRunSpills: a dead run's change rows are kept and said, never lost (#13)", () => {
  function output(runs: Partial<Record<string, 'running' | 'crashed' | 'done'>>) {
    const out = dir();
    const j = Journal.open(join(out, 'journal.db'), sealer);
    for (const [runId, state] of Object.entries(runs)) {
      j.startRun({
        id: runId,
        kind: 'run',
        startedAt: 's',
        host: 'h',
        user: 'u',
        pid: 1,
        options: '{}',
        toolVersion: 't',
        ofRun: null,
        crm: CRM,
      });
      if (state === 'done')
        j.endRun(runId, { endedAt: 'e', counts: {}, exitCode: 0, state: 'done', results: '/o/results.xlsx' });
      if (state === 'crashed') j.markCrashed('another-host', 1, Date.now() + 3600_000);
    }
    return { out, j };
  }

  it("a crashed run's spill: kept under a visible name, private, every row in it; one follow-up per biller", () => {
    const { out, j } = output({ R1: 'crashed' });
    const spill = join(out, '.changes-R1.jsonl');
    const text = `${row('B2', 8)}\n${row('B1', 8)}\n${row('B2', 9)}\n{"billerId":"B3","bil`;
    writeFileSync(spill, text, { mode: 0o600 });
    const { log, lines } = logged();
    const followUps = keepDeadRunSpills(out, j, log);
    const kept = join(out, 'changes-of-run-R1.jsonl');
    expect(existsSync(spill)).toBe(false);
    expect(readFileSync(kept, 'utf8')).toBe(text); // byte for byte, the line cut by the crash included
    expect(lstatSync(kept).mode & 0o777).toBe(0o600);
    const says =
      'run R1 stopped before writing its results: the 3 change rows it wrote for the 2 billers it finished ' +
      `(and 1 line cut short by the crash) are kept in ${kept} (masked; the journal holds them too: ` +
      'spectrum-convert history --biller ID)';
    expect(lines.join('\n')).toContain(says);
    expect(followUps).toEqual(
      ['B1', 'B2'].map((billerId) => ({
        billerId,
        code: 'FOLLOW_UP.CHANGES_KEPT',
        section: '1. Maintenance window',
        reason: says,
      })),
    );
    // Said once: the next night finds nothing more to keep.
    expect(keepDeadRunSpills(out, j, logged().log)).toEqual([]);
    expect(existsSync(kept)).toBe(true);
    j.close();
  });

  it('an empty spill (killed before any biller finished) holds nothing: removed, no follow-up', () => {
    const { out, j } = output({ R1: 'crashed' });
    writeFileSync(join(out, '.changes-R1.jsonl'), '');
    expect(keepDeadRunSpills(out, j, logged().log)).toEqual([]);
    expect(existsSync(join(out, '.changes-R1.jsonl'))).toBe(false);
    expect(existsSync(join(out, 'changes-of-run-R1.jsonl'))).toBe(false);
    j.close();
  });

  it('a spill of only a line cut short by the crash: kept, said as such (no "0 change rows"), no follow-up', () => {
    const { out, j } = output({ R1: 'crashed' });
    writeFileSync(join(out, '.changes-R1.jsonl'), '{"billerId":"B3","bil', { mode: 0o600 });
    const { log, lines } = logged();
    expect(keepDeadRunSpills(out, j, log)).toEqual([]);
    const kept = join(out, 'changes-of-run-R1.jsonl');
    expect(lines.join('\n')).toContain(
      'run R1 stopped before writing its results: its change spill holds no whole row, only 1 line cut short ' +
        `by the crash, kept in ${kept}; the journal holds what it wrote (spectrum-convert history)`,
    );
    expect(lines.join('\n')).not.toContain('0 change rows');
    j.close();
  });

  it('a run that died just after its results: kept too, naming its results', () => {
    const { out, j } = output({ R2: 'done' });
    writeFileSync(join(out, '.changes-R2.jsonl'), `${row('B1', 8)}\n`, { mode: 0o600 });
    const { log, lines } = logged();
    expect(keepDeadRunSpills(out, j, log)).toHaveLength(1);
    expect(lines.join('\n')).toContain(
      'run R2 left its change spill behind (its results are in /o/results.xlsx): the 1 change rows',
    );
    j.close();
  });

  it.each([
    {
      name: 'a running run (its own, even if dead and not yet taken over): untouched, no word',
      runs: { R1: 'running' as const },
      says: null,
    },
    {
      name: 'a run the journal does not know: left, with a warning',
      runs: {},
      says: (out: string) => `the change spill ${join(out, '.changes-R1.jsonl')} is left as it is: the journal`,
    },
  ])('the spill of $name', ({ runs, says }) => {
    const { out, j } = output(runs);
    const spill = join(out, '.changes-R1.jsonl');
    writeFileSync(spill, `${row('B1', 8)}\n`, { mode: 0o600 });
    const { log, lines } = logged();
    expect(keepDeadRunSpills(out, j, log)).toEqual([]);
    expect(existsSync(spill)).toBe(true);
    if (says) expect(lines.join('\n')).toContain(says(out));
    else expect(lines).toEqual([]);
    j.close();
  });

  it.each([
    {
      name: 'the visible name is taken',
      make: (out: string) => writeFileSync(join(out, 'changes-of-run-R1.jsonl'), 'mine'),
      why: /EEXIST/,
    },
    {
      name: 'the spill is a symlink',
      make: (out: string) => {
        writeFileSync(join(out, 'elsewhere'), `${row('B1', 8)}\n`);
        symlinkSync(join(out, 'elsewhere'), join(out, '.changes-R1.jsonl'));
      },
      why: /is not a regular file/,
    },
  ])("a crashed run's spill where $name: left where it is, saying why", ({ make, why }) => {
    const { out, j } = output({ R1: 'crashed' });
    make(out);
    const spill = join(out, '.changes-R1.jsonl');
    if (!existsSync(spill)) writeFileSync(spill, `${row('B1', 8)}\n`, { mode: 0o600 }); // as a run writes it
    const { log, lines } = logged();
    expect(keepDeadRunSpills(out, j, log)).toEqual([]);
    expect(existsSync(join(out, '.changes-R1.jsonl'))).toBe(true);
    expect(lines.join('\n')).toMatch(/the change spill .*\.changes-R1\.jsonl of run R1 is left as it is: /);
    expect(lines.join('\n')).toMatch(why);
    j.close();
  });
});
