// @module-tag slow: rollbacks and imports through the CLI
/** Destructive commands: each previewed and dry, confirmed, and refused; nothing changes unless confirmed. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { makeNight, type Night } from '../support/night.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { billerIdOf, sampleBiller, tableWorkbook } from '../support/workbooks.js';

const NOW = '2026-11-26';
const KEY = { SPECTRUM_CONVERT_JOURNAL_KEY: 'cd'.repeat(32) };
const list = [sampleBiller(11), sampleBiller(12)];
const id = billerIdOf;
let night: Night | undefined;
afterEach(async () => {
  await night?.cleanup();
  night = undefined;
});

/** A night converted: the CRM holds both billers as IMT Spectrum; returns the run id. */
async function converted(): Promise<{ n: Night; runId: string }> {
  night = await makeNight(list.map(mipsSnapshotFor));
  await night.drop('table.xlsx', await tableWorkbook('Billers', list));
  const r = await runMain(['run', ...night.args('--now', NOW, '--json', '--no-archive')], KEY);
  expect(r.code).toBe(0);
  return { n: night, runId: (JSON.parse(r.out) as { runId: string }).runId };
}

function partners(n: Night): string[] {
  const store = n.crm();
  try {
    return list.map((b) => store.snapshot(id(b))!.profile.integrationPartner);
  } finally {
    store.close();
  }
}

const runsInJournal = async (n: Night) => (await runMain(['history', '--output', n.output, '--json'])).out;

describe('rollback: preview, then confirm', () => {
  it('--dry-run previews every biller and changes nothing (no CRM write, no journal run)', async () => {
    const { n, runId } = await converted();
    const before = await runsInJournal(n);
    const r = await runMain(['rollback', '--run', runId, ...n.args('--dry-run')], KEY);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(new RegExp(`rollback of run ${runId} .*: 2 billers`));
    for (const b of list) expect(r.err).toMatch(new RegExp(`${id(b)} .*: \\d+ changes to restore`));
    expect(r.err).toMatch(/dry run: nothing was changed/);
    expect(partners(n)).toEqual(['IMT Spectrum', 'IMT Spectrum']);
    expect(await runsInJournal(n)).toBe(before);
  });

  it('on a terminal: "n" changes nothing (exit 1), "y" rolls back (exit 0)', async () => {
    const { n, runId } = await converted();
    const asked: string[] = [];
    const no = await runMain(['rollback', '--run', runId, ...n.args()], KEY, {
      interactive: true,
      ask: (q) => {
        asked.push(q);
        return Promise.resolve('n');
      },
    });
    expect(no.code).toBe(1);
    expect(asked).toEqual([`roll back 2 biller(s) of run ${runId}? [y/N] `]);
    expect(partners(n)).toEqual(['IMT Spectrum', 'IMT Spectrum']);
    const yes = await runMain(['rollback', '--run', runId, ...n.args()], KEY, {
      interactive: true,
      ask: () => Promise.resolve('y'),
    });
    expect(yes.code).toBe(0);
    expect(partners(n)).toEqual(['IMT Computer Services', 'IMT Computer Services']);
  });

  it('without a terminal: refused without --yes (exit 2), done with it', async () => {
    const { n, runId } = await converted();
    const refused = await runMain(['rollback', '--run', runId, ...n.args()], KEY);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/nobody is at a terminal to confirm it: run it again with --yes/);
    expect(partners(n)).toEqual(['IMT Spectrum', 'IMT Spectrum']);
    expect((await runMain(['rollback', '--run', runId, ...n.args('--yes')], KEY)).code).toBe(0);
    expect(partners(n)).toEqual(['IMT Computer Services', 'IMT Computer Services']);
  });

  it('--biller ids the run did not convert are warnings and exit 1; the others are rolled back', async () => {
    const { n, runId } = await converted();
    const none = await runMain(['rollback', '--run', runId, '--biller', 'NOT-IN-RUN', ...n.args('--yes')], KEY);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/--biller NOT-IN-RUN: run .* converted no biller with this id/);
    expect(partners(n)).toEqual(['IMT Spectrum', 'IMT Spectrum']);
    const one = await runMain(
      ['rollback', '--run', runId, '--biller', `${id(list[0]!)},NOT-IN-RUN`, ...n.args('--yes', '--json')],
      KEY,
    );
    expect(one.code).toBe(1);
    expect(JSON.parse(one.out)).toMatchObject({ counts: { 'rolled-back': 1 }, unmatched: ['NOT-IN-RUN'] });
    expect(partners(n)).toEqual(['IMT Computer Services', 'IMT Spectrum']);
  });
});

