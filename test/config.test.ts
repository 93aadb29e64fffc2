import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type ConfigInput } from '../src/config.js';
import { tempDir } from './support/intake.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

it.each([
  [
    'a JSON syntax error',
    '{\n  "crmUrl": "https://crm.example.com",\n  "journalKey": hunter2-Secret-x\n}',
    /is not valid JSON.*may hold a secret/,
  ],
  ['a JSON value that is not an object', '"hunter2-Secret-x"', /must hold one JSON object$/],
])('a config file with %s is refused without quoting its text', async (_name, text, want) => {
  const t = await tempDir('sc-config-');
  cleanup = t.cleanup;
  const file = join(t.dir, 'c.json');
  writeFileSync(file, text);
  const e = await loadConfig({ file }).then(
    () => new Error('no error'),
    (x: unknown) => x as Error,
  );
  expect(e.message).toMatch(want);
  expect(e.message).not.toContain('hunter2');
});

it("the lock folder is the user's state folder unless configured", async () => {
  expect((await loadConfig({ env: { XDG_STATE_HOME: '/s' } })).lockDir).toBe('/s/spectrum-convert/locks');
  expect((await loadConfig({ env: { HOME: '/h' } })).lockDir).toBe('/h/.local/state/spectrum-convert/locks');
  expect((await loadConfig({ env: { SPECTRUM_CONVERT_LOCK_DIR: '/l', XDG_STATE_HOME: '/s' } })).lockDir).toBe('/l');
});

describe('precedence: defaults < file < env < flags, key by key', () => {
  type Layers = { file?: object; env?: Record<string, string>; flags?: Partial<ConfigInput> };
  async function load({ file, env = {}, flags }: Layers) {
    const t = await tempDir('sc-config-');
    cleanup = t.cleanup;
    const path = join(t.dir, 'c.json');
    if (file) writeFileSync(path, JSON.stringify(file));
    return loadConfig({ ...(file ? { file: path } : {}), env, ...(flags ? { overrides: flags } : {}) });
  }
  const ENV = 'SPECTRUM_CONVERT_CONCURRENCY';
  it.each<{ name: string; layers: Layers; want: number }>([
    { name: 'the default alone', layers: {}, want: 4 },
    { name: 'the file over the default', layers: { file: { concurrency: 8 } }, want: 8 },
    { name: 'env over the default', layers: { env: { [ENV]: '16' } }, want: 16 },
    { name: 'env over the file', layers: { file: { concurrency: 8 }, env: { [ENV]: '16' } }, want: 16 },
    { name: 'a flag over the file', layers: { file: { concurrency: 8 }, flags: { concurrency: 32 } }, want: 32 },
    { name: 'a flag over env', layers: { env: { [ENV]: '16' }, flags: { concurrency: 32 } }, want: 32 },
    {
      name: 'a flag over env over the file',
      layers: { file: { concurrency: 8 }, env: { [ENV]: '16' }, flags: { concurrency: 32 } },
      want: 32,
    },
    { name: 'an empty env value is no value', layers: { file: { concurrency: 8 }, env: { [ENV]: '' } }, want: 8 },
    { name: 'a flag left undefined is no flag', layers: { env: { [ENV]: '16' }, flags: {} }, want: 16 },
  ])('$name → $want', async ({ layers, want }) => {
    expect((await load(layers)).concurrency).toBe(want);
  });

  it.each<{ name: string; layers: Layers; want: { input: string; output: string; target: string; logLevel: string } }>([
    {
      name: 'each key from its own highest layer',
      layers: {
        file: { input: 'file-in', output: 'file-out', target: 'sqlite', logLevel: 'warn' },
        env: { SPECTRUM_CONVERT_OUTPUT: 'env-out', SPECTRUM_CONVERT_LOG_LEVEL: 'error' },
        flags: { logLevel: 'debug' },
      },
      want: { input: 'file-in', output: 'env-out', target: 'sqlite', logLevel: 'debug' },
    },
    {
      name: 'defaults fill what no layer names',
      layers: { env: { SPECTRUM_CONVERT_INPUT: 'env-in' } },
      want: { input: 'env-in', output: 'output', target: 'sqlite', logLevel: 'info' },
    },
  ])('$name', async ({ layers, want }) => {
    expect(await load(layers)).toMatchObject(want);
  });

  it(
    'a nested section merges one level deep: ' + "a flag for one key keeps the file's others and the defaults",
    async () => {
      const c = await load({ file: { http: { timeoutMs: 1234, retries: 2 } }, flags: { http: { retries: 7 } } });
      expect(c.http).toMatchObject({ timeoutMs: 1234, retries: 7, backoffMs: 100 });
    },
  );

  it('the config file can be named by SPECTRUM_CONVERT_CONFIG; an explicit file wins over it', async () => {
    const t = await tempDir('sc-config-');
    cleanup = t.cleanup;
    const a = join(t.dir, 'a.json');
    const b = join(t.dir, 'b.json');
    writeFileSync(a, JSON.stringify({ concurrency: 5 }));
    writeFileSync(b, JSON.stringify({ concurrency: 6 }));
    expect((await loadConfig({ env: { SPECTRUM_CONVERT_CONFIG: a } })).concurrency).toBe(5);
    expect((await loadConfig({ file: b, env: { SPECTRUM_CONVERT_CONFIG: a } })).concurrency).toBe(6);
  });

  it.each<{ name: string; layers: Layers; want: RegExp }>([
    { name: 'from a flag', layers: { file: { concurrency: 8 }, flags: { concurrency: 0 } }, want: /\(from a flag\)/ },
    {
      name: 'from the environment',
      layers: { file: { concurrency: 8 }, env: { [ENV]: '0' } },
      want: /\(from environment variable SPECTRUM_CONVERT_CONCURRENCY\)/,
    },
    { name: 'from the file', layers: { file: { concurrency: 0 } }, want: /\(from config file .*c\.json\)/ },
  ])('a bad value is refused naming its key and its source: $name', async ({ layers, want }) => {
    const e = await load(layers).then(
      () => new Error('no error'),
      (x: unknown) => x as Error,
    );
    expect(e.message).toMatch(/concurrency: /);
    expect(e.message).toMatch(want);
  });
});
