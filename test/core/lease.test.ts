import { describe, expect, it } from 'vitest';
import { duration, judgeHolder, LEASE_MS, leaseEnd, provablyGone, RENEW_MS } from '../../src/core/lease.js';
import { LEASE_MS as LOCK_LEASE_MS, RENEW_MS as LOCK_RENEW_MS } from '../../src/lock/locked-error.js';

const NOW = Date.parse('2026-11-26T02:00:00Z');
const me = { host: 'here', pid: 100 };
const alive = (pid: number) => pid === 200;
const at = (deltaMs: number) => new Date(NOW + deltaMs).toISOString();

describe('judgeHolder: a holder is provably gone only by its pid here, or by its lease elsewhere', () => {
  it.each([
    { name: 'this very process', h: { host: 'here', pid: 100, leaseUntil: at(-LEASE_MS) }, kind: 'self' },
    // The pid decides on this host, whatever the lease says.
    { name: 'a live pid here, lease past', h: { host: 'here', pid: 200, leaseUntil: at(-1) }, kind: 'alive-pid' },
    { name: 'a gone pid here, lease live', h: { host: 'here', pid: 300, leaseUntil: at(LEASE_MS) }, kind: 'dead-pid' },
    { name: 'a gone pid here, no lease', h: { host: 'here', pid: 300, leaseUntil: null }, kind: 'dead-pid' },
    { name: 'another host, lease live', h: { host: 'there', pid: 300, leaseUntil: at(60_000) }, kind: 'lease-live' },
    { name: 'another host, lease past', h: { host: 'there', pid: 200, leaseUntil: at(-1) }, kind: 'lease-expired' },
    { name: 'another host, lease ends now', h: { host: 'there', pid: 300, leaseUntil: at(0) }, kind: 'lease-live' },
    {
      name: 'another host, no lease (older version)',
      h: { host: 'there', pid: 300, leaseUntil: null },
      kind: 'no-lease',
    },
    { name: 'another host, a lease unreadable', h: { host: 'there', pid: 300, leaseUntil: 'soon' }, kind: 'no-lease' },
  ])('$name: $kind', ({ h, kind }) => {
    const v = judgeHolder(h, me, NOW, alive);
    expect(v.kind).toBe(kind);
    expect(provablyGone(v)).toBe(kind === 'dead-pid' || kind === 'lease-expired');
  });

  // Our pid on our host is ours only for a run this process started: else an earlier process had it (pid reuse).
  it.each([
    { name: 'a run this process started', id: 'R1', kind: 'self' },
    { name: 'a run this process did not start (our pid, reused)', id: 'OLD', kind: 'dead-pid' },
    { name: 'a holder without an id', id: undefined, kind: 'dead-pid' },
  ])('our pid here, $name: $kind', ({ id, kind }) => {
    const h = { ...(id ? { id } : {}), host: 'here', pid: 100, leaseUntil: at(LEASE_MS) };
    expect(judgeHolder(h, { ...me, live: new Set(['R1']) }, NOW, alive).kind).toBe(kind);
  });

  it('says how long ago a lease ran out, or how long it has left', () => {
    expect(judgeHolder({ host: 'there', pid: 1, leaseUntil: at(-720_000) }, me, NOW, alive)).toEqual({
      kind: 'lease-expired',
      agoMs: 720_000,
    });
    expect(judgeHolder({ host: 'there', pid: 1, leaseUntil: at(90_000) }, me, NOW, alive)).toEqual({
      kind: 'lease-live',
      leftMs: 90_000,
    });
  });
});

describe('the lease', () => {
  it('one length for the run lock and the journal run: 10 minutes, renewed every 2.5', () => {
    expect([LEASE_MS, RENEW_MS]).toEqual([600_000, 150_000]);
    expect([LOCK_LEASE_MS, LOCK_RENEW_MS]).toEqual([LEASE_MS, RENEW_MS]);
    expect(leaseEnd(NOW)).toBe('2026-11-26T02:10:00.000Z');
  });

  it.each([
    [0, '0 s'],
    [-5000, '0 s'],
    [40_400, '40 s'],
    [59_400, '59 s'],
    [60_000, '1 min'],
    [150_000, '2.5 min'],
    [599_000, '10 min'],
    [12 * 60_000 + 20_000, '12 min'],
    [3600_000 + 5 * 60_000, '1 h 5 min'],
    [26 * 3600_000, '26 h 0 min'],
  ])('duration(%i) is %s', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});
