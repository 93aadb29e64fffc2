import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { LockedError, takeoverWarning, type LockHolder } from '../../src/lock/locked-error.js';

const holder: LockHolder = {
  pid: 4242,
  host: 'other-host',
  startedAt: '2026-12-01T02:00:00.000Z',
  runId: 'R-1',
  path: '/srv/locks/crm.lock',
  leaseUntil: '2026-12-01T02:10:00.000Z',
};

describe('the lock messages', () => {
  it('name the holder and how to force the lock', () => {
    const e = new LockedError(holder);
    expect(e.name).toBe('LockedError');
    expect(e.holder).toBe(holder);
    expect(e.message).toBe(
      'another run holds the lock /srv/locks/crm.lock: run R-1, pid 4242 on other-host, ' +
        'started 2026-12-01T02:00:00.000Z. If you are sure it is gone, run "spectrum-convert unlock --force".',
    );
  });

  it('say an unreadable lock is young, and when it will be taken over', () => {
    const young = { ...holder, unreadable: true, startedAt: new Date(Date.now() - 5000).toISOString() };
    expect(new LockedError(young).message).toMatch(
      /^the lock \/srv\/locks\/crm\.lock is empty or unreadable and only [45] s old: .* once it is 3 minutes old; /,
    );
  });

  it.each([
    { name: 'a lease that ran out elsewhere', h: holder, why: 'its lease ran out at 2026-12-01T02:10:00.000Z' },
    { name: 'a dead process here', h: { ...holder, host: hostname() }, why: 'its process is gone' },
  ])('warn of a takeover: $name', ({ h, why }) => {
    expect(takeoverWarning(h)).toBe(
      `took over a stale lock /srv/locks/crm.lock left by run R-1 (pid 4242 on ${h.host}, ` +
        `started 2026-12-01T02:00:00.000Z): ${why}`,
    );
  });

  it('warn of a takeover of an unreadable lock', () => {
    expect(takeoverWarning({ ...holder, unreadable: true })).toBe(
      'took over the lock /srv/locks/crm.lock: it was empty or unreadable since 2026-12-01T02:00:00.000Z ' +
        '(a run that crashed while taking it?)',
    );
  });
});
