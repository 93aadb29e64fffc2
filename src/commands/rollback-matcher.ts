/**
 * The journal's sealer as rollback's assessment sees it (src/core/rollback-assess.ts): the sealer says a seal of
 * another key with the one ConfigError its open() throws; the assessment takes only OtherKeyError for that, so
 * any other failure (a corrupt seal, a bug) stops the command instead of passing for "journaled with another key".
 */
import { OtherKeyError, type SecretMatcher } from '../core/rollback-assess.js';
import { ConfigError } from '../errors.js';
import type { Sealer } from '../journal/seal.js';

export function keyMatcher(sealer: Pick<Sealer, 'matches'>): SecretMatcher {
  return {
    matches(sealed, value) {
      try {
        return sealer.matches(sealed, value);
      } catch (e) {
        if (e instanceof ConfigError) throw new OtherKeyError(e.message, { cause: e });
        throw e;
      }
    },
  };
}
