/**
 * crm export, import and show on the embedded CRM, through the CLI: what reaches the file, what is refused (by
 * file and line), and that a refused import leaves the CRM as it was (or leaves none). The csv format and the
 * rows are tested in test/targets/sqlite/crm-csv.test.ts and test/core/crm-rows.test.ts; previews, --replace
 * and the prompt in test/commands/destructive.test.ts.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillerSnapshot } from '../../src/core/snapshot.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { tempDir } from '../support/intake.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshot } from '../support/snapshots.js';

const ID = mipsSnapshot().billerId.toUpperCase();
const OTHER = 'A2C4E6F8-1B3D-4F5A-8C7E-9D0B1A2C3E4F';
const HEADER = 'biller_id,section,key,value';

let dir: string;
let cleanup: () => Promise<void>;
let n = 0;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('sc-crm-cmd-'));
});
afterAll(async () => {
  await cleanup();
});

/** A new embedded CRM holding these billers; its path. */
function crmWith(...snapshots: BillerSnapshot[]): string {
  const db = join(dir, `crm-${++n}.db`);
  const store = CrmStore.open(db);
  store.putSnapshots(snapshots);
  store.close();
  return db;
}

function inCrm<T>(db: string, read: (store: CrmStore) => T): T {
  const store = CrmStore.open(db);
  try {
    return read(store);
  } finally {
    store.close();
  }
}
const snapshotOf = (db: string, id: string) => inCrm(db, (s) => s.snapshot(id));
const billerIds = (db: string) => inCrm(db, (s) => s.billerIds());

