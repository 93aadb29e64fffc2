import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpLockFile, inputLockFile, normaliseCrmUrl, sqliteLockFiles } from '../../src/lock/lock-identity.js';
import { tempDir } from '../support/intake.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sc-lockid-'));
});
afterEach(() => cleanup());

describe('normaliseCrmUrl', () => {
  it.each([
    { name: 'scheme and host lower-cased', url: 'HTTPS://CRM.Example.COM/api', want: 'https://crm.example.com/api' },
    { name: 'default port dropped', url: 'https://crm.example.com:443', want: 'https://crm.example.com' },
    { name: 'other port kept', url: 'https://crm.example.com:8443/', want: 'https://crm.example.com:8443' },
    { name: 'short IPv4', url: 'http://127.1:8080', want: 'http://127.0.0.1:8080' },
    { name: 'IPv6 compressed', url: 'http://[0:0:0:0:0:0:0:1]:9/', want: 'http://[::1]:9' },
    {
      name: 'repeated and trailing slashes',
      url: 'https://gw.example.com//crm//v1///',
      want: 'https://gw.example.com/crm/v1',
    },
    { name: 'query and fragment ignored', url: 'https://gw.example.com/crm?x=1#y', want: 'https://gw.example.com/crm' },
  ])('$name', ({ url, want }) => {
    expect(normaliseCrmUrl(url)).toBe(want);
  });

  it('refuses a string that is not a URL', () => {
    expect(() => normaliseCrmUrl('crm.example.com')).toThrow(/Invalid URL/);
  });
});

describe('httpLockFile', () => {
  it('is a hashed name in the lock folder, never the address itself', () => {
    const file = httpLockFile('https://user.example.com/secret-path', '/locks');
    expect(file).toMatch(/^\/locks\/crm-http-[0-9a-f]{32}\.lock$/);
    expect(file).not.toContain('secret');
  });
});

describe('sqliteLockFiles', () => {
  it('creates a missing database file (empty, 0600, with its folders) so it has an identity', () => {
    const db = join(dir, 'new', 'folder', 'crm.db');
    const files = sqliteLockFiles(db, join(dir, 'locks'));
    expect(statSync(db).size).toBe(0);
    expect(statSync(db).mode & 0o777).toBe(0o600);
    const { dev, ino } = statSync(db);
    expect(files).toEqual([
      join(dir, 'new', 'folder', `.spectrum-convert-crm-${dev}-${ino}.lock`),
      join(dir, 'locks', `crm-sqlite-${dev}-${ino}.lock`),
      `${db}.lock`,
    ]);
  });

  it('with create=false, a missing database has no locks and is not created', () => {
    const db = join(dir, 'missing.db');
    expect(sqliteLockFiles(db, join(dir, 'locks'), false)).toEqual([]);
    expect(existsSync(db)).toBe(false);
  });

  it('a symlink adds its own legacy name beside the real file', () => {
    const db = join(dir, 'crm.db');
    writeFileSync(db, '');
    symlinkSync(db, join(dir, 'sym.db'));
    const files = sqliteLockFiles(join(dir, 'sym.db'), join(dir, 'locks'));
    expect(files.slice(2)).toEqual([`${db}.lock`, `${join(dir, 'sym.db')}.lock`]);
  });
});

describe('inputLockFile', () => {
  it.each([
    { name: 'an existing folder', make: true },
    { name: 'a missing folder (resolved as given)', make: false },
  ])('$name: the lock sits inside it', ({ make }) => {
    const input = join(dir, 'input');
    if (make) mkdirSync(input);
    expect(inputLockFile(input)).toBe(join(input, '.spectrum-convert.lock'));
  });

  it('a symlinked input folder is the same folder', () => {
    mkdirSync(join(dir, 'input'));
    symlinkSync(join(dir, 'input'), join(dir, 'drop'));
    expect(inputLockFile(join(dir, 'drop'))).toBe(inputLockFile(join(dir, 'input')));
  });
});
