// @module-tag slow: rollbacks through the CLI, each writing its results workbook
/**
 * `spectrum-convert rollback`, in-process through the CLI on a journaled night (test/support/journaled-run.ts):
 * every refusal names what it refuses and writes nothing (no CRM write, no journal run); a rollback that goes
 * restores the before-state, journals a run of its own and prints exactly what it did.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { differences } from '../../src/core/simulate.js';
import type { BillerSnapshot } from '../../src/core/snapshot.js';
import type { TargetPort } from '../../src/targets/target-port.js';
import { ScriptedTarget } from '../support/faulty-target.js';
import { journaledRun, RUN_ID, type JournaledRun } from '../support/journaled-run.js';
import { runMain } from '../support/run-cli.js';

const KEY = 'ab'.repeat(32);
let night: JournaledRun | undefined;
afterEach(async () => {
  await night?.cleanup();
  night = undefined;
});

async function setup(numbers = [1, 2], key: string | null = KEY): Promise<JournaledRun> {
  night = await journaledRun(numbers, key ?? undefined);
  return night;
}

/** Counts CRM writes; `gone` billers read as missing from the CRM. */
function counting(gone: readonly string[] = []): { wrap: (t: TargetPort) => TargetPort; writes: () => number } {
  let s: ScriptedTarget | undefined;
  return {
    wrap: (t) => {
      s = new ScriptedTarget(t);
      const read = s.readSnapshot.bind(s);
      s.readSnapshot = (id) => (gone.includes(id) ? Promise.resolve(null) : read(id));
      return s;
    },
    writes: () => s?.writes ?? 0,
  };
}

const runsOf = async (n: JournaledRun) =>
  JSON.parse((await runMain(['history', '--json', ...n.args().slice(2, 4)])).out) as Array<{
    kind: string;
    ofRun: string | null;
    counts: Record<string, number> | null;
  }>;

/** Per biller (the journal's order): is the CRM back as before the night? */
function restored(n: JournaledRun): boolean[] {
  const store = n.crm();
  try {
    return n.before.map((b) => differences(b, store.snapshot(b.billerId)!, { maintenance: true }).length === 0);
  } finally {
    store.close();
  }
}

const named = (n: JournaledRun, i: number) => `${n.billers[i]!.billerName} (${n.billers[i]!.billerId})`;
const who = (n: JournaledRun, i: number) => `${n.billers[i]!.billerId} ${n.billers[i]!.billerName}`;
const header = (count: string) => new RegExp(`^rollback of run ${RUN_ID} \\(2026-\\S+Z\\): ${count}$`, 'm');

