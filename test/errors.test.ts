import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/core/summary.js';
import { ConfigError, FatalError, RunTakenOverError, UsageError } from '../src/errors.js';

describe('fatal errors carry their exit code', () => {
  it.each([
    [new UsageError('u'), EXIT_CODES.usage, 'UsageError'],
    [new ConfigError('c'), EXIT_CODES.usage, 'ConfigError'],
    [new RunTakenOverError('R1', 'it stopped'), EXIT_CODES.locked, 'RunTakenOverError'],
  ])('%s', (e, code, name) => {
    expect(e).toBeInstanceOf(FatalError);
    expect(e.exitCode).toBe(code);
    expect(e.name).toBe(name);
  });

  it('a run taken over: the message names the run, what it did, and how to check', () => {
    expect(new RunTakenOverError('R1', 'it stopped before its first write to B-9').message).toBe(
      'spectrum-convert: run R1 was taken over by another run while it ran (its journal lease ran out): ' +
        'it stopped before its first write to B-9. See "spectrum-convert history" for the run that took it over, ' +
        'and check its billers with "spectrum-convert history --biller ID" before the next night',
    );
  });
});
