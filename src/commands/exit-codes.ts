/** The exit-code contract as help prints it; the table itself is core/exit-meanings.ts. */
import { EXIT_MEANINGS } from '../core/exit-meanings.js';
import type { ExitCode } from '../core/summary.js';
import { FatalError, UsageError } from '../errors.js';

export { EXIT_MEANINGS };

/** The lines of the table for these codes, as help prints them. */
export function exitCodeLines(codes: readonly number[]): string[] {
  return codes.map((c) => `  ${String(c).padEnd(4)} ${EXIT_MEANINGS[c] ?? ''}`);
}

/**
 * A fatal error's exit code and what the operator reads, in one place: each fatal error carries its code
 * (UsageError and ConfigError 2, LockedError 75); a usage error adds where the usage is. Anything else is
 * unexpected: undefined here, and the CLI writes a crash log and exits 70.
 */
export function fatalExit(e: unknown, helpCommand: string): { code: ExitCode; message: string } | undefined {
  if (!(e instanceof FatalError)) return undefined;
  const usage = e instanceof UsageError ? `\nRun "${helpCommand}" for usage.` : '';
  return { code: e.exitCode, message: `spectrum-convert: ${e.message}${usage}` };
}