describe('rollback refuses, naming what, and changes nothing', () => {
  it('no journal: exit 2 naming its path', async () => {
    const n = await setup([]);
    const empty = join(n.dir, 'empty');
    const r = await runMain(['rollback', '--run', RUN_ID, '--output', empty, '--crm-db', n.args()[5]!, '--yes']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`no journal at ${join(empty, 'journal.db')}: nothing to roll back`);
  });

  it.each([
    ['a run id the journal does not hold', () => 'NOPE'],
    ['the id of a rollback (only a run is rolled back)', () => 'rollback-id'],
  ])('%s: exit 2, pointing at history, no write', async (_name, which) => {
    const n = await setup([1]);
    let runId = which();
    if (runId === 'rollback-id') {
      const first = await runMain(['rollback', '--run', RUN_ID, ...n.args('--yes', '--json')], n.env);
      runId = (JSON.parse(first.out) as { runId: string }).runId;
    }
    const t = counting();
    const r = await runMain(['rollback', '--run', runId, ...n.args('--yes')], n.env, { wrapTarget: t.wrap });
    expect(r.code).toBe(2);
    expect(r.err).toContain(`run ${runId} is not in the journal (see spectrum-convert history)`);
    expect(t.writes()).toBe(0);
  });

  it.each([
    ['no --run', ['rollback'], 'rollback needs --run RUN_ID (see spectrum-convert history)'],
    ['--only (the flag of run)', ['rollback', '--run', RUN_ID, '--only', 'X'], '--biller'],
    ['--run without a value', ['rollback', '--run'], '--run'],
  ])('%s: a usage error (exit 2), nothing opened', async (_name, argv, says) => {
    const n = await setup([1]);
    const t = counting();
    const r = await runMain([...argv, ...n.args()], n.env, { wrapTarget: t.wrap });
    expect(r.code).toBe(2);
    expect(r.err).toContain(says);
    expect(t.writes()).toBe(0);
    expect(restored(n)).toEqual([false]);
  });

  it('--dry-run with --yes: the dry run wins, previews, writes nothing (no journal run)', async () => {
    const n = await setup();
    const t = counting();
    const r = await runMain(['rollback', '--run', RUN_ID, ...n.args('--dry-run', '--yes')], n.env, {
      wrapTarget: t.wrap,
    });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(header('2 billers'));
    for (const i of [0, 1]) expect(r.err).toMatch(new RegExp(`^  ${who(n, i)}: \\d+ changes to restore$`, 'm'));
    expect(r.err).toContain(
      `dry run: nothing was changed. To roll back 2 biller(s) of run ${RUN_ID}: ` +
        `spectrum-convert rollback --run ${RUN_ID} --yes`,
    );
    expect(r.out).toBe('');
    expect(t.writes()).toBe(0);
    expect((await runsOf(n)).map((x) => x.kind)).toEqual(['run']);
  });

  it('off a terminal without --yes: exit 2 with the command to run, nothing written', async () => {
    const n = await setup([1]);
    const t = counting();
    const r = await runMain(
      ['rollback', '--run', RUN_ID, '--biller', n.billers[0]!.billerId, ...n.args('--force')],
      n.env,
      {
        wrapTarget: t.wrap,
      },
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `roll back 1 biller(s) of run ${RUN_ID} changes the CRM and nobody is at a terminal to confirm it: run it ` +
        `again with --yes (or --dry-run to see what it would do): spectrum-convert rollback --run ${RUN_ID} ` +
        `--biller ${n.billers[0]!.billerId} --force --yes`,
    );
    expect(t.writes()).toBe(0);
  });

  it('nothing to roll back: --biller ids the run did not convert warn, exit 1, no write, no journal run', async () => {
    const n = await setup();
    const t = counting();
    const r = await runMain(['rollback', '--run', RUN_ID, '--biller', 'NOT-IN-RUN', ...n.args('--yes')], n.env, {
      wrapTarget: t.wrap,
    });
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      `WARN --biller NOT-IN-RUN: run ${RUN_ID} converted no biller with this id (see spectrum-convert history ` +
        '--biller NOT-IN-RUN)',
      expect.stringMatching(header('0 billers')),
    ]);
    expect(t.writes()).toBe(0);
    expect((await runsOf(n)).map((x) => x.kind)).toEqual(['run']);
  });

  it('a run that converted no biller: 0 billers, exit 0, nothing asked or written', async () => {
    const n = await setup([]);
    const r = await runMain(['rollback', '--run', RUN_ID, ...n.args()], n.env);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(header('0 billers'));
    expect((await runsOf(n)).map((x) => x.kind)).toEqual(['run']);
  });
});

describe('secrets the journal cannot open: the biller is refused before any write (ROLLBACK.NEEDS_KEY)', () => {
  const names =
    '10 (RTDR Key or Password if Applicable), 13 (DataPump Payments EndPoint/WebService Password), ' +
    '16 (DataPump Paperless EndPoint/WebService Password), 19 (DataPump AutoPay EndPoint/WebService Password)';
  it.each([
    ['no journal key, then or now', null, null, 'only their fingerprints (no journal key was configured)'],
    ['another key than the night sealed with', KEY, 'cd'.repeat(32), 'them sealed with another key'],
  ])('%s', async (_name, nightKey, now, holds) => {
    const n = await setup([1], nightKey);
    const env = now ? { SPECTRUM_CONVERT_JOURNAL_KEY: now } : n.env;
    const t = counting();
    const r = await runMain(['rollback', '--run', RUN_ID, ...n.args('--yes')], env, { wrapTarget: t.wrap });
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `  ${who(n, 0)}: will be refused: Advanced Settings 10, 13, 16, 19 need the journal key of run ${RUN_ID}`,
    );
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(
      `blocked          ${named(n, 0)}: ROLLBACK.NEEDS_KEY Advanced Settings ` +
        `${names} must be restored but the journal holds ${holds}: nothing was changed. Set ` +
        `SPECTRUM_CONVERT_JOURNAL_KEY or journalKeyFile to the key of run ${RUN_ID}, then roll back again`,
    );
    expect(lines[1]).toBe('1 biller: 1 blocked');
    expect(t.writes()).toBe(0);
    expect(restored(n)).toEqual([false]);
  });
});

