import { describe, expect, it } from 'vitest';
import { nightCode } from '../../src/core/night-code.js';
import { EXIT_CODES } from '../../src/core/summary.js';

const { ok, someFailed, rollbackFailed, unavailable, usage, interrupted } = EXIT_CODES;

describe('nightCode', () => {
  it.each([
    { name: 'all well', code: ok, stopped: undefined, unmatched: [], want: ok },
    { name: 'work for the morning stays so', code: someFailed, stopped: undefined, unmatched: [], want: someFailed },
    {
      name: 'an --only id matching nothing: 0 becomes 1',
      code: ok,
      stopped: undefined,
      unmatched: ['X'],
      want: someFailed,
    },
    {
      name: 'an unmatched id does not lower 130',
      code: interrupted,
      stopped: undefined,
      unmatched: ['X'],
      want: interrupted,
    },
    {
      name: 'the breaker beats Ctrl-C',
      code: interrupted,
      stopped: { code: unavailable },
      unmatched: [],
      want: unavailable,
    },
    {
      name: 'the breaker beats work for the morning',
      code: someFailed,
      stopped: { code: usage },
      unmatched: ['X'],
      want: usage,
    },
    {
      name: 'rollback-failed beats the breaker',
      code: rollbackFailed,
      stopped: { code: unavailable },
      unmatched: [],
      want: rollbackFailed,
    },
    {
      name: 'rollback-failed beats an unmatched id',
      code: rollbackFailed,
      stopped: undefined,
      unmatched: ['X'],
      want: rollbackFailed,
    },
  ])('$name', ({ code, stopped, unmatched, want }) => {
    expect(nightCode(code, stopped, unmatched)).toBe(want);
  });
});
