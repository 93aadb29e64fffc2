import { describe, expect, it } from 'vitest';
import { excelSerialToIso, parseDate } from '../../src/core/dates.js';

describe('parseDate', () => {
  it.each([
    { text: '2026-12-01', order: 'MDY', iso: '2026-12-01' },
    { text: '2026/1/5', order: 'MDY', iso: '2026-01-05' },
    { text: '2026-12-01T00:00:00', order: 'MDY', iso: '2026-12-01' },
    { text: '2026-12-01T13:45:00Z', order: 'MDY', iso: '2026-12-01' },
    { text: '12/01/2026', order: 'MDY', iso: '2026-12-01' },
    { text: '12/01/2026', order: 'DMY', iso: '2026-01-12' },
    { text: '1.12.2026', order: 'DMY', iso: '2026-12-01' },
    { text: '1-Dec-2026', order: 'MDY', iso: '2026-12-01' },
    { text: '01 December 2026', order: 'MDY', iso: '2026-12-01' },
    { text: 'Dec 1, 2026', order: 'MDY', iso: '2026-12-01' },
    { text: 'Tuesday, December 1, 2026', order: 'MDY', iso: '2026-12-01' },
    { text: '2024-02-29', order: 'MDY', iso: '2024-02-29' },
  ] as const)('$text ($order) → $iso', ({ text, order, iso }) =>
    expect(parseDate(text, order)).toEqual({ ok: true, iso }),
  );

  it.each(['2026-02-30', '2025-02-29', '13/13/2026', '12/01/26', 'next Tuesday', '2026-13-01', 'Smarch 3, 2026', ''])(
    'rejects %j',
    (text) => expect(parseDate(text, 'MDY').ok).toBe(false),
  );

  it('reads a bare Excel serial, flagged as such', () => {
    expect(parseDate('46357', 'MDY')).toEqual({ ok: true, iso: '2026-12-01', fromSerial: true });
    expect(parseDate('123', 'MDY').ok).toBe(false);
  });

  it('converts serials on the 1900 system', () => {
    expect(excelSerialToIso(45306)).toBe('2024-01-15');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
  });
});
