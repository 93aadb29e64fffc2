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

/** The configuration (file, environment, key files) is not usable: exit 2. */
export class ConfigError extends FatalError {
  override name = 'ConfigError';
  readonly exitCode = EXIT_CODES.usage;
}
