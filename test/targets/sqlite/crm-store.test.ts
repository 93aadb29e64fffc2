import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsToSnapshots } from '../../../src/core/crm-rows.js';
import { CrmStore } from '../../../src/targets/sqlite/crm-store.js';
import { parseCrmCsv } from '../../../src/targets/sqlite/crm-csv.js';
import { migrateCrm as migrate, MIGRATIONS, SCHEMA_VERSION } from '../../../src/targets/sqlite/schema.js';
import { packageRoot } from '../../../src/paths.js';
import { tempDir } from '../../support/intake.js';
import { runMain } from '../../support/run-cli.js';

const example = join(packageRoot, 'examples', 'crm-export.csv');
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('sc-crm-'));
});
afterAll(async () => {
  await cleanup();
});

describe('crm import and export', () => {
  it('import then export --reveal-secrets reproduces the file byte for byte', async () => {
    const db = join(dir, 'roundtrip.db');
    const imp = await runMain(['crm', 'import', example, '--crm-db', db]);
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/imported 9 billers/);
    const out = join(dir, 'export.csv');
    const exp = await runMain(['crm', 'export', '--out', out, '--reveal-secrets', '--crm-db', db], {
      SPECTRUM_CONVERT_OUTPUT: dir,
    });
    expect(exp.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(example, 'utf8'));
  });

  it('export masks secret settings by default, with a stable fingerprint', async () => {
    const db = join(dir, 'masked.db');
    await runMain(['crm', 'import', example, '--crm-db', db]);
    const env = { SPECTRUM_CONVERT_OUTPUT: dir };
    const a = await runMain(['crm', 'export', '--crm-db', db], env);
    const b = await runMain(['crm', 'export', '--crm-db', db], env);
    expect(a.out).toBe(b.out);
    expect(a.out).not.toContain('oldKey1|oldPw1');
    expect(a.out).toMatch(/advanced_setting,10,••••••••#[0-9a-f]{8}/);
    expect(a.out).toContain('advanced_setting,8,https://mips.example-imt.com/townofexample/rtdr.asmx');
  });

  it('show prints one biller with secrets masked', async () => {
    const db = join(dir, 'show.db');
    await runMain(['crm', 'import', example, '--crm-db', db]);
    const r = await runMain(['crm', 'show', '6f9619ff-8b86-d011-b42d-00c04fc964ff', '--crm-db', db], {
      SPECTRUM_CONVERT_OUTPUT: dir,
    });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Town of Example');
    expect(r.out).not.toContain('oldPw1');
    expect((await runMain(['crm', 'show', '00000000-0000-4000-8000-000000000000', '--crm-db', db])).code).toBe(1);
  });

  it('bad rows are reported by line and nothing is loaded', async () => {
    const bad = join(dir, 'bad.csv');
    const text = readFileSync(example, 'utf8').split('\n');
    text[3] = 'not-a-guid,profile,name,X';
    const first = text[1]?.split(',')[0] ?? '';
    text[5] = `${first},ftp_magic,x,y`;
    text[9] = `${first},datapump_payment,Imaginary,maybe`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, text.join('\n'));
    const db = join(dir, 'bad.db');
    const r = await runMain(['crm', 'import', bad, '--crm-db', db]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.csv:4: biller_id "not-a-guid" is not a GUID');
    expect(r.err).toContain('bad.csv:6: unknown section "ftp_magic"');
    expect(r.err).toContain('bad.csv:10: datapump_payment "Imaginary": "maybe" is not selected or cleared');
    expect(r.err).toContain('nothing imported: 3 bad rows');
    const store = CrmStore.open(db);
    expect(store.billerIds()).toEqual([]);
    store.close();
  });

  it.each([
    { name: 'wrong header', text: 'id,section,key,value\n', says: /header must start with biller_id/ },
    {
      name: 'a row given twice',
      text:
        'biller_id,section,key,value\nA2C4E6F8-1B3D-4F5A-8C7E-9D0B1A2C3E4F,profile,integration_partner,' +
        'X\nA2C4E6F8-1B3D-4F5A-8C7E-9D0B1A2C3E4F,profile,integration_partner,Y\n',
      says: /given twice.*first on line 2/,
    },
    {
      name: 'no partner',
      text: 'biller_id,section,key,value\nA2C4E6F8-1B3D-4F5A-8C7E-9D0B1A2C3E4F,profile,name,X\n',
      says: /no profile integration_partner/,
    },
    {
      name: 'incomplete FTP setting',
      text:
        'biller_id,section,key,value\nA2C4E6F8-1B3D-4F5A-8C7E-9D0B1A2C3E4F,profile,integration_partner,' +
        'X\nA2C4E6F8-1B3D-4F5A-8C7E-9D0B1A2C3E4F,ftp_pdf,u.path,\\p\n',
      says: /ftp_pdf for u needs/,
    },
  ])('refuses $name', ({ text, says }) => {
    const parsed = parseCrmCsv(Buffer.from(text));
    const { errors } = rowsToSnapshots(parsed.rows);
    expect([...parsed.errors, ...errors].map((e) => e.message).join('\n')).toMatch(says);
  });
});

describe('schema migrations', () => {
  it('a new database gets every migration', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(migrate(db)).toBe(SCHEMA_VERSION); // and running again is a no-op
  });

  it('an older database is brought up to date without losing rows', () => {
    const db = new Database(':memory:');
    const next = [...MIGRATIONS, 'ALTER TABLE billers ADD COLUMN note TEXT'];
    migrate(db, MIGRATIONS);
    db.prepare("INSERT INTO billers (id, name, integration_partner) VALUES ('X', 'n', 'p')").run();
    migrate(db, next);
    expect(db.prepare('SELECT id, note FROM billers').all()).toEqual([{ id: 'X', note: null }]);
  });

  it('a database from a newer tool is refused', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this tool knows/);
  });

  it('the database file is private to its owner', async () => {
    const path = join(dir, 'mode', 'crm.db');
    CrmStore.open(path).close();
    const { statSync } = await import('node:fs');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
