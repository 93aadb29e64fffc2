/** Every fatal error maps to its exit code in one place (fatalExit); anything else is unexpected (the CLI's 70). */
import { describe, expect, it } from 'vitest';
import { EXIT_MEANINGS, exitCodeLines, fatalExit } from '../../src/commands/exit-codes.js';
import { EXIT_CODES } from '../../src/core/summary.js';
import { ConfigError, UsageError } from '../../src/errors.js';
import { LockedError } from '../../src/lock/lock.js';

const holder = { pid: 4242, host: 'night-box', startedAt: '2026-11-26T01:00:00Z', runId: 'R1', path: '/l/crm.lock' };
const HELP = 'spectrum-convert run --help';

const cases: Array<{ name: string; error: unknown; code: number | undefined; says?: string }> = [
  {
    name: 'usage error: 2, with where the usage is',
    error: new UsageError('unknown flag --x'),
    code: EXIT_CODES.usage,
    says: `spectrum-convert: unknown flag --x\nRun "${HELP}" for usage.`,
  },
  {
    name: 'configuration error: 2',
    error: new ConfigError('crmUrl is not valid'),
    code: EXIT_CODES.usage,
    says: 'spectrum-convert: crmUrl is not valid',
  },
  {
    name: 'another run holds the lock: 75, naming it',
    error: new LockedError(holder),
    code: EXIT_CODES.locked,
    says: 'spectrum-convert: another run holds the lock /l/crm.lock: run R1, pid 4242 on night-box',
  },
  { name: 'a bug (TypeError): unexpected', error: new TypeError('x is undefined'), code: undefined },
  { name: 'a thrown string: unexpected', error: 'boom', code: undefined },
  {
    name: 'an Error named like a fatal one: unexpected',
    error: Object.assign(new Error('m'), { name: 'UsageError' }),
    code: undefined,
  },
];

describe('fatalExit', () => {
  it.each(cases)('$name', ({ error, code, says }) => {
    const fatal = fatalExit(error, HELP);
    expect(fatal?.code).toBe(code);
    if (says) expect(fatal?.message.startsWith(says), fatal?.message).toBe(true);
  });

  it('every exit code a fatal error carries has a meaning in the table help prints', () => {
    const carried = [new UsageError('u'), new ConfigError('c'), new LockedError(holder)].map((e) => e.exitCode);
    for (const c of carried) expect(EXIT_MEANINGS[c]).toBeTruthy();
    expect(exitCodeLines([EXIT_CODES.locked])[0]).toMatch(/^ {2}75 {3}another run holds the lock/);
  });
});
