import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { createMasker, installationKey } from '../src/mask.js';
import { tempDir } from './support/intake.js';

const KEY_A = Buffer.alloc(32, 1);
const KEY_B = Buffer.alloc(32, 2);

describe('createMasker', () => {
  it.each([
    { name: 'an empty secret stays empty (nothing to hide)', secret: '', key: KEY_A, mask: '' },
    { name: 'a secret is a mask and 8 hex digits', secret: 'hunter2', key: KEY_A, mask: /^••••••••#[0-9a-f]{8}$/ },
  ])('$name', ({ secret, key, mask }) => {
    const out = createMasker(key)(secret);
    if (typeof mask === 'string') expect(out).toBe(mask);
    else expect(out).toMatch(mask);
    if (secret) expect(out).not.toContain(secret);
  });

  it('the fingerprint is stable for one key, differs across secrets and across keys', () => {
    const a = createMasker(KEY_A);
    expect(a('hunter2')).toBe(createMasker(Buffer.from(KEY_A))('hunter2'));
    expect(a('hunter2')).not.toBe(a('hunter3'));
    expect(a('hunter2')).not.toBe(createMasker(KEY_B)('hunter2'));
  });
});

describe('installationKey', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });
  const dir = async () => {
    const t = await tempDir('sc-mask-');
    cleanup = t.cleanup;
    return t.dir;
  };

  it('makes a 32-byte key once, owner-only, and reads the same key back', async () => {
    const path = join(await dir(), 'nested', 'key');
    const key = installationKey(path);
    expect(key).toHaveLength(32);
    expect(readFileSync(path, 'utf8')).toBe(key.toString('hex'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(installationKey(path).equals(key)).toBe(true);
  });

  it('warns when it makes a new key while a journal exists, and only then', async () => {
    const d = await dir();
    const journal = join(d, 'journal.sqlite');
    const warned: string[] = [];
    installationKey(join(d, 'k1'), { journal, warn: (l) => warned.push(l) });
    expect(warned).toEqual([]);
    writeFileSync(journal, '');
    installationKey(join(d, 'k2'), { journal, warn: (l) => warned.push(l) });
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain(`made a new fingerprint key ${join(d, 'k2')}, but the journal ${journal} exists`);
    installationKey(join(d, 'k2'), { journal, warn: (l) => warned.push(l) });
    expect(warned).toHaveLength(1);
  });

  it.each([
    { name: 'empty', text: '' },
    { name: '63 hex digits', text: 'a'.repeat(63) },
    { name: 'not hex', text: 'z'.repeat(64) },
    { name: 'a password', text: 'correct horse battery staple' },
  ])('a key file that is $name stops the command without quoting it', async ({ text }) => {
    const path = join(await dir(), 'key');
    writeFileSync(path, text);
    let err: unknown;
    try {
      installationKey(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(`the fingerprint key ${path} is not 64 hex digits`);
    if (text) expect((err as Error).message).not.toContain(text);
  });

  it('accepts 64 hex digits with a trailing newline, in either case', async () => {
    const path = join(await dir(), 'key');
    writeFileSync(path, `${'AB'.repeat(32)}\n`);
    expect(installationKey(path).equals(Buffer.alloc(32, 0xab))).toBe(true);
  });
});
