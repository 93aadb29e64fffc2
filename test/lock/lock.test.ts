import { linkSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { httpLockFile, normaliseCrmUrl, sqliteLockFiles } from '../../src/lock/lock-identity.js';
import { acquireLocks, LockedError, takeoverWarning, UNREADABLE_GRACE_MS } from '../../src/lock/lock.js';
import { tempDir } from '../support/intake.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});
async function dir(): Promise<string> {
  const t = await tempDir('sc-lock-');
  cleanup = t.cleanup;
  return t.dir;
}

describe('lock identity', () => {
  it('the embedded CRM: the file, a hard link (same or other folder) and a symlink share one lock', async () => {
    const d = await dir();
    const db = join(d, 'out', 'crm.db');
    mkdirSync(join(d, 'out'));
    mkdirSync(join(d, 'elsewhere'));
    writeFileSync(db, '');
    linkSync(db, join(d, 'out', 'same-folder-link.db'));
    linkSync(db, join(d, 'elsewhere', 'link.db'));
    symlinkSync(db, join(d, 'elsewhere', 'sym.db'));
    const locks = join(d, 'locks');
    const of = (p: string) => sqliteLockFiles(p, locks);
    const shared = of(db)[1];
    for (const p of ['same-folder-link.db', '../elsewhere/link.db', '../elsewhere/sym.db'])
      expect(of(join(d, 'out', p))).toContain(shared);
    expect(of(join(d, 'out', 'same-folder-link.db'))[0]).toBe(of(db)[0]);
    expect(of(join(d, 'elsewhere', 'sym.db'))[0]).toBe(of(db)[0]); // beside the real file, not the symlink
    expect(of(db)).toContain(`${db}.lock`); // the name earlier versions used
    writeFileSync(join(d, 'other.db'), '');
    expect(of(join(d, 'other.db'))).not.toContain(shared);
  });

  it.each([
    ['http://127.1:8080', 'http://127.0.0.1:8080/'],
    ['HTTPS://CRM.Example.COM:443/api/', 'https://crm.example.com/api'],
    ['http://2130706433:80/x', 'http://127.0.0.1/x//'],
    ['http://[0:0:0:0:0:0:0:1]:9/', 'http://[::1]:9'],
    ['https://gw.example.com//crm', 'https://gw.example.com/crm/'],
  ])('%s and %s are one CRM', (a, b) => {
    expect(normaliseCrmUrl(a)).toBe(normaliseCrmUrl(b));
    expect(httpLockFile(a, '/l')).toBe(httpLockFile(b, '/l'));
  });

  it.each([
    ['https://gw.example.com/prod', 'https://gw.example.com/staging'],
    ['https://gw.example.com:8443', 'https://gw.example.com'],
    ['http://crm.example.com', 'https://crm.example.com'],
  ])('%s and %s are two CRMs (the old lock name cut both to 20 characters)', (a, b) => {
    expect(httpLockFile(a, '/l')).not.toBe(httpLockFile(b, '/l'));
  });
});

describe('lock takeover', () => {
  const record = (o: object) =>
    JSON.stringify({ pid: 1, host: 'other-host', startedAt: '2026-01-01T00:00:00Z', runId: 'R1', ...o });

  it.each([
    { name: 'an empty lock file younger than the grace period is held', text: '', ageMs: 1000, taken: false },
    {
      name: 'an unparsable lock file younger than the grace period is held',
      text: '{"pid": 12',
      ageMs: 1000,
      taken: false,
    },
    {
      name: 'an empty lock file older than the grace period is taken over',
      text: '',
      ageMs: UNREADABLE_GRACE_MS + 60_000,
      taken: true,
    },
    {
      name: 'a JSON lock file that is not a lock record, old, is taken over',
      text: '[1,2]',
      ageMs: UNREADABLE_GRACE_MS + 60_000,
      taken: true,
    },
    {
      name: 'another host with a lease still running is held',
      text: record({ leaseUntil: new Date(Date.now() + 60_000).toISOString() }),
      ageMs: 0,
      taken: false,
    },
    {
      name: 'another host whose lease ran out is taken over',
      text: record({ leaseUntil: new Date(Date.now() - 60_000).toISOString() }),
      ageMs: 0,
      taken: true,
    },
    {
      name: 'another host without a lease is held (its liveness cannot be known)',
      text: record({}),
      ageMs: UNREADABLE_GRACE_MS * 10,
      taken: false,
    },
    {
      name: 'this host, a live process, even with an old lease, is held',
      text: record({ host: hostname(), pid: process.pid, leaseUntil: '2000-01-01T00:00:00Z' }),
      ageMs: 0,
      taken: false,
    },
    {
      name: 'this host, a dead process, is taken over',
      text: record({ host: hostname(), pid: 2 ** 22 + 7 }),
      ageMs: 0,
      taken: true,
    },
  ])('$name', async ({ text, ageMs, taken }) => {
    const d = await dir();
    const path = join(d, 'x.lock');
    writeFileSync(path, text);
    const t = new Date(Date.now() - ageMs);
    utimesSync(path, t, t);
    if (!taken) {
      expect(() => acquireLocks([path], 'R2')).toThrow(LockedError);
      return;
    }
    const lock = acquireLocks([path], 'R2');
    expect(lock.takenOver).toHaveLength(1);
    expect(takeoverWarning(lock.takenOver[0]!)).toMatch(/took over/);
    lock.release();
  });

  it('a young unreadable lock says why it is held and when it will be taken over', async () => {
    const d = await dir();
    writeFileSync(join(d, 'x.lock'), '');
    expect(() => acquireLocks([join(d, 'x.lock')], 'R2')).toThrow(
      /empty or unreadable .* taken over once it is 3 minutes old/,
    );
  });

  it('a lock records a lease, and release leaves a lock someone else took meanwhile', async () => {
    const d = await dir();
    const path = join(d, 'x.lock');
    const lock = acquireLocks([path], 'R2');
    const { readFileSync } = await import('node:fs');
    const held = JSON.parse(readFileSync(path, 'utf8')) as { leaseUntil: string };
    expect(Date.parse(held.leaseUntil)).toBeGreaterThan(Date.now());
    writeFileSync(path, record({ runId: 'THIEF' }));
    lock.release();
    expect(readFileSync(path, 'utf8')).toContain('THIEF');
  });
});