describe('another key, a biller whose state before held no secret (#13 item 5)', () => {
  /** The MIPS state without its secret settings: nothing of it needs the journal key to be restored. */
  const noSecrets = (s: BillerSnapshot): BillerSnapshot => {
    const advancedSettings = { ...s.advancedSettings };
    for (const k of [10, 13, 16, 19]) delete advancedSettings[k];
    return { ...s, advancedSettings };
  };

  it('handled on its own, not the whole command: refused as unverifiable, rolled back with --force', async () => {
    const n = (night = await journaledRun([1], KEY, noSecrets));
    const env = { SPECTRUM_CONVERT_JOURNAL_KEY: 'cd'.repeat(32) };
    const t = counting();
    const r = await runMain(['rollback', '--run', RUN_ID, ...n.args('--yes')], env, { wrapTarget: t.wrap });
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain(
      `blocked          ${named(n, 0)}: ROLLBACK.CHANGED_SINCE changed since run ${RUN_ID}, not overwritten ` +
        '(use --force to roll back anyway): advanced_setting 10: cannot be compared (journaled with another key)',
    );
    expect(t.writes()).toBe(0);
    const forced = await runMain(['rollback', '--run', RUN_ID, ...n.args('--force', '--yes')], env);
    expect(forced.code, forced.err).toBe(0);
    expect(restored(n)).toEqual([true]);
  });
});

describe('billers refused one by one, the others rolled back', () => {
  it('changed since the run: refused unless --force, naming what changed', async () => {
    const n = await setup();
    const victim = n.billers[1]!;
    const store = n.crm();
    store.write({
      billerId: victim.billerId,
      section: '7. Web Services / Advanced Settings',
      kind: 'advanced.set',
      entity: 'advanced_setting',
      key: 9,
      name: 'x',
      before: null,
      after: 'changed-by-a-person',
    });
    store.close();
    const dry = await runMain(['rollback', '--run', RUN_ID, ...n.args('--dry-run')], n.env);
    expect(dry.err).toContain(
      `  ${who(n, 1)}: changed since run ${RUN_ID}, will be refused (--force to roll back anyway): ` +
        'advanced_setting 9: differs',
    );
    const r = await runMain(['rollback', '--run', RUN_ID, ...n.args('--yes')], n.env);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `blocked          ${named(n, 1)}: ROLLBACK.CHANGED_SINCE changed since run ${RUN_ID}, ` +
        'not overwritten (use --force to roll back anyway): advanced_setting 9: differs',
    );
    expect(restored(n)).toEqual([true, false]);
    const forced = await runMain(
      ['rollback', '--run', RUN_ID, '--biller', victim.billerId, ...n.args('--force', '--dry-run')],
      n.env,
    );
    expect(forced.err).toMatch(
      new RegExp(`^  ${who(n, 1)}: \\d+ changes to restore \\(changed since the run: --force\\)$`, 'm'),
    );
    expect(
      (await runMain(['rollback', '--run', RUN_ID, '--biller', victim.billerId, ...n.args('--force', '--yes')], n.env))
        .code,
    ).toBe(0);
    expect(restored(n)).toEqual([true, true]);
  });

  it('in a maintenance window someone else holds: blocked, the window left open', async () => {
    const n = await setup();
    const store = n.crm();
    store.setMaintenance(n.billers[0]!.billerId, true, 'OTHER-RUN');
    store.close();
    const r = await runMain(['rollback', '--run', RUN_ID, ...n.args('--yes')], n.env);
    expect(r.err).toContain(`  ${who(n, 0)}: in a maintenance window now, will be refused`);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe(
      `blocked          ${named(n, 0)}: BLOCKED.IN_MAINTENANCE the biller is ` +
        "already in maintenance by run OTHER-RUN, a window this tool's journal did not open: it is not converted " +
        '(nor its window closed) while someone else holds it; end that window in the CRM once its holder is done, ' +
        'then run again',
    );
    const after = n.crm();
    expect(after.snapshot(n.billers[0]!.billerId)?.maintenance).toBe(true);
    after.close();
    expect(restored(n)).toEqual([false, true]);
  });

  it('gone from the CRM: failed (CRM.NOT_FOUND), the others rolled back', async () => {
    const n = await setup();
    const t = counting([n.billers[0]!.billerId]);
    const r = await runMain(['rollback', '--run', RUN_ID, ...n.args('--yes')], n.env, { wrapTarget: t.wrap });
    expect(r.err).toContain(`  ${who(n, 0)}: no longer in the CRM (will fail)`);
    expect(r.code).toBe(1);
    expect(r.out.split('\n').slice(0, 3)).toEqual([
      `failed           ${named(n, 0)}: CRM.NOT_FOUND the biller is no longer ` + 'in the CRM',
      `rolled-back      ${named(n, 1)}`,
      '2 billers: 1 failed, 1 rolled-back',
    ]);
  });

  it('a restore the CRM fails part way: failed, put back as the run left it, exit 1', async () => {
    const n = await setup([1]);
    const r = await runMain(['rollback', '--run', RUN_ID, ...n.args('--yes', '--json')], n.env, {
      wrapTarget: (t) => {
        const s = new ScriptedTarget(t);
        s.faults.set(n.billers[0]!.billerId, { at: 3 });
        return s;
      },
    });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ exitCode: 1, counts: { failed: 1, 'rolled-back': 0 } });
    expect(restored(n)).toEqual([false]);
  });
});

