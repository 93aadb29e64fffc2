/** The exit code of a night (or a rollback), from what its billers and files say and how it ended. Pure. */
import { EXIT_CODES } from './summary.js';

/**
 * `code`: summary's exitCode of the billers and files. rollback-failed beats the circuit breaker (`stopped`,
 * with its own code), which beats the rest; an --only (or --biller) id matching nothing is work for the morning.
 */
export function nightCode(code: number, stopped: { code: number } | undefined, unmatched: readonly string[]): number {
  if (code === EXIT_CODES.rollbackFailed) return code;
  if (stopped) return stopped.code;
  return code === EXIT_CODES.ok && unmatched.length ? EXIT_CODES.someFailed : code;
}
