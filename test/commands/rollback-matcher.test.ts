import { describe, expect, it } from 'vitest';
import { keyMatcher } from '../../src/commands/rollback-matcher.js';
import { OtherKeyError } from '../../src/core/rollback-assess.js';
import { createSealer } from '../../src/journal/seal.js';

const mask = (s: string) => `M${s.length}`;

describe('keyMatcher: the sealer as the rollback assessment sees it', () => {
  const sealed = createSealer(Buffer.alloc(32, 1), mask).seal('a-secret-value');

  it('the same key: matches or not, as the sealer says', () => {
    const m = keyMatcher(createSealer(Buffer.alloc(32, 1), mask));
    expect([m.matches(sealed, 'a-secret-value'), m.matches(sealed, 'another-value')]).toEqual([true, false]);
  });

  it('another key: OtherKeyError, saying what the sealer said', () => {
    const m = keyMatcher(createSealer(Buffer.alloc(32, 2), mask));
    expect(() => m.matches(sealed, 'a-secret-value')).toThrow(OtherKeyError);
    expect(() => m.matches(sealed, 'a-secret-value')).toThrow('journaled with another key');
  });

  it.each([
    ['a bug', new TypeError('x is undefined')],
    ['any other error', new Error('disk on fire')],
  ])('%s: thrown as it is, never taken for another key', (_name, e) => {
    const m = keyMatcher({
      matches: () => {
        throw e;
      },
    });
    expect(() => m.matches(sealed, 'v')).toThrow(e);
    let caught: unknown;
    try {
      m.matches(sealed, 'v');
    } catch (x) {
      caught = x;
    }
    expect(caught).not.toBeInstanceOf(OtherKeyError);
  });
});
