import { describe, expect, it } from 'vitest';
import { DATE1904_OFFSET, dateToSerial, serialToDate } from '../../src/core/excel-serial.js';

const cases = [
  { name: 'the Unix epoch', serial: 25_569, iso: '1970-01-01T00:00:00.000Z' },
  { name: 'a day in 2024', serial: 45_306, iso: '2024-01-15T00:00:00.000Z' },
  { name: 'after the phantom 29 February 1900', serial: 61, iso: '1900-03-01T00:00:00.000Z' },
  { name: 'a time of day', serial: 46_357.75, iso: '2026-12-01T18:00:00.000Z' },
  { name: 'day 0', serial: 0, iso: '1899-12-30T00:00:00.000Z' },
];

describe('excel serial dates', () => {
  it.each(cases)('$name: serial to date', ({ serial, iso }) => {
    expect(serialToDate(serial).toISOString()).toBe(iso);
  });

  it.each(cases)('$name: date to serial', ({ serial, iso }) => {
    expect(dateToSerial(new Date(iso))).toBeCloseTo(serial, 9);
  });

  it('rounds a serial to the millisecond', () => {
    expect(serialToDate(25_569 + 1.4 / 86_400_000).getTime()).toBe(1);
  });

  it('knows the 1904 system starts 1462 days later', () => {
    expect(serialToDate(DATE1904_OFFSET).toISOString()).toBe('1904-01-01T00:00:00.000Z');
  });
});
