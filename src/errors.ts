/**
 * The few fatal errors. Everything that can go wrong with one file or one biller is data (an Issue or a
 * result's error code); these stop a command before or while it starts. Each carries its exit code, so
 * the CLI maps every one of them in one place (src/commands/exit-codes.ts) and a new one cannot be missed.
 */
import { EXIT_CODES, type ExitCode } from './core/summary.js';

export abstract class FatalError extends Error {
  abstract readonly exitCode: ExitCode;
}

/** A flag, argument or answer the command cannot take: exit 2, with a pointer to the command's --help. */
export class UsageError extends FatalError {
  override name = 'UsageError';
  readonly exitCode = EXIT_CODES.usage;
}

/**
 * The journal no longer holds this run as running: a run on another host took it over (its lease ran out while
 * this one was suspended or cut off) and restores what it left in flight. This run must write nothing more: 75.
 */
export class RunTakenOverError extends FatalError {
  override name = 'RunTakenOverError';
  readonly exitCode = EXIT_CODES.locked;
  constructor(runId: string, what: string) {
    super(
      `spectrum-convert: run ${runId} was taken over by another run while it ran (its journal lease ran out): ` +
        `${what}. See "spectrum-convert history" for the run that took it over, and check its billers with ` +
        '"spectrum-convert history --biller ID" before the next night',
    );
  }
}

/** The configuration (file, environment, key files) is not usable: exit 2. */
export class ConfigError extends FatalError {
  override name = 'ConfigError';
  readonly exitCode = EXIT_CODES.usage;
}
