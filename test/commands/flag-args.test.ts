/**
 * The flags of run, plan, rollback and history as their commands' arguments, and the checks beyond a flag's
 * type: what reaches the commands is the point (their work has its own tests).
 */
import { describe, expect, it } from 'vitest';
import { historyArgs, nightArgs, rollbackArgs } from '../../src/commands/flag-args.js';
import type { Parsed, Values } from '../../src/commands/options.js';
import { UsageError } from '../../src/errors.js';

const parsed = (values: Values): Parsed => ({ values, positionals: [] });

function refused(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('night: run and plan', () => {
  const base = { now: undefined, only: undefined, json: false, quiet: false };
  it.each<{ name: string; mode: 'run' | 'plan'; values: Values; argv: string[]; want: object }>([
    { name: 'run', mode: 'run', values: {}, argv: ['run'], want: { mode: 'run' } },
    { name: 'plan', mode: 'plan', values: {}, argv: ['plan'], want: { mode: 'plan' } },
    {
      name: 'run --dry-run is a plan',
      mode: 'run',
      values: { 'dry-run': true },
      argv: ['run', '--dry-run'],
      want: { mode: 'plan' },
    },
    {
      name: 'the other flags, and the command line as typed',
      mode: 'run',
      values: { now: '2028-02-29', only: 'b1,B2', json: true, quiet: true },
      argv: ['run', '--now', '2028-02-29', '--only', 'b1,B2', '--json', '-q'],
      want: { mode: 'run', now: '2028-02-29', only: new Set(['B1', 'B2']), json: true, quiet: true },
    },
  ])('$name', ({ mode, values, argv, want }) => {
    expect(nightArgs(mode, parsed(values), argv)).toEqual({
      ...base,
      ...want,
      commandLine: `spectrum-convert ${argv.join(' ')}`,
    });
  });

  it.each(['2026-1-05', '2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026-01-01T00:00', ''])(
    '--now %j is refused, naming the flag and what it got',
    (now) => {
      expect(refused(() => nightArgs('run', parsed({ now }), []))).toBe(
        `--now must be a date as YYYY-MM-DD (got ${now})`,
      );
    },
  );

  it('--now: a leap day of a leap year, and the last day of a month, are dates', () => {
    for (const now of ['2028-02-29', '2026-12-31', '2000-02-29'])
      expect(nightArgs('plan', parsed({ now }), []).now).toBe(now);
  });

  it('--only with no id is refused before the night starts', () => {
    expect(refused(() => nightArgs('run', parsed({ only: ' , ' }), []))).toBe('--only needs at least one biller id');
  });
});

describe('rollback', () => {
  it.each<{ name: string; values: Values; want: object }>([
    {
      name: 'the run alone',
      values: { run: 'R1' },
      want: { runId: 'R1', force: false, json: false, dryRun: false, yes: false },
    },
    {
      name: 'every flag',
      values: { run: 'R1', biller: ['a', 'b,c'], force: true, json: true, 'dry-run': true, yes: true },
      want: { runId: 'R1', billers: new Set(['A', 'B', 'C']), force: true, json: true, dryRun: true, yes: true },
    },
  ])('$name', ({ values, want }) => {
    const args = rollbackArgs(parsed(values));
    expect(args).toEqual(want);
    // No --biller is every biller of the run: no `billers` key at all, not an empty set.
    if (!values.biller) expect(args).not.toHaveProperty('billers');
  });

  it.each<{ values: Values; says: string }>([
    { values: {}, says: 'rollback needs --run RUN_ID (see spectrum-convert history)' },
    { values: { run: 'R1', biller: [','] }, says: '--biller needs at least one biller id' },
  ])('refuses $values', ({ values, says }) => {
    expect(refused(() => rollbackArgs(parsed(values)))).toBe(says);
  });
});

describe('history', () => {
  it.each<{ name: string; values: Values; want: object }>([
    { name: 'the last 20 runs', values: {}, want: { limit: 20, biller: undefined, json: false } },
    { name: '--limit', values: { limit: '3', json: true }, want: { limit: 3, biller: undefined, json: true } },
    { name: 'one biller, upper-cased', values: { biller: ['b1'] }, want: { limit: 20, biller: 'B1', json: false } },
    { name: 'the same biller twice is one', values: { biller: ['b1', 'B1'] }, want: { limit: 20, biller: 'B1' } },
  ])('$name', ({ values, want }) => {
    expect(historyArgs(parsed(values))).toMatchObject(want);
  });

  it.each<{ values: Values; says: string }>([
    { values: { limit: '0' }, says: '--limit must be a whole number from 1 (got 0)' },
    { values: { limit: 'all' }, says: '--limit must be a whole number from 1 (got all)' },
    { values: { biller: ['A,B'] }, says: 'history --biller takes one biller id' },
    { values: { biller: ['A', 'B'] }, says: 'history --biller takes one biller id' },
  ])('refuses $values', ({ values, says }) => {
    expect(refused(() => historyArgs(parsed(values)))).toBe(says);
  });
});
