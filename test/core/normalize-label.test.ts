import { describe, expect, it } from 'vitest';
import { normalizeLabel } from '../../src/core/normalize-label.js';

describe('normalizeLabel', () => {
  it.each([
    ['RTDR URL', 'rtdrurl'],
    ['rtdr url:', 'rtdrurl'],
    ['  R.T.D.R  - Url * ', 'rtdrurl'],
    ['IC Biller ID:', 'icbillerid'],
    ['Café  Näme', 'cafename'],
  ])('%j → %j', (input, expected) => expect(normalizeLabel(input)).toBe(expected));
});
