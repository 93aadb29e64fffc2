import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { readConfigFile } from '../../src/config/config-file.js';
import { ConfigError } from '../../src/errors.js';
import { tempDir } from '../support/intake.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function fileHolding(text: string | undefined): Promise<string> {
  const t = await tempDir('sc-config-file-');
  cleanup = t.cleanup;
  const file = join(t.dir, 'c.json');
  if (text !== undefined) writeFileSync(file, text);
  return file;
}

it('a JSON object is its content', async () => {
  const file = await fileHolding('{"concurrency": 8, "http": {"retries": 2}}');
  expect(await readConfigFile(file)).toEqual({ concurrency: 8, http: { retries: 2 } });
});

it.each<{ name: string; text: string | undefined; want: RegExp }>([
  {
    name: 'a missing file, by its error code',
    text: undefined,
    want: /^config file .*c\.json cannot be read: ENOENT$/,
  },
  { name: 'an array', text: '["hunter2"]', want: /^config file .*c\.json must hold one JSON object$/ },
  { name: 'null', text: 'null', want: /must hold one JSON object$/ },
  { name: 'a string', text: '"hunter2"', want: /must hold one JSON object$/ },
  {
    name: 'a syntax error V8 places, by line and column',
    text: '{\n  "a": "hunter2",\n  "b" 1\n}',
    want: /^config file .*c\.json is not valid JSON at line 3, column 7 \(its text is not repeated here/,
  },
  {
    name: 'a syntax error V8 quotes but does not place, without a place',
    text: '{\n  "a": hunter2\n}',
    want: /^config file .*c\.json is not valid JSON \(its text is not repeated here: it may hold a secret\)$/,
  },
  { name: 'an empty file', text: '', want: /is not valid JSON.*it may hold a secret\)$/ },
])('refuses $name without quoting the text', async ({ text, want }) => {
  const file = await fileHolding(text);
  const e = await readConfigFile(file).then(
    () => new Error('no error'),
    (x: unknown) => x as Error,
  );
  expect(e).toBeInstanceOf(ConfigError);
  expect(e.message).toMatch(want);
  expect(e.message).not.toContain('hunter2');
});
