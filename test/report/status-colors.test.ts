import { describe, expect, it } from 'vitest';
import { STATUSES } from '../../src/core/status.js';
import { STATUS_FILL, statusHex } from '../../src/report/status-colors.js';

describe('status colours', () => {
  it('every status has an opaque ARGB fill, and no two share one', () => {
    for (const s of STATUSES) expect(STATUS_FILL[s]).toMatch(/^FF[0-9A-F]{6}$/);
    expect(new Set(STATUSES.map((s) => STATUS_FILL[s])).size).toBe(STATUSES.length);
  });

  it.each([
    { status: 'rollback-failed', hex: '#FF0000' },
    { status: 'converted', hex: '#C6EFCE' },
    { status: 'blocked', hex: '#FFD966' },
  ] as const)('$status is $hex in html', ({ status, hex }) => {
    expect(statusHex(status)).toBe(hex);
  });
});