describe('crm import: never silently reverts or stores masks', () => {
  const example = join(packageRoot, 'examples', 'crm-export.csv');

  it(
    '--dry-run into a new CRM creates nothing; ' + 'without it the CRM is created (only crm import creates one)',
    async () => {
      night = await makeNight([]);
      const db = join(night.dir, 'fresh.db');
      const dry = await runMain(['crm', 'import', example, '--crm-db', db, '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.out).toMatch(/\(a new CRM\): \d+ new, 0 the same, 0 different/);
      expect(existsSync(db)).toBe(false);
      expect((await runMain(['crm', 'import', example, '--crm-db', db])).code).toBe(0);
      expect(existsSync(db)).toBe(true);
    },
  );

  it('refuses masked secrets, naming their lines, and imports nothing', async () => {
    const { n } = await converted();
    const masked = join(n.dir, 'masked.csv');
    const exp = await runMain(['crm', 'export', '--crm-db', n.crmDb, '--output', n.output, '--out', masked]);
    expect(exp.code).toBe(0);
    const r = await runMain(['crm', 'import', masked, '--crm-db', n.crmDb, '--yes', '--replace']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/masked\.csv:\d+: advanced_setting 13: a masked secret/);
    expect(r.err).toMatch(/nothing imported/);
  });

  it(
    'an older export: refused without --replace, listing the billers; ' +
      '--replace previews (dry), asks, and needs --yes off a terminal',
    async () => {
      night = await makeNight(list.map(mipsSnapshotFor));
      const n = night;
      const old = join(n.dir, 'old.csv');
      expect(
        (await runMain(['crm', 'export', '--crm-db', n.crmDb, '--output', n.output, '--out', old, '--reveal-secrets']))
          .code,
      ).toBe(0);
      await n.drop('table.xlsx', await tableWorkbook('Billers', list));
      expect((await runMain(['run', ...n.args('--now', NOW, '--no-archive')])).code).toBe(0);
      const refused = await runMain(['crm', 'import', old, '--crm-db', n.crmDb, '--yes']);
      expect(refused.code).toBe(1);
      for (const b of list) expect(refused.out).toMatch(new RegExp(`differs: ${id(b)}: advanced_setting`));
      expect(refused.err).toMatch(/2 billers in the CRM differ from the file .* Add --replace/);
      expect((await runMain(['crm', 'import', old, '--crm-db', n.crmDb, '--replace'])).code).toBe(2);
      expect((await runMain(['crm', 'import', old, '--crm-db', n.crmDb, '--replace', '--dry-run'])).code).toBe(0);
      const no = await runMain(
        ['crm', 'import', old, '--crm-db', n.crmDb, '--replace'],
        {},
        { interactive: true, ask: () => Promise.resolve('no') },
      );
      expect(no.code).toBe(1);
      expect(partners(n)).toEqual(['IMT Spectrum', 'IMT Spectrum']);
      const yes = await runMain(['crm', 'import', old, '--crm-db', n.crmDb, '--replace', '--yes']);
      expect(yes.code).toBe(0);
      expect(yes.out).toMatch(/imported 2 billers \(0 new, 2 replaced/);
      expect(partners(n)).toEqual(['IMT Computer Services', 'IMT Computer Services']);
    },
  );
});

describe('template --out', () => {
  it('refuses an existing file without --force, overwrites with it, and names a missing folder', async () => {
    night = await makeNight([]);
    const out = join(night.dir, 'filled-in.xlsx');
    writeFileSync(out, 'a filled-in worksheet');
    const refused = await runMain(['template', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/already exists .* --force/);
    expect(readFileSync(out, 'utf8')).toBe('a filled-in worksheet');
    expect((await runMain(['template', '--out', out, '--force'])).code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    const missing = await runMain(['template', '--out', join(night.dir, 'no-such-folder', 't.xlsx')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/the folder of --out .* does not exist/);
  });
});

describe('no silently created CRM', () => {
  it.each([
    ['run'],
    ['plan'],
    ['convert', '.'],
    ['crm', 'show', 'X'],
    ['crm', 'export'],
    ['crm', 'serve', '--port', '0'],
  ])('%s on a --crm-db that does not exist: exit 2 naming it, nothing created', async (...argv) => {
    night = await makeNight([]);
    const db = join(night.dir, 'typo.db');
    const input = argv[0] === 'run' || argv[0] === 'plan' ? ['--input', night.input] : [];
    const r = await runMain([...argv, ...input, '--output', night.output, '--crm-db', db]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`the embedded CRM ${db} does not exist`);
    expect(existsSync(db)).toBe(false);
  });
});
