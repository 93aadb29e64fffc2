import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { ReadError, sheetTooLarge } from '../../src/read/read-error.js';

describe('read errors', () => {
  it('carry their issue code and message', () => {
    const e = new ReadError('FILE.EMPTY', 'empty');
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.message]).toEqual(['ReadError', 'FILE.EMPTY', 'empty']);
  });

  it('name the sheet, what is over and the limits', () => {
    const e = sheetTooLarge('Billers', 'more than 5 rows', { ...DEFAULT_LIMITS, maxRows: 5, maxColumns: 7 });
    expect(e.code).toBe('FILE.TOO_LARGE');
    expect(e.message).toBe(
      'sheet "Billers" has more than 5 rows; a worksheet is far smaller (limits maxRows 5, maxColumns 7)',
    );
  });
});