/** The command, with the output folder (fingerprint key) in the test's folder. */
const crm = (...argv: string[]) => runMain(['crm', ...argv, '--output', dir]);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('crm export: a spreadsheet never runs a value as a formula', () => {
  // OWASP CSV injection: a cell starting with one of these is a formula to a spreadsheet.
  const starts = [
    { char: '=', value: '=HYPERLINK("http://evil","x")', field: `"'=HYPERLINK(""http://evil"",""x"")"` },
    { char: '+', value: '+1 800 555 0100', field: "'+1 800 555 0100" },
    { char: '-', value: '-2+3', field: "'-2+3" },
    { char: '@', value: '@SUM(A1:A9)', field: "'@SUM(A1:A9)" },
    { char: 'tab', value: '\t=1', field: "'\t=1" },
    { char: 'CR', value: '\r=1', field: `"'\r=1"` },
  ];
  const bif = Object.fromEntries(starts.map((s) => [`key ${s.char}`, s.value]));
  const name = '=cmd|/C calc!A0';
  let db: string;
  let exported: { code: number; out: string };
  beforeAll(async () => {
    db = crmWith(mipsSnapshot({ profile: { name, integrationPartner: 'IMT Computer Services' }, bif }));
    exported = await crm('export', '--crm-db', db);
  });

  it.each(starts)('a value starting with $char is written after an apostrophe', ({ char, field }) => {
    expect(exported.code).toBe(0);
    expect(exported.out.split('\n')).toContain(`${ID},bif,key ${char},${field}`);
  });

  it('keys and names too; values that only contain such a character are left alone', async () => {
    const path = crmWith(
      mipsSnapshot({
        profile: { name, integrationPartner: 'IMT Computer Services' },
        bif: { '@key': 'a=b', 'k-1': '1-2', k: "'quoted" },
      }),
    );
    const lines = (await crm('export', '--crm-db', path)).out.split('\n');
    expect(lines).toContain(`${ID},profile,name,'=cmd|/C calc!A0`);
    expect(lines).toContain(`${ID},bif,'@key,a=b`);
    expect(lines).toContain(`${ID},bif,k-1,1-2`);
    expect(lines).toContain(`${ID},bif,k,'quoted`);
  });

  it('an export imported into a new CRM gives back every value as it was, apostrophes taken off', async () => {
    const out = join(dir, 'guarded.csv');
    expect((await crm('export', '--crm-db', db, '--out', out, '--reveal-secrets')).code).toBe(0);
    const fresh = join(dir, 'from-guarded.db');
    const imported = await crm('import', out, '--crm-db', fresh);
    expect(imported.code, imported.err).toBe(0);
    const back = snapshotOf(fresh, ID)!;
    expect(back.bif).toEqual(bif);
    expect(back.profile.name).toBe(name);
    // And out again: the same bytes.
    const again = join(dir, 'guarded-again.csv');
    expect((await crm('export', '--crm-db', fresh, '--out', again, '--reveal-secrets')).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });
});

describe('crm export: where it goes', () => {
  it('to stdout by default: the csv and nothing else', async () => {
    const r = await crm('export', '--crm-db', crmWith(mipsSnapshot()));
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(HEADER);
    expect(r.out).toMatch(/advanced_setting,10,••••••••#[0-9a-f]{8}\n/);
    expect(r.err).toBe('');
  });

  it.each([
    { name: 'masked: readable by others', flags: [], mode: 0o644, says: /^wrote \S+$/, masked: true },
    {
      name: 'with secrets in clear: private, and said so',
      flags: ['--reveal-secrets'],
      mode: 0o600,
      says: /^wrote \S+ \(with secrets in clear: keep it safe\)$/,
      masked: false,
    },
  ])('--out, $name', async ({ flags, mode, says, masked }) => {
    const out = join(dir, `export-${++n}.csv`);
    const r = await crm('export', '--crm-db', crmWith(mipsSnapshot()), '--out', out, ...flags);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(says);
    expect(r.err).toContain(out);
    expect(statSync(out).mode & 0o777).toBe(mode);
    const text = readFileSync(out, 'utf8');
    expect(text.includes('oldK|oldP')).toBe(!masked);
    expect(/advanced_setting,10,••••••••#[0-9a-f]{8}\n/.test(text)).toBe(masked);
  });

  it('an empty CRM is the header alone', async () => {
    const r = await crm('export', '--crm-db', crmWith());
    expect([r.code, r.out]).toEqual([0, HEADER]);
  });
});

describe('crm import: refusals name the file, the line and the thing; nothing is loaded', () => {
  const partner = `${ID},profile,integration_partner,IMT Computer Services`;
  let other: string | undefined;
  /** One CRM for the refusals: it holds another biller, and the file's biller would be new to it. */
  const holdsOther = () => (other ??= crmWith(mipsSnapshot({ billerId: OTHER })));

  // Not as the CRM writes a setting number: each refused by its own line, with what was written.
  const numbers = [
    { key: '0xd', why: 'hex' },
    { key: '1e1', why: 'an exponent' },
    { key: '013', why: 'a leading zero' },
    { key: '13.0', why: 'a decimal point' },
    { key: '"13 "', why: 'a trailing space', shown: '13 ' },
    { key: '+13', why: 'a sign' },
    { key: '0', why: 'zero' },
    { key: '1234567', why: 'seven digits' },
  ];
  let refused: { path: string; db: string; r: Awaited<ReturnType<typeof crm>> };
  beforeAll(async () => {
    const rows = numbers.map(({ key }) => `${ID},advanced_setting,${key},v`);
    const path = file('numbers.csv', [HEADER, partner, ...rows, 'x,profile,name,y', ''].join('\n'));
    const db = holdsOther();
    refused = { path, db, r: await crm('import', path, '--crm-db', db, '--replace', '--yes') };
  });

  it.each(numbers.map((c, i) => ({ ...c, line: i + 3 })))(
    'a setting number written with $why ($key), on line $line',
    ({ key, shown, line }) => {
      const { path, r } = refused;
      expect(r.err.split('\n')[line - 3]).toBe(
        `${path}:${line}: advanced_setting key ${JSON.stringify(shown ?? key)} is not a setting number`,
      );
    },
  );

  it('every bad row listed in line order, counted once; exit 1; nothing loaded', () => {
    const { path, db, r } = refused;
    expect(r.code).toBe(1);
    expect(r.err.split('\n').slice(numbers.length)).toEqual([
      `${path}:${numbers.length + 3}: biller_id "x" is not a GUID`,
      `nothing imported: ${numbers.length + 1} bad rows`,
    ]);
    expect(r.out).toBe('');
    expect(billerIds(db)).toEqual([OTHER]);
  });

  it('the same file with 13 is imported (the refusals above are about the number, nothing else)', async () => {
    const db = join(dir, `new-${++n}.db`);
    const path = file('thirteen.csv', `${HEADER}\n${partner}\n${ID},advanced_setting,13,v\n`);
    const r = await crm('import', path, '--crm-db', db);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/imported 1 billers \(1 new, 0 replaced, 0 unchanged; 2 rows\)/);
    expect(snapshotOf(db, ID)?.advancedSettings[13]).toBeDefined();
  });

  it.each([
    {
      name: 'a bad row',
      argv: (db: string) => ['import', file('bad.csv', `${HEADER}\nx,profile,name,y\n`), '--crm-db', db],
    },
    { name: 'a file that does not exist', argv: (db: string) => ['import', join(dir, 'none.csv'), '--crm-db', db] },
    { name: 'a folder', argv: (db: string) => ['import', dir, '--crm-db', db] },
  ])('$name, into a CRM that does not exist: no CRM is left behind', async ({ argv }) => {
    const db = join(dir, `never-${++n}.db`);
    const r = await crm(...argv(db));
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/nothing imported|cannot read/);
    expect(existsSync(db)).toBe(false);
    // So a night on it is still refused for a CRM that does not exist, rather than finding an empty one.
    expect((await crm('show', ID, '--crm-db', db)).err).toContain(`the embedded CRM ${db} does not exist`);
  });

  it.each([
    { name: 'a file that does not exist', path: () => join(dir, 'none.csv'), says: 'ENOENT' },
    { name: 'a folder', path: () => dir, says: 'EISDIR' },
  ])('$name: a usage error naming it (exit 2)', async ({ path, says }) => {
    const r = await crm('import', path(), '--crm-db', holdsOther());
    expect(r.code).toBe(2);
    expect(r.err).toContain(`cannot read ${path()}: ${says}`);
  });
});

describe('crm import: what is the same is not written; new billers need no confirmation', () => {
  it('an export of the CRM itself: all the same, nothing replaced, no --yes needed', async () => {
    const db = crmWith(mipsSnapshot());
    const out = join(dir, `self-${++n}.csv`);
    await crm('export', '--crm-db', db, '--out', out, '--reveal-secrets');
    const r = await crm('import', out, '--crm-db', db);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${out} → ${db}: 0 new, 1 the same, 0 different from the CRM`);
    expect(r.out).toMatch(/imported 0 billers \(0 new, 0 replaced, 1 unchanged; \d+ rows\)/);
  });

  it('a new biller into a CRM that holds another: added off a terminal without --yes, the other kept', async () => {
    const db = crmWith(mipsSnapshot());
    const path = file(
      'new-biller.csv',
      `${HEADER}\n${OTHER},profile,name,Other\n${OTHER},profile,integration_partner,IMT Computer Services\n`,
    );
    const r = await crm('import', path, '--crm-db', db);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/: 1 new, 0 the same, 0 different from the CRM/);
    expect(snapshotOf(db, OTHER)?.profile.name).toBe('Other');
    expect(snapshotOf(db, ID)?.profile.name).toBe(mipsSnapshot().profile.name);
  });
});

describe('crm show', () => {
  it('finds a biller by its id in any case, with spaces around it', async () => {
    const r = await crm('show', ` ${ID.toLowerCase()} `, '--crm-db', crmWith(mipsSnapshot()));
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`${mipsSnapshot().profile.name} (${ID})`);
    expect(r.out).toMatch(/advanced_setting +10 +••••••••#[0-9a-f]{8}/);
    expect(r.out).not.toContain('oldK|oldP');
  });

  it('a biller the CRM does not hold: exit 1, naming the biller and the CRM', async () => {
    const db = crmWith(mipsSnapshot());
    const r = await crm('show', OTHER, '--crm-db', db);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`biller ${OTHER} is not in ${db}`);
  });
});
