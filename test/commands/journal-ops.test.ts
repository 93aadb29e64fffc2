// @module-tag slow: whole nights with the journal, crashes and rollbacks
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { differences } from '../../src/core/simulate.js';
import { Journal } from '../../src/journal/journal.js';
import { createSealer } from '../../src/journal/seal.js';
import { createMasker } from '../../src/mask.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { TargetError, type TargetPort } from '../../src/targets/target-port.js';
import { ScriptedTarget } from '../support/faulty-target.js';
import { makeNight, type Night } from '../support/night.js';
import { inFlightAfterCrash } from '../support/journal-probe.js';
import { runKilledAfter } from '../support/killed-run.js';
import { exitedPid } from '../support/pids.js';
import { runMain, jsonSummary } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { billerIdOf, sampleBiller, tableWorkbook } from '../support/workbooks.js';

const NOW = '2026-11-26';
const KEY_ENV = { SPECTRUM_CONVERT_JOURNAL_KEY: 'ab'.repeat(32) };
let night: Night | undefined;
afterEach(async () => {
  await night?.cleanup();
  night = undefined;
});

const list = Array.from({ length: 3 }, (_, i) =>
  sampleBiller(i + 200, { rtdrPassword: `JOURNALpw${i}z`, paymentsPrivateKey: `JOURNALkey${i}z` }),
);
const id = billerIdOf;

async function setup(billers = list): Promise<Night> {
  night = await makeNight(billers.map(mipsSnapshotFor));
  await night.drop('table.xlsx', await tableWorkbook('Billers', billers));
  return night;
}

function runIdOf(out: string): string {
  const m = /"runId": "([^"]+)"/.exec(out) ?? /Run id: (\S+)/.exec(out);
  if (!m?.[1]) throw new Error(`no run id in ${out}`);
  return m[1];
}

function journalBytes(n: Night): string {
  return ['journal.db', 'journal.db-wal']
    .map((f) => join(n.output, f))
    .filter(existsSync)
    .map((f) => readFileSync(f).toString('latin1'))
    .join('');
}

describe('the run journal', () => {
  it.each([
    ['with a key', KEY_ENV],
    ['without a key', {}],
  ])('records every change, never a secret in clear (%s)', async (_name, env) => {
    const n = await setup();
    const r = await runMain(['run', ...n.args('--now', NOW, '--json')], env);
    expect(r.code).toBe(0);
    const j = Journal.open(
      join(n.output, 'journal.db'),
      createSealer(undefined, () => ''),
    );
    const run = j.runs(1)[0];
    expect(run).toMatchObject({
      id: runIdOf(r.out),
      kind: 'run',
      state: 'done',
      exitCode: 0,
      counts: { converted: 3 },
    });
    for (const b of list) {
      const story = j.billerHistory(id(b));
      expect(story).toMatchObject([
        { status: 'converted', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), inFlight: false },
      ]);
      expect(story[0]?.changes).toBeGreaterThan(15);
    }
    j.close();
    const bytes = journalBytes(n);
    for (const secret of [
      ...list.flatMap((b) => [b.rtdrPassword, b.paymentsPrivateKey, b.rtdrPrivateKey, b.paymentsPassword].map(String)),
      'oldK|oldP',
      'oldK2|oldP2',
      'plpw',
    ]) {
      expect(bytes.includes(secret), secret).toBe(false);
    }
  });

  it(
    'a worksheet already converted, CRM unchanged: ' +
      'already-converted with no write; an edited one is planned afresh',
    async () => {
      const n = await setup();
      const first = await runMain(['run', ...n.args('--now', NOW, '--no-archive', '--json')]);
      const t = new Map<string, ScriptedTarget>();
      const wrap = (key: string) => (inner: TargetPort) => {
        const s = new ScriptedTarget(inner);
        t.set(key, s);
        return s;
      };
      const second = await runMain(
        ['run', ...n.args('--now', NOW, '--no-archive', '--json')],
        {},
        { wrapTarget: wrap('second') },
      );
      expect(jsonSummary(second.out).counts['already-converted']).toBe(3);
      expect(t.get('second')?.writes).toBe(0);
      const results = JSON.parse(readFileSync(jsonSummary(second.out).results.json, 'utf8')) as {
        billers: Array<{ message: string }>;
      };
      expect(results.billers.every((b) => b.message.includes(`unchanged since run ${runIdOf(first.out)}`))).toBe(true);

      await n.drop(
        'table.xlsx',
        await tableWorkbook('Billers', [
          { ...list[0]!, rtdrUrl: 'https://moved.example.com/rtdr' },
          list[1]!,
          list[2]!,
        ]),
      );
      const third = await runMain(['run', ...n.args('--now', NOW, '--json')]);
      expect(jsonSummary(third.out).counts).toMatchObject({ converted: 1, 'already-converted': 2 });
      const r3 = JSON.parse(readFileSync(jsonSummary(third.out).results.json, 'utf8')) as {
        billers: Array<{ billerId: string; message: string; status: string }>;
      };
      expect(r3.billers.find((b) => b.billerId === id(list[0]!))?.message).toContain(
        'the worksheet changed since the conversion in run',
      );
    },
  );
});

