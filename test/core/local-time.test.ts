import { expect, it, vi } from 'vitest';
import { localTime } from '../../src/core/local-time.js';

it.each([
  {
    name: 'UTC shows +00:00, not a bare time',
    at: '2026-12-01T07:15:00Z',
    zone: 'UTC',
    want: '2026-12-01 07:15:00 +00:00',
  },
  {
    name: 'New York in winter',
    at: '2026-12-01T07:15:07Z',
    zone: 'America/New_York',
    want: '2026-12-01 02:15:07 -05:00',
  },
  {
    name: 'New York in summer',
    at: '2026-07-01T07:15:07Z',
    zone: 'America/New_York',
    want: '2026-07-01 03:15:07 -04:00',
  },
  {
    name: 'the day before, by the wall clock',
    at: '2026-12-01T03:00:00Z',
    zone: 'America/Chicago',
    want: '2026-11-30 21:00:00 -06:00',
  },
  { name: 'a half-hour offset', at: '2026-12-01T00:00:00Z', zone: 'Asia/Kolkata', want: '2026-12-01 05:30:00 +05:30' },
  {
    name: 'midnight is 00, not 24',
    at: '2026-12-01T23:00:00Z',
    zone: 'Europe/Paris',
    want: '2026-12-02 00:00:00 +01:00',
  },
  {
    name: 'London at offset zero in winter',
    at: '2026-01-15T12:00:00Z',
    zone: 'Europe/London',
    want: '2026-01-15 12:00:00 +00:00',
  },
])('$name', ({ at, zone, want }) => {
  expect(localTime(new Date(at), zone)).toBe(want);
  expect(localTime(new Date(at), zone)).toBe(want); // the cached formatter gives the same
});

it('an ICU that writes offset zero as plain "GMT" still shows +00:00', () => {
  const real = Intl.DateTimeFormat.prototype.formatToParts;
  const spy = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts').mockImplementation(function (
    this: Intl.DateTimeFormat,
    at,
  ) {
    return real.call(this, at).map((p) => (p.type === 'timeZoneName' ? { ...p, value: 'GMT' } : p));
  });
  try {
    expect(localTime(new Date('2026-12-01T07:15:00Z'), 'Africa/Abidjan')).toBe('2026-12-01 07:15:00 +00:00');
  } finally {
    spy.mockRestore();
  }
});