describe('a rollback that goes', () => {
  it('restores the before-state, prints each biller, the counts, the results and its run id', async () => {
    const n = await setup();
    const r = await runMain(['rollback', '--run', RUN_ID, ...n.args('--yes')], n.env);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      `rolled-back      ${named(n, 0)}`,
      `rolled-back      ${named(n, 1)}`,
      '2 billers: 2 rolled-back',
    ]);
    expect(lines[3]).toMatch(/^Results: .*output\/results-\d{4}-\d\d-\d\dT\d{6}\.xlsx$/);
    expect(lines[4]).toMatch(/^Rollback run id: \d{8}T\d{6}Z-[0-9a-f]{4}$/);
    expect(lines).toHaveLength(5);
    expect(restored(n)).toEqual([true, true]);
    expect(await runsOf(n)).toMatchObject([
      { kind: 'rollback', ofRun: RUN_ID, counts: { 'rolled-back': 2 } },
      { kind: 'run', ofRun: null },
    ]);
  });

  it('--json: the run id, what it rolled back, exit code, counts, results and unmatched ids', async () => {
    const n = await setup();
    const only = `${n.billers[0]!.billerId},NOT-IN-RUN`;
    const r = await runMain(['rollback', '--run', RUN_ID, '--biller', only, ...n.args('--yes', '--json')], n.env);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['runId', 'rollbackOf', 'exitCode', 'counts', 'results', 'unmatched']);
    expect(j).toMatchObject({
      rollbackOf: RUN_ID,
      exitCode: 1,
      counts: { 'rolled-back': 1 },
      results: { xlsx: expect.stringMatching(/\.xlsx$/), json: expect.stringMatching(/\.json$/) },
      unmatched: ['NOT-IN-RUN'],
    });
    expect(restored(n)).toEqual([true, false]);
  });

  it('asked on a terminal: the question names the count; "y" goes', async () => {
    const n = await setup();
    const asked: string[] = [];
    const r = await runMain(['rollback', '--run', RUN_ID, ...n.args()], n.env, {
      interactive: true,
      ask: (q) => {
        asked.push(q);
        return Promise.resolve('y');
      },
    });
    expect(asked).toEqual([`roll back 2 biller(s) of run ${RUN_ID}? [y/N] `]);
    expect(r.code).toBe(0);
    expect(restored(n)).toEqual([true, true]);
  });

  it('a second rollback: refused as changed since; with --force, already as before, nothing written', async () => {
    const n = await setup([1]);
    expect((await runMain(['rollback', '--run', RUN_ID, ...n.args('--yes')], n.env)).code).toBe(0);
    const again = await runMain(['rollback', '--run', RUN_ID, ...n.args('--dry-run')], n.env);
    expect(again.err).toMatch(new RegExp(`^  ${who(n, 0)}: changed since run ${RUN_ID}, will be refused`, 'm'));
    const t = counting();
    const forced = await runMain(['rollback', '--run', RUN_ID, ...n.args('--force', '--yes')], n.env, {
      wrapTarget: t.wrap,
    });
    expect(forced.err).toContain(`  ${who(n, 0)}: already as before the run (changed since the run: --force)`);
    expect(forced.code).toBe(0);
    expect(forced.out.split('\n')[0]).toBe(`rolled-back      ${named(n, 0)}`);
    expect(t.writes()).toBe(0);
  });
});
