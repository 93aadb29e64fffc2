import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
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