describe('crash recovery', () => {
  it(
    'a run killed mid-biller is recovered by the next: ' +
      'converted, nothing left in maintenance, stale lock taken over',
    async () => {
      const n = await setup();
      const child = runKilledAfter(6, ['run', ...n.args('--now', NOW, '--concurrency', '1')], KEY_ENV);
      expect(child.signal).toBe('SIGKILL');
      const inFlight = await inFlightAfterCrash(
        join(n.output, 'journal.db'),
        createSealer(Buffer.from(KEY_ENV.SPECTRUM_CONVERT_JOURNAL_KEY, 'hex'), createMasker(Buffer.alloc(32))),
      );
      expect(inFlight).toHaveLength(1);
      expect(inFlight[0]?.applied).toBeGreaterThanOrEqual(4);
      const victim = inFlight[0]!.billerId;
      const mid = n.crm();
      expect(mid.snapshot(victim)?.maintenance).toBe(true);
      mid.close();
      expect(existsSync(join(n.input, '.spectrum-convert.lock'))).toBe(true);

      const next = await runMain(['run', ...n.args('--now', NOW, '--json')], KEY_ENV);
      expect(next.err).toMatch(/took over a stale lock/);
      expect(next.code).toBe(0);
      expect(jsonSummary(next.out).counts.converted).toBe(3);
      const results = JSON.parse(readFileSync(jsonSummary(next.out).results.json, 'utf8')) as {
        followUps: Array<{ billerId: string; code: string }>;
      };
      expect(results.followUps).toContainEqual(expect.objectContaining({ billerId: victim, code: 'RECOVERED' }));
      const store = n.crm();
      for (const b of list)
        expect(store.snapshot(id(b))).toMatchObject({
          maintenance: false,
          profile: { integrationPartner: 'IMT Spectrum' },
        });
      store.close();
      expect(existsSync(join(n.input, '.spectrum-convert.lock'))).toBe(false);
    },
    60_000,
  );

  it("a run killed after its first biller: that biller's change rows are kept and said, never lost (#13)", async () => {
    const n = await setup();
    const spills = () => readdirSync(n.output).filter((f) => f.startsWith('.changes-'));
    // Killed 30 writes in: the first biller converted (its rows spilled), the second mid-conversion.
    const child = runKilledAfter(30, ['run', ...n.args('--now', NOW, '--concurrency', '1')], KEY_ENV);
    expect(child.signal).toBe('SIGKILL');
    expect(spills()).toHaveLength(1);
    const dead = /^\.changes-(.+)\.jsonl$/.exec(spills()[0]!)![1]!;
    const rows = readFileSync(join(n.output, spills()[0]!), 'utf8');
    const first = (JSON.parse(rows.split('\n')[0]!) as { billerId: string }).billerId;
    expect(rows.split('\n').filter(Boolean).length).toBeGreaterThan(15);

    const next = await runMain(['run', ...n.args('--now', NOW, '--json')], KEY_ENV);
    expect(next.code, next.err).toBe(0);
    const kept = join(n.output, `changes-of-run-${dead}.jsonl`);
    expect(spills()).toEqual([]); // neither the dead run's nor this run's is left hidden
    expect(readFileSync(kept, 'utf8')).toBe(rows);
    expect(next.err).toContain(`run ${dead} stopped before writing its results: the `);
    expect(next.err).toContain(`are kept in ${kept}`);
    const results = JSON.parse(readFileSync(jsonSummary(next.out).results.json, 'utf8')) as {
      followUps: Array<{ billerId: string; code: string; reason: string }>;
    };
    expect(results.followUps).toContainEqual(
      expect.objectContaining({
        billerId: first,
        code: 'FOLLOW_UP.CHANGES_KEPT',
        reason: expect.stringContaining(kept),
      }),
    );
    expect(results.followUps).toContainEqual(expect.objectContaining({ code: 'RECOVERED' }));
  }, 60_000);

  it.each([
    { lease: 'past its time', until: -12 * 60_000, taken: true },
    { lease: 'live', until: 5 * 60_000, taken: false },
  ])(
    'a run of another host sharing the journal, its lease $lease: taken over $taken (#13)',
    async ({ until, taken }) => {
      const n = await setup();
      const child = runKilledAfter(6, ['run', ...n.args('--now', NOW, '--concurrency', '1')], KEY_ENV);
      expect(child.signal).toBe('SIGKILL');
      // As if that run had been on another host (a journal on a network path): its pid means nothing here.
      const db = new Database(join(n.output, 'journal.db'));
      const leaseUntil = new Date(Date.now() + until).toISOString();
      db.prepare("UPDATE runs SET host = 'host-b', lease_until = ?").run(leaseUntil);
      const dead = db.prepare('SELECT id FROM runs').pluck().get() as string;
      const victim = db.prepare('SELECT biller_id FROM billers WHERE in_flight = 1').pluck().get() as string;
      db.close();

      const next = await runMain(['run', ...n.args('--now', NOW, '--json')], KEY_ENV);
      const j = Journal.open(
        join(n.output, 'journal.db'),
        createSealer(undefined, () => ''),
      );
      const results = JSON.parse(readFileSync(jsonSummary(next.out).results.json, 'utf8')) as {
        followUps: Array<{ billerId: string; code: string }>;
      };
      const store = n.crm();
      if (taken) {
        expect(next.err).toMatch(
          new RegExp(
            `run ${dead} did not finish \\(killed or crashed\\): ` +
              'its journal lease \\(pid \\d+ on host host-b\\) ran out 12 min ago',
          ),
        );
        expect(next.code, next.err).toBe(0);
        expect(j.run(dead)?.state).toBe('crashed');
        expect(results.followUps).toContainEqual(expect.objectContaining({ billerId: victim, code: 'RECOVERED' }));
        expect(store.snapshot(victim)).toMatchObject({
          maintenance: false,
          profile: { integrationPartner: 'IMT Spectrum' },
        });
      } else {
        expect(next.err).toContain(
          `run ${dead} (pid ${child.pid} on host host-b) holds a live journal lease until ${leaseUntil}`,
        );
        expect(next.err).not.toMatch(/did not finish|stopped while converting/);
        expect(j.run(dead)?.state).toBe('running');
        expect(j.billerHistory(victim).filter((r) => r.runId === dead)).toMatchObject([{ inFlight: true }]);
        expect(results.followUps).toContainEqual(
          expect.objectContaining({ billerId: victim, code: 'FOLLOW_UP.IN_FLIGHT_ELSEWHERE' }),
        );
        expect(store.snapshot(victim)?.maintenance).toBe(true); // its window, untouched
      }
      store.close();
      j.close();
    },
    60_000,
  );

  it(
    'a restore that fails does not strand the biller: ' + 'the night converts it anyway and clears it from the journal',
    async () => {
      const n = await setup();
      const child = runKilledAfter(6, ['run', ...n.args('--now', NOW, '--concurrency', '1')], KEY_ENV);
      expect(child.signal).toBe('SIGKILL');
      let writes = 0;
      // The first write of the next run (the recovery's) fails; everything after succeeds.
      const next = await runMain(['run', ...n.args('--now', NOW, '--json')], KEY_ENV, {
        wrapTarget: (t) => {
          const s = new ScriptedTarget(t);
          const apply = s.apply.bind(s);
          s.apply = async (c) => {
            if (++writes <= 1) throw new TargetError('transient', 'down');
            return apply(c);
          };
          return s;
        },
      });
      expect(next.err).toMatch(/restoring it failed/);
      expect(jsonSummary(next.out).counts.converted).toBe(3);
      const j = Journal.open(
        join(n.output, 'journal.db'),
        createSealer(Buffer.from(KEY_ENV.SPECTRUM_CONVERT_JOURNAL_KEY, 'hex'), createMasker(Buffer.alloc(32))),
      );
      expect(j.inFlight()).toEqual([]);
      j.close();
      const store = n.crm();
      for (const b of list)
        expect(store.snapshot(id(b))).toMatchObject({
          maintenance: false,
          profile: { integrationPartner: 'IMT Spectrum' },
        });
      store.close();
    },
    60_000,
  );
});

