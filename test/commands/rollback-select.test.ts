/** What a rollback is about: the journal and run refusals (before the CRM is touched) and the --biller choice. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withContext } from '../../src/commands/context.js';
import {
  openRollbackJournal,
  requireSameCrm,
  selectBillers,
  type ConvertedBiller,
} from '../../src/commands/rollback-select.js';
import { loadConfig } from '../../src/config.js';
import { UsageError } from '../../src/errors.js';
import { journaledRun, RUN_ID, type JournaledRun } from '../support/journaled-run.js';

let night: JournaledRun | undefined;
afterEach(async () => {
  await night?.cleanup();
  night = undefined;
});
const quiet = (env: Record<string, string>) => ({ out: () => {}, err: () => {}, env });

describe('openRollbackJournal', () => {
  it('opens the journal with its key and returns the run', async () => {
    night = await journaledRun([1], 'ab'.repeat(32));
    const n = night;
    await withContext(n.config, quiet(n.env), async (ctx) => {
      const { run, sealer, journal } = openRollbackJournal(RUN_ID, ctx);
      expect(run).toMatchObject({ id: RUN_ID, kind: 'run', state: 'done' });
      expect(sealer.canOpen).toBe(true);
      expect(journal.converted(RUN_ID).map((c) => c.record.billerId)).toEqual([n.billers[0]!.billerId]);
      // The key opens every secret the night sealed: nothing is unknown.
      expect(journal.converted(RUN_ID)[0]?.before.unknownSecrets.size).toBe(0);
    });
  });

  it('without a key: the journal opens, its secrets known only by fingerprint', async () => {
    night = await journaledRun([1]);
    await withContext(night.config, quiet(night.env), async (ctx) => {
      const { sealer, journal } = openRollbackJournal(RUN_ID, ctx);
      expect(sealer.canOpen).toBe(false);
      expect([...journal.converted(RUN_ID)[0]!.before.unknownSecrets.keys()]).toEqual([10, 13, 16, 19]);
    });
  });

  it('no journal: a usage error naming its path, and no journal created', async () => {
    night = await journaledRun([]);
    const output = join(night.dir, 'elsewhere');
    const config = await loadConfig({ overrides: { output, crmDb: night.config.crmDb } });
    await withContext(config, quiet(night.env), async (ctx) => {
      expect(() => openRollbackJournal(RUN_ID, ctx)).toThrow(
        new UsageError(`no journal at ${join(output, 'journal.db')}: nothing to roll back`),
      );
    });
    expect(existsSync(join(output, 'journal.db'))).toBe(false);
  });

  it.each([['NOPE'], ['ROLLBACK-1']])('run %s is not a run of the journal: a usage error', async (id) => {
    night = await journaledRun([1], 'ab'.repeat(32));
    await withContext(night.config, quiet(night.env), async (ctx) => {
      const j = ctx.journal();
      const base = { host: 'h', user: 'u', pid: 1, options: '{}', toolVersion: '0', startedAt: '2026-11-27T00:00:00Z' };
      j.startRun({ ...base, id: 'ROLLBACK-1', kind: 'rollback', ofRun: RUN_ID });
      expect(() => openRollbackJournal(id, ctx)).toThrow(
        new UsageError(`run ${id} is not in the journal (see spectrum-convert history)`),
      );
    });
  });
});

describe('selectBillers', () => {
  const converted = ['A', 'B', 'C'].map((billerId) => ({ record: { billerId } }) as ConvertedBiller);
  const ids = (list: readonly ConvertedBiller[]) => list.map((c) => c.record.billerId);

  it.each<[string, string[] | undefined, string[], string[]]>([
    ['every biller without --biller', undefined, ['A', 'B', 'C'], []],
    ['the ones asked for, in the journal order', ['C', 'A'], ['A', 'C'], []],
    ['ids the run did not convert are unmatched', ['B', 'X', 'Y'], ['B'], ['X', 'Y']],
    ['none of them', ['X'], [], ['X']],
  ])('%s', (_name, only, chosen, unmatched) => {
    const warned: string[] = [];
    const s = selectBillers(converted, { runId: 'R', ...(only ? { billers: new Set(only) } : {}) }, (l) =>
      warned.push(l),
    );
    expect(ids(s.chosen)).toEqual(chosen);
    expect(s.unmatched).toEqual(unmatched);
    expect(warned).toEqual(
      unmatched.map(
        (b) =>
          `WARN --biller ${b}: run R converted no biller with this id (see spectrum-convert history --biller ${b})`,
      ),
    );
  });
});

describe('requireSameCrm: a rollback writes only into the CRM the run converted (#13)', () => {
  const A = { key: 'sqlite:1-1', label: 'the embedded CRM /srv/a.db' };
  const B = { key: 'sqlite:1-2', label: 'the embedded CRM /srv/b.db' };
  it.each([
    { name: 'the same CRM', recorded: A, tonight: A, refused: null, warned: [] },
    {
      name: 'another CRM: refused, naming both',
      recorded: A,
      tonight: B,
      refused:
        'run R1 converted the embedded CRM /srv/a.db, not the embedded CRM /srv/b.db: rolling it back here would ' +
        'write its states before into another CRM. Nothing was written; roll it back against the embedded CRM ' +
        '/srv/a.db',
      warned: [],
    },
    {
      name: 'a run that recorded none: said, not refused',
      recorded: null,
      tonight: B,
      refused: null,
      warned: [
        'WARN run R1 did not record which CRM it converted (an earlier version started it): whether it is the ' +
          'embedded CRM /srv/b.db cannot be checked; each biller is compared with the state that run left instead',
      ],
    },
  ])('$name', ({ recorded, tonight, refused, warned }) => {
    const lines: string[] = [];
    const go = () => requireSameCrm('R1', recorded, tonight, (l) => lines.push(l));
    if (refused) expect(go).toThrow(new UsageError(refused));
    else go();
    expect(lines).toEqual(warned);
  });
});
