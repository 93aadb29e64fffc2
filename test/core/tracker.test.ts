import { describe, expect, it } from 'vitest';
import { buildTracker, nightOf, type TrackerInput } from '../../src/core/tracker.js';

type B = TrackerInput['billers'][number];
const run = (id: string, startedAt: string, kind = 'run', now: string | null = null) => ({
  id,
  kind,
  startedAt,
  state: 'done',
  counts: { converted: 1 },
  now,
});
const row = (runId: string, billerId: string, status: string, extra: Partial<B> = {}): B => ({
  runId,
  billerId,
  billerName: `Name ${billerId}`,
  file: `/in/${billerId}.xlsx`,
  status,
  errorCode: null,
  errorMessage: null,
  inFlight: false,
  ...extra,
});

describe('buildTracker', () => {
  it.each([
    {
      name: 'converted stays converted when already-converted later',
      rows: [
        ['R1', 'converted'],
        ['R2', 'already-converted'],
      ],
      state: 'converted',
      night: '2026-12-01',
      detail: '',
    },
    {
      name: 'found already converted',
      rows: [['R1', 'already-converted']],
      state: 'converted',
      night: '2026-12-01',
      detail: 'found already converted',
    },
    {
      name: 'blocked, then converted',
      rows: [
        ['R1', 'blocked', 'BLOCKED.FTP_USER_MISSING'],
        ['R2', 'converted'],
      ],
      state: 'converted',
      night: '2026-12-02',
      detail: '',
    },
    {
      name: 'blocked with its code',
      rows: [
        ['R1', 'invalid', 'WORKSHEET.URL_NOT_HTTPS'],
        ['R2', 'blocked', 'BLOCKED.FTP_USER_MISSING'],
      ],
      state: 'blocked',
      night: '2026-12-02',
      detail: 'BLOCKED.FTP_USER_MISSING',
    },
    {
      name: 'a later refusal does not undo a conversion',
      rows: [
        ['R1', 'converted'],
        ['R2', 'blocked', 'BLOCKED.NOT_MIPS_APPS'],
      ],
      state: 'converted',
      night: '2026-12-01',
      detail: 'converted; later blocked (BLOCKED.NOT_MIPS_APPS) in run R2',
    },
    {
      name: 'rolled back is pending again',
      rows: [
        ['R1', 'converted'],
        ['RB', 'rolled-back'],
      ],
      state: 'pending',
      night: '2026-12-02',
      detail: 'rolled back by run RB',
    },
    {
      name: 'interrupted before anything',
      rows: [['R1', 'interrupted', 'RUN.INTERRUPTED']],
      state: 'pending',
      night: '2026-12-01',
      detail: 'interrupted before it started',
    },
    {
      name: 'scheduled with its date',
      rows: [['R1', 'scheduled', 'SCHEDULED', 'conversion date 2030-06-01 is after 2026-12-01']],
      state: 'scheduled',
      night: '2026-12-01',
      detail: 'for 2030-06-01',
    },
    {
      name: 'a failed rollback',
      rows: [['R1', 'rollback-failed', 'CRM.TRANSIENT']],
      state: 'rollback-failed',
      night: '2026-12-01',
      detail: 'CRM.TRANSIENT',
    },
  ])('$name', ({ rows, state, night, detail }) => {
    const input: TrackerInput = {
      runs: [
        run('R1', '2026-12-01T07:00:00Z'),
        run('R2', '2026-12-02T07:00:00Z'),
        run('RB', '2026-12-02T09:00:00Z', 'rollback'),
        run('P', '2026-12-03T07:00:00Z', 'plan'),
      ],
      billers: rows.map(([r, status, code, message]) =>
        row(r!, 'X', status!, { errorCode: code ?? null, errorMessage: message ?? null }),
      ),
    };
    const t = buildTracker(input, 'UTC');
    expect(t.billers).toHaveLength(1);
    expect(t.billers[0]).toMatchObject({ billerId: 'X', state, night, detail });
  });

  it('counts nights, the burn-up and the headline; a plan is no night', () => {
    const t = buildTracker(
      {
        runs: [
          run('R1', '2026-12-01T07:00:00Z'),
          run('P', '2026-12-01T08:00:00Z', 'plan'),
          run('R2', '2026-12-02T07:00:00Z', 'run', '2026-12-05'),
        ],
        billers: [
          row('R1', 'A', 'converted'),
          row('R1', 'B', 'blocked', { errorCode: 'BLOCKED.DUPLICATE' }),
          row('R1', 'C', 'scheduled'),
          row('P', 'Z', 'planned'),
          row('R2', 'B', 'converted'),
          row('R2', 'D', 'invalid'),
          row('R2', '', 'invalid'),
        ],
      },
      'UTC',
    );
    expect(t.nights.map((n) => [n.night, n.convertedSoFar, n.known])).toEqual([
      ['2026-12-01', 1, 3],
      ['2026-12-05', 2, 4],
    ]);
    expect(t.billers.map((b) => [b.billerId, b.state])).toEqual([
      ['D', 'invalid'],
      ['C', 'scheduled'],
      ['A', 'converted'],
      ['B', 'converted'],
    ]);
    expect(t.headline).toBe('2 of 4 billers converted; 1 scheduled, 1 needs a person');
    expect(t.billers.find((b) => b.billerId === 'A')?.openFollowUps).toContain('AutopayCollectionDate');
    expect(buildTracker({ runs: [], billers: [] }, 'UTC').headline).toBe('No biller in the journal yet');
  });

  it("dates a night on the time zone's calendar", () => {
    expect(nightOf('2026-12-02T03:00:00Z', 'America/New_York')).toBe('2026-12-01');
    expect(nightOf('2026-12-02T03:00:00Z', 'UTC')).toBe('2026-12-02');
    expect(nightOf('2026-12-02T03:00:00Z', 'UTC', '2026-12-09')).toBe('2026-12-09');
  });
});