describe('the run lock', () => {
  it('two runs at once: exactly one applies, the other exits 75 naming the holder', async () => {
    const n = await setup();
    let started!: () => void;
    const holding = new Promise<void>((r) => {
      started = r;
    });
    const first = runMain(
      ['run', ...n.args('--now', NOW, '--json')],
      {},
      {
        wrapTarget: (t) => {
          const s = new ScriptedTarget(t);
          s.delayMs = 15;
          s.onCall = () => started();
          return s;
        },
      },
    );
    await holding;
    const second = await runMain(['run', ...n.args('--now', NOW)]);
    expect(second.code).toBe(75);
    expect(second.err).toMatch(new RegExp(`pid ${process.pid} on .+, started 20`));
    expect((await first).code).toBe(0);
  });

  it('a stale lock from a dead process is taken over with a warning; unlock --force clears a live one', async () => {
    const n = await setup();
    writeFileSync(
      join(n.input, '.spectrum-convert.lock'),
      JSON.stringify({
        pid: exitedPid(),
        host: (await import('node:os')).hostname(),
        startedAt: '2026-01-01T00:00:00Z',
        runId: 'DEAD',
      }),
    );
    const r = await runMain(['run', ...n.args('--now', NOW, '--no-archive')]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/took over a stale lock .* run DEAD/);
    writeFileSync(
      `${n.crmDb}.lock`,
      JSON.stringify({
        pid: process.pid,
        host: (await import('node:os')).hostname(),
        startedAt: '2026-01-01T00:00:00Z',
        runId: 'ALIVE',
      }),
    );
    expect((await runMain(['run', ...n.args('--now', NOW)])).code).toBe(75);
    // Commands that write to the same CRM outside a night respect the lock too.
    expect((await runMain(['convert', n.input, '--output', n.output, '--crm-db', n.crmDb])).code).toBe(75);
    expect(
      (await runMain(['crm', 'import', join(n.dir, 'any.csv'), '--output', n.output, '--crm-db', n.crmDb])).code,
    ).toBe(75);
    expect((await runMain(['unlock', ...n.args()])).code).toBe(2);
    const u = await runMain(['unlock', '--force', ...n.args()]);
    expect(u.out).toMatch(/removed .* \(run ALIVE/);
    expect((await runMain(['run', ...n.args('--now', NOW)])).code).toBe(0);
  });
});

describe('rollback and history', () => {
  it('restores the exact before-state (with the key), is a run of its own, and shows in history', async () => {
    const n = await setup();
    const run = await runMain(['run', ...n.args('--now', NOW, '--json')], KEY_ENV);
    const runId = runIdOf(run.out);
    const rb = await runMain(['rollback', '--run', runId, ...n.args('--json', '--yes')], KEY_ENV);
    expect(rb.code).toBe(0);
    expect(JSON.parse(rb.out)).toMatchObject({ rollbackOf: runId, counts: { 'rolled-back': 3 } });
    expect(existsSync(jsonSummary(rb.out).results.xlsx)).toBe(true);
    const store = n.crm();
    for (const b of list)
      expect(differences(mipsSnapshotFor(b), store.snapshot(id(b))!, { maintenance: true })).toEqual([]);
    store.close();
    const h = await runMain(['history', '--output', n.output]);
    expect(h.out.split('\n')[0]).toMatch(new RegExp(`rollback .* 3 rolled-back .*rollback of ${runId}`));
    const story = await runMain(['history', '--biller', id(list[0]!), '--output', n.output]);
    expect(story.out).toMatch(/run .* converted/);
    expect(story.out).toMatch(/rollback .* rolled-back/);
  });

  it('refuses a biller changed since the run (unless --force), rolls back the others', async () => {
    const n = await setup();
    const runId = runIdOf((await runMain(['run', ...n.args('--now', NOW, '--json')], KEY_ENV)).out);
    const store = n.crm();
    const victim = id(list[1]!);
    store.write({
      billerId: victim,
      section: '7. Web Services / Advanced Settings',
      kind: 'advanced.set',
      entity: 'advanced_setting',
      key: 9,
      name: 'x',
      before: null,
      after: 'changed-by-a-person',
    });
    store.close();
    const rb = await runMain(['rollback', '--run', runId, ...n.args('--json', '--yes')], KEY_ENV);
    expect(rb.code).toBe(1);
    expect(jsonSummary(rb.out).counts).toMatchObject({ 'rolled-back': 2, blocked: 1 });
    const after = n.crm();
    expect(after.snapshot(victim)?.advancedSettings[9]).toBe('changed-by-a-person');
    after.close();
    const forced = await runMain(
      ['rollback', '--run', runId, '--biller', victim, '--force', ...n.args('--json', '--yes')],
      KEY_ENV,
    );
    expect(jsonSummary(forced.out).counts['rolled-back']).toBe(1);
  });

  // This test used to assert a half restore (old URLs beside new secrets, exit 0): the defect of issue #13.
  it(
    'no key configured: the first run makes one and says so; ' +
      'a rollback without it refuses the biller before any write',
    async () => {
      const n = await setup([list[0]!]);
      const made = { XDG_CONFIG_HOME: join(n.dir, 'config') };
      const run = await runMain(['run', ...n.args('--now', NOW, '--json')], made);
      expect(run.err).toMatch(/made a journal key .*config\/spectrum-convert\/journal\.key \(mode 0600\).*Back it up/);
      expect(statSync(join(n.dir, 'config', 'spectrum-convert', 'journal.key')).mode & 0o777).toBe(0o600);
      const runId = runIdOf(run.out);
      const converted = n.crm();
      const left = converted.snapshot(id(list[0]!))!;
      converted.close();

      const refused = await runMain(['rollback', '--run', runId, ...n.args('--yes')], {
        XDG_CONFIG_HOME: join(n.dir, 'elsewhere'),
      });
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(
        /blocked .*ROLLBACK\.NEEDS_KEY Advanced Settings 10 .*13 .*16 .*19 .*nothing was changed/,
      );
      const still = n.crm();
      expect(differences(left, still.snapshot(id(list[0]!))!, { maintenance: true })).toEqual([]);
      expect(still.snapshot(id(list[0]!))?.maintenance).toBe(false);
      still.close();

      const rb = await runMain(['rollback', '--run', runId, ...n.args('--yes')], made);
      expect(rb.code).toBe(0);
      const store = n.crm();
      expect(differences(mipsSnapshotFor(list[0]!), store.snapshot(id(list[0]!))!, { maintenance: true })).toEqual([]);
      store.close();
      expect(new Secret('x').toString()).toBe('[secret]');
    },
  );

  // The test above first checks the key message; this one reads the CRM first, so a half restore (the
  // old MIPS URLs beside the new secrets) fails it on its own, whatever the messages say.
  it(
    'a rollback refused for want of its key writes nothing: ' + 'settings 8-13 byte-identical, no window open',
    async () => {
      const n = await setup([list[0]!]);
      const made = { XDG_CONFIG_HOME: join(n.dir, 'config') };
      const runId = runIdOf((await runMain(['run', ...n.args('--now', NOW, '--json')], made)).out);
      const crmRows = () => {
        const db = new Database(n.crmDb, { readonly: true });
        try {
          return {
            settings: db
              .prepare('SELECT number, value FROM advanced_settings WHERE biller_id = ? AND number BETWEEN 8 AND 13')
              .all(id(list[0]!)),
            biller: db.prepare('SELECT maintenance, version FROM billers WHERE id = ?').get(id(list[0]!)),
          };
        } finally {
          db.close();
        }
      };
      const before = crmRows();
      expect(before.settings).toHaveLength(6);
      expect(before.biller).toMatchObject({ maintenance: 0 });

      const refused = await runMain(['rollback', '--run', runId, ...n.args('--yes', '--json')], {
        XDG_CONFIG_HOME: join(n.dir, 'elsewhere'),
      });
      // Every write bumps the biller's version: the same version is no write at all, not even a window.
      expect(crmRows()).toEqual(before);
      expect(refused.code).toBe(1);
      expect(jsonSummary(refused.out).counts).toMatchObject({ blocked: 1, 'rolled-back': 0 });
    },
  );
});

describe('one journal, two CRMs (#13)', () => {
  /** CRM B: a second embedded database with the same billers, and an input folder of its own. */
  async function crmB(n: Night) {
    const db = join(n.dir, 'crm-b.db');
    const store = CrmStore.open(db);
    store.putSnapshots(list.map(mipsSnapshotFor));
    store.close();
    const input = join(n.dir, 'input-b');
    mkdirSync(input);
    const sheet = join(input, 'table.xlsx');
    writeFileSync(sheet, await tableWorkbook('Billers', list));
    const t = new Date(Date.now() - 3600_000);
    utimesSync(sheet, t, t);
    return { db, args: (...extra: string[]) => ['--input', input, '--output', n.output, '--crm-db', db, ...extra] };
  }
  const everyBiller = (s: CrmStore) => list.map((b) => s.snapshot(id(b)));

  it('killed on CRM B: a night on CRM A leaves its biller alone, says so; one on B recovers it', async () => {
    const n = await setup();
    const b = await crmB(n);
    const first = await runMain(['run', ...n.args('--now', NOW, '--json', '--no-archive')], KEY_ENV);
    expect(first.code, first.err).toBe(0); // CRM A: every biller converted
    const runA = runIdOf(first.out);
    const child = runKilledAfter(6, ['run', ...b.args('--now', NOW, '--concurrency', '1')], KEY_ENV);
    expect(child.signal).toBe('SIGKILL');
    const db = new Database(join(n.output, 'journal.db'));
    const dead = db.prepare("SELECT id FROM runs WHERE id <> ? AND kind = 'run'").pluck().get(runA) as string;
    const victim = db.prepare('SELECT biller_id FROM billers WHERE in_flight = 1').pluck().get() as string;
    db.close();
    const storeA = n.crm();
    const aBefore = everyBiller(storeA);
    storeA.close();

    const onA = await runMain(['run', ...n.args('--now', NOW, '--json', '--no-archive')], KEY_ENV);
    const j = Journal.open(
      join(n.output, 'journal.db'),
      createSealer(undefined, () => ''),
    );
    const afterA = n.crm();
    list.forEach((x, i) => expect(differences(aBefore[i]!, afterA.snapshot(id(x))!)).toEqual([]));
    afterA.close();
    expect(j.billerHistory(victim).filter((r) => r.runId === dead)).toMatchObject([{ inFlight: true }]);
    const says =
      `run ${dead} converted the embedded CRM ${realpathSync(b.db)}, not this night's CRM ` +
      `(the embedded CRM ${realpathSync(n.crmDb)}): its biller in flight (${victim}) is left in flight`;
    expect(onA.err).toContain(says);
    expect(onA.err).not.toMatch(/stopped while converting/);
    expect(onA.code, onA.err).toBe(0); // as a biller left in flight to a live run elsewhere
    const results = JSON.parse(readFileSync(jsonSummary(onA.out).results.json, 'utf8')) as {
      followUps: Array<{ billerId: string; code: string }>;
    };
    expect(results.followUps).toContainEqual(
      expect.objectContaining({ billerId: victim, code: 'FOLLOW_UP.IN_FLIGHT_OTHER_CRM' }),
    );

    const onB = await runMain(['run', ...b.args('--now', NOW, '--json')], KEY_ENV);
    expect(onB.code, onB.err).toBe(0);
    expect(onB.err).toContain(`Run ${dead} stopped while converting this biller`);
    expect(j.inFlight()).toEqual([]);
    const storeB = CrmStore.open(b.db);
    expect(storeB.snapshot(victim)).toMatchObject({
      maintenance: false,
      profile: { integrationPartner: 'IMT Spectrum' },
    });
    storeB.close();
    j.close();
  }, 60_000);

  it('rollback --run of a run on CRM A against CRM B is refused before any write, naming both', async () => {
    const n = await setup();
    const b = await crmB(n);
    const first = await runMain(['run', ...n.args('--now', NOW, '--json')], KEY_ENV);
    expect(first.code, first.err).toBe(0);
    const runA = runIdOf(first.out);
    const storeB = CrmStore.open(b.db);
    const bBefore = everyBiller(storeB);
    storeB.close();
    const rb = await runMain(['rollback', '--run', runA, ...b.args('--json', '--yes', '--force')], KEY_ENV);
    expect(rb.code).toBe(2);
    expect(rb.err).toContain(
      `run ${runA} converted the embedded CRM ${realpathSync(n.crmDb)}, not the embedded CRM ` +
        `${realpathSync(b.db)}: rolling it back here would write its states before into another CRM. ` +
        'Nothing was written',
    );
    const afterB = CrmStore.open(b.db);
    list.forEach((x, i) => expect(differences(bBefore[i]!, afterB.snapshot(id(x))!)).toEqual([]));
    afterB.close();
  });
});
