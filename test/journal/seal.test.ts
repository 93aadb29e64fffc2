import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createSealer, journalKey, parseKey, resolveJournalKey } from '../../src/journal/seal.js';
import { createMasker } from '../../src/mask.js';
import { tempDir } from '../support/intake.js';

const mask = createMasker(Buffer.alloc(32, 7));
const KEY = Buffer.alloc(32, 9);
const HEX = KEY.toString('hex');
const B64 = KEY.toString('base64');

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sc-seal-'));
});
afterEach(() => cleanup());

describe('parseKey', () => {
  it.each([
    { name: '64 hex digits', text: HEX, ok: true },
    { name: '64 hex digits, upper case, with a newline', text: `${HEX.toUpperCase()}\n`, ok: true },
    { name: '44 base64 characters', text: B64, ok: true },
    { name: 'base64 of 16 bytes', text: Buffer.alloc(16).toString('base64'), ok: false },
    { name: '63 hex digits', text: HEX.slice(1), ok: false },
    { name: 'text that only looks like base64', text: 'x'.repeat(44), ok: false },
    { name: 'empty', text: '', ok: false },
    {
      name: 'base64 with a stray character (decodes to 32 bytes all the same)',
      text: `${B64.slice(0, 20)}!${B64.slice(20)}`,
      ok: false,
    },
    { name: 'base64 without its padding', text: B64.replace('=', ''), ok: false },
  ])('$name', ({ text, ok }) => {
    if (ok) expect(parseKey(text, 'k').equals(KEY)).toBe(true);
    else expect(() => parseKey(text, 'THE_KEY')).toThrow(/^THE_KEY must be a 32-byte key, as 64 hex digits/);
  });
});

describe('journalKey', () => {
  it.each([
    { name: 'neither: masks only', env: {}, file: false, want: undefined },
    { name: 'the environment', env: { SPECTRUM_CONVERT_JOURNAL_KEY: HEX }, file: false, want: KEY },
    { name: 'the key file', env: {}, file: true, want: Buffer.alloc(32, 5) },
    { name: 'the environment wins over the file', env: { SPECTRUM_CONVERT_JOURNAL_KEY: B64 }, file: true, want: KEY },
  ])('$name', ({ env, file, want }) => {
    const path = join(dir, 'jk');
    writeFileSync(path, Buffer.alloc(32, 5).toString('hex'));
    const key = journalKey(env, file ? path : undefined);
    if (want) expect(key?.equals(want)).toBe(true);
    else expect(key).toBeUndefined();
  });

  it('a missing key file is a configuration error naming the file and the reason', () => {
    const path = join(dir, 'nope');
    expect(() => journalKey({}, path)).toThrow(new ConfigError(`journalKeyFile ${path}: ENOENT`));
  });

  it('a bad key in the environment names the variable and never quotes it', () => {
    expect(() => journalKey({ SPECTRUM_CONVERT_JOURNAL_KEY: 'hunter2' }, undefined)).toThrow(
      /^SPECTRUM_CONVERT_JOURNAL_KEY must be a 32-byte key[^]*$/,
    );
    expect(() => journalKey({ SPECTRUM_CONVERT_JOURNAL_KEY: 'hunter2' }, undefined)).not.toThrow(/hunter2/);
  });
});

describe('resolveJournalKey', () => {
  it('uses the default file when it exists and nothing else is configured', () => {
    const def = join(dir, 'config', 'journal.key');
    const said: string[] = [];
    resolveJournalKey({}, undefined, def, { outputDir: join(dir, 'out'), say: (l) => said.push(l) });
    expect(resolveJournalKey({}, undefined, def)?.toString('hex')).toBe(readFileSync(def, 'utf8').trim());
  });

  it('without generate and without a key: undefined, nothing made', () => {
    const def = join(dir, 'journal.key');
    expect(resolveJournalKey({}, undefined, def)).toBeUndefined();
    expect(() => statSync(def)).toThrow();
  });

  it('generates a 0600 key in a 0700 folder once, says where and asks for a backup', () => {
    const def = join(dir, 'config', 'journal.key');
    const said: string[] = [];
    const key = resolveJournalKey({}, undefined, def, { outputDir: join(dir, 'out'), say: (l) => said.push(l) });
    expect(key).toHaveLength(32);
    expect(statSync(def).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'config')).mode & 0o777).toBe(0o700);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(new RegExp(`^made a journal key ${def} \\(mode 0600\\).*Back it up now`));
    const again = resolveJournalKey({}, undefined, def, { outputDir: join(dir, 'out'), say: (l) => said.push(l) });
    expect(again?.equals(key!)).toBe(true);
    expect(said).toHaveLength(1);
  });

  it('never makes the key inside the output folder', () => {
    const def = join(dir, 'out', 'journal.key');
    const said: string[] = [];
    expect(resolveJournalKey({}, undefined, def, { outputDir: join(dir, 'out'), say: (l) => said.push(l) })).toBe(
      undefined,
    );
    expect(said[0]).toMatch(/^no journal key was made: .* is inside the output folder/);
    expect(() => statSync(def)).toThrow();
  });

  it('a configured key wins over the default file, which is then never made', () => {
    const def = join(dir, 'journal.key');
    const said: string[] = [];
    const key = resolveJournalKey({ SPECTRUM_CONVERT_JOURNAL_KEY: HEX }, undefined, def, {
      outputDir: join(dir, 'out'),
      say: (l) => said.push(l),
    });
    expect(key?.equals(KEY)).toBe(true);
    expect(said).toEqual([]);
    expect(() => statSync(def)).toThrow();
  });
});

describe('createSealer', () => {
  it.each([
    { name: 'with a key', key: KEY, canOpen: true, prefix: /^enc:v1:/ },
    { name: 'without a key', key: undefined, canOpen: false, prefix: /^mask:••••••••#[0-9a-f]{8}$/ },
  ])('$name: never in clear, matches the same value only', ({ key, canOpen, prefix }) => {
    const s = createSealer(key, mask);
    expect(s.canOpen).toBe(canOpen);
    const sealed = s.seal('pw|secret');
    expect(sealed).toMatch(prefix);
    expect(sealed).not.toContain('secret');
    expect(s.open(sealed)).toBe(canOpen ? 'pw|secret' : undefined);
    expect(s.matches(sealed, 'pw|secret')).toBe(true);
    expect(s.matches(sealed, 'pw|other')).toBe(false);
  });

  it('a sealed value that was tampered with is refused, not opened as something else', () => {
    const s = createSealer(KEY, mask);
    const raw = Buffer.from(s.seal('pw|secret').slice('enc:v1:'.length), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => s.open(`enc:v1:${raw.toString('base64')}`)).toThrow(ConfigError);
  });

  it('a key cannot open a mask, and a keyless sealer cannot open an encrypted value', () => {
    expect(createSealer(KEY, mask).open(createSealer(undefined, mask).seal('x'))).toBeUndefined();
    expect(createSealer(undefined, mask).open(createSealer(KEY, mask).seal('x'))).toBeUndefined();
  });
});
