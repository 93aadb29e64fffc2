import { describe, expect, it } from 'vitest';
import { STATUS_MEANING, STATUSES, type BillerStatus } from '../../src/core/status.js';

describe('the statuses of a biller in one run', () => {
  it('each is listed once, and each has its meaning (no more, no fewer)', () => {
    expect(new Set(STATUSES).size).toBe(STATUSES.length);
    expect(Object.keys(STATUS_MEANING).sort()).toEqual([...STATUSES].sort());
    for (const s of STATUSES) expect(STATUS_MEANING[s].length).toBeGreaterThan(10);
  });

  // The results list billers in this order: what needs a person first, the worst at the top.
  it('comes in the order the morning reads them: act now, then fix, then wait, then done', () => {
    const rank = (s: BillerStatus) => STATUSES.indexOf(s);
    const groups: BillerStatus[][] = [
      ['rollback-failed'],
      ['failed', 'blocked', 'invalid'],
      ['interrupted', 'scheduled', 'planned'],
      ['rolled-back', 'converted', 'already-converted'],
    ];
    for (let g = 1; g < groups.length; g++)
      for (const before of groups[g - 1] ?? [])
        for (const after of groups[g] ?? [])
          expect(rank(before), `${before} before ${after}`).toBeLessThan(rank(after));
  });

  it.each<{ status: BillerStatus; says: RegExp }>([
    { status: 'rollback-failed', says: /a person must act now/ },
    { status: 'failed', says: /restored/ },
    { status: 'blocked', says: /nothing was touched/ },
    { status: 'invalid', says: /nothing was touched/ },
    { status: 'interrupted', says: /nothing was touched/ },
    { status: 'scheduled', says: /future/ },
    { status: 'planned', says: /dry run/ },
    { status: 'rolled-back', says: /read back/ },
    { status: 'converted', says: /read back/ },
    { status: 'already-converted', says: /nothing to change/ },
  ])('$status: $says', ({ status, says }) => {
    expect(STATUS_MEANING[status]).toMatch(says);
  });
});
