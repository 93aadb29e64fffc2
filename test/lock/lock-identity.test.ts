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

describe('one CRM, whatever its spelling (lock identity)', () => {
  // Each pair names one CRM: both spellings must give one normalised address and one lock file.
  it.each([
    ['short IPv4', 'http://127.1:8080', 'http://127.0.0.1:8080'],
    ['IPv4 as one number', 'http://2130706433:8080', 'http://127.0.0.1:8080'],
    ['IPv4 in hex', 'http://0x7f.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['upper-case scheme and host', 'HTTP://LOCALHOST:8080', 'http://localhost:8080'],
    ['mixed-case host with a path', 'https://CRM.Example.Com/prod', 'https://crm.example.com/prod'],
    ['default http port', 'http://localhost:80', 'http://localhost'],
    ['default https port', 'https://crm.example.com:443/api', 'https://crm.example.com/api'],
    ['trailing slash on the origin', 'http://localhost:8080/', 'http://localhost:8080'],
    ['trailing slashes on a path', 'https://gw.example.com/prod///', 'https://gw.example.com/prod'],
    ['repeated slashes inside a path', 'https://gw.example.com//prod//v1', 'https://gw.example.com/prod/v1'],
    ['IPv6 long and short', 'http://[0:0:0:0:0:0:0:1]:8080/', 'http://[::1]:8080'],
    ['a query or fragment', 'https://gw.example.com/prod?x=1#f', 'https://gw.example.com/prod'],
    ['every difference at once', 'HTTP://127.1:80//prod/', 'http://127.0.0.1/prod'],
  ])('equal: %s (%s, %s)', (_name, a, b) => {
    expect(normaliseCrmUrl(a)).toBe(normaliseCrmUrl(b));
    expect(httpLockFile(a, '/locks')).toBe(httpLockFile(b, '/locks'));
  });

  // Each pair names two CRMs: they must never share a lock (one run on each may proceed).
  it.each([
    ['two paths behind one gateway', 'https://gw.example.com/prod', 'https://gw.example.com/staging'],
    ['a path and the origin', 'https://gw.example.com/prod', 'https://gw.example.com'],
    ['a path and a longer one', 'https://gw.example.com/crm', 'https://gw.example.com/crm2'],
    ['path case is kept (paths are case-sensitive)', 'https://gw.example.com/Prod', 'https://gw.example.com/prod'],
    ['two ports', 'http://127.0.0.1:8080', 'http://127.0.0.1:8081'],
    ['a non-default port and the default', 'https://crm.example.com:8443', 'https://crm.example.com'],
    ['http and https', 'http://crm.example.com', 'https://crm.example.com'],
    ['two hosts', 'https://crm-a.example.com', 'https://crm-b.example.com'],
    ['two loopback addresses', 'http://127.0.0.1:8080', 'http://127.0.0.2:8080'],
    [
      'a long common prefix (the old name was its first 20 characters)',
      'http://127.0.0.1:1234/a',
      'http://127.0.0.1:1234/b',
    ],
  ])('differ: %s (%s, %s)', (_name, a, b) => {
    expect(normaliseCrmUrl(a)).not.toBe(normaliseCrmUrl(b));
    expect(httpLockFile(a, '/locks')).not.toBe(httpLockFile(b, '/locks'));
  });

  it('one lock folder for every output: the lock file depends on the address and the folder only', () => {
    expect(httpLockFile('http://127.1:9/', '/locks')).toBe(httpLockFile('HTTP://127.0.0.1:9', '/locks'));
    expect(httpLockFile('http://127.1:9/', '/locks')).not.toBe(httpLockFile('http://127.1:9/', '/other-locks'));
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
