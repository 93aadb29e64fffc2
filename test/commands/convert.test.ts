// @module-tag slow: every example through the CLI
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { tempDir } from '../support/intake.js';
import { runMain } from '../support/run-cli.js';

const examples = join(packageRoot, 'examples');
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('sc-convert-'));
});
afterAll(async () => {
  await cleanup();
});

describe('convert an example biller end to end', () => {
  it('converts once, then reports already-converted; the store holds the Spectrum configuration', async () => {
    const db = join(dir, 'crm.db');
    const env = { SPECTRUM_CONVERT_OUTPUT: dir };
    expect((await runMain(['crm', 'import', join(examples, 'crm-export.csv'), '--crm-db', db], env)).code).toBe(0);
    const first = await runMain(['convert', join(examples, 'worksheets', 'town-of-example.xlsx'), '--crm-db', db], env);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^converted\s+Town of Example/m);
    expect(first.out).toContain('Advanced Setting 105 (Batch Single Invoice Imports) remove');
    expect(first.out).not.toContain('9w!tbbKa!xxx');
    const second = await runMain(
      ['convert', join(examples, 'worksheets', 'town-of-example.xlsx'), '--crm-db', db],
      env,
    );
    expect(second.out).toMatch(/^already-converted\s+Town of Example/m);
    const store = CrmStore.open(db);
    const s = store.snapshot('6F9619FF-8B86-D011-B42D-00C04FC964FF');
    store.close();
    expect(s?.profile.integrationPartner).toBe('IMT Spectrum');
    expect(s?.maintenance).toBe(false);
    expect(Object.keys(s?.advancedSettings ?? {}).map(Number)).toEqual([3, 8, 9, 10, 11, 12, 13]);
  });

  it('--dry-run over all examples shows every outcome and writes nothing', async () => {
    const db = join(dir, 'dry.db');
    await runMain(['crm', 'import', join(examples, 'crm-export.csv'), '--crm-db', db]);
    const r = await runMain(['convert', join(examples, 'worksheets'), '--dry-run', '--crm-db', db], {
      SPECTRUM_CONVERT_OUTPUT: dir,
    });
    expect(r.code).toBe(1);
    const statuses = [...r.out.matchAll(/^(planned|already-converted|blocked|invalid)\s/gm)].map((m) => m[1]);
    expect(new Set(statuses)).toEqual(new Set(['planned', 'already-converted', 'blocked', 'invalid']));
    const store = CrmStore.open(db);
    expect(store.snapshot('6F9619FF-8B86-D011-B42D-00C04FC964FF')?.profile.integrationPartner).toBe(
      'IMT Computer Services',
    );
    store.close();
  });
});
