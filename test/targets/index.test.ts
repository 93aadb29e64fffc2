import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type ConfigInput } from '../../src/config.js';
import { MIN_ACCEPTED_SECRET_LENGTH, SecretScrubber } from '../../src/core/scrub.js';
import { ConfigError } from '../../src/errors.js';
import { existingCrmDb, openTarget, requireCrm } from '../../src/targets/index.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { tempDir } from '../support/intake.js';

const TOKEN = 'test-token-0123456789';
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sc-targets-'));
});
afterEach(() => cleanup());

const config = (overrides: Partial<ConfigInput> = {}) => loadConfig({ overrides: { output: dir, ...overrides } });

describe('the embedded CRM (sqlite)', () => {
  it('a missing database is refused, naming the path and how to create one, and is not created', async () => {
    const c = await config();
    const path = join(dir, 'crm.db');
    expect(() => openTarget(c, { env: {} })).toThrow(ConfigError);
    expect(() => openTarget(c, { env: {} })).toThrow(
      `the embedded CRM ${path} does not exist: check --crm-db (crmDb, SPECTRUM_CONVERT_CRM_DB), ` +
        `or create it from a CRM export with: spectrum-convert crm import FILE.csv`,
    );
    expect(() => requireCrm(c)).toThrow(/does not exist/);
    expect(existsSync(path)).toBe(false);
  });

  it('an existing database opens by its real path (a symlink gets no second WAL)', async () => {
    CrmStore.open(join(dir, 'real.db')).close();
    symlinkSync(join(dir, 'real.db'), join(dir, 'link.db'));
    const c = await config({ crmDb: join(dir, 'link.db') });
    expect(existingCrmDb(c)).toBe(join(dir, 'link.db'));
    const t = openTarget(c, { env: {} });
    expect(t.name).toBe(`sqlite:${join(dir, 'real.db')}`);
    await t.close();
  });

  it('requireCrm says nothing for the http target', async () => {
    const c = await config({ target: 'http', crmUrl: 'https://crm.example.com' });
    expect(() => requireCrm(c)).not.toThrow();
  });
});

describe('the HTTP CRM', () => {
  it.each([
    {
      name: 'no address',
      overrides: { target: 'http' as const },
      env: { SPECTRUM_CONVERT_CRM_TOKEN: TOKEN },
      says: 'target http needs the CRM address: --crm-url URL (or crmUrl, SPECTRUM_CONVERT_CRM_URL)',
    },
    {
      name: 'no token',
      overrides: { target: 'http' as const, crmUrl: 'https://crm.example.com' },
      env: {},
      says: 'target http needs the CRM token in the environment variable SPECTRUM_CONVERT_CRM_TOKEN (never a flag)',
    },
    {
      name: 'a token too short to scrub',
      overrides: { target: 'http' as const, crmUrl: 'https://crm.example.com' },
      env: { SPECTRUM_CONVERT_CRM_TOKEN: 'x'.repeat(MIN_ACCEPTED_SECRET_LENGTH - 1) },
      says: `SPECTRUM_CONVERT_CRM_TOKEN is shorter than ${MIN_ACCEPTED_SECRET_LENGTH} characters`,
    },
  ])('refused: $name', async ({ overrides, env, says }) => {
    const c = await config(overrides);
    let err: unknown;
    try {
      openTarget(c, { env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(says);
  });

  it('opens the HTTP adapter and tells the scrubber the token', async () => {
    const c = await config({ target: 'http', crmUrl: 'https://crm.example.com/api' });
    const scrubber = new SecretScrubber();
    const t = openTarget(c, { env: { SPECTRUM_CONVERT_CRM_TOKEN: TOKEN }, scrubber });
    expect(t.name).toBe('http:https://crm.example.com');
    expect(scrubber.scrub(`Bearer ${TOKEN}`)).not.toContain(TOKEN);
    await t.close();
  });
});
