/** The flags of a command: parsed against its own list only, each refusal naming the flag; flags → config keys. */
import { describe, expect, it } from 'vitest';
import {
  didYouMean,
  idSet,
  OPTIONS,
  overrides,
  parseCommandArgs,
  whole,
  type OptionName,
  type Values,
} from '../../src/commands/options.js';
import { UsageError } from '../../src/errors.js';

const EXPORT: OptionName[] = ['config', 'output', 'crm-db', 'out', 'reveal-secrets'];
const ROLLBACK: OptionName[] = ['run', 'biller', 'dry-run', 'yes', 'json'];

/** The UsageError `fn` throws, or a failure naming what it returned instead. */
function refusal(fn: () => unknown): string {
  let got: unknown;
  try {
    got = fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`expected a UsageError, got ${JSON.stringify(got)}`);
}

describe('didYouMean', () => {
  it.each([
    { name: 'rollback --only: the same idea is --biller', typed: 'only', allowed: ROLLBACK, want: 'biller' },
    { name: 'run --biller: the same idea is --only', typed: 'biller', allowed: ['only', 'json'], want: 'only' },
    { name: 'the same idea only when the command has it', typed: 'only', allowed: ['json'], want: undefined },
    { name: 'one letter off', typed: 'ouput', allowed: EXPORT, want: 'output' },
    { name: 'a dash left out', typed: 'dryrun', allowed: ROLLBACK, want: 'dry-run' },
    { name: 'the closest of two', typed: 'crm-dv', allowed: ['crm-db', 'crm-url'], want: 'crm-db' },
    { name: 'too far to be a guess', typed: 'colour', allowed: EXPORT, want: undefined },
    { name: 'nothing to guess from', typed: 'out', allowed: [], want: undefined },
    // Two edits are always allowed, a third of the name's length beyond that: 9 letters, 3 edits.
    { name: 'a long name, three edits', typed: 'revealsec', allowed: EXPORT, want: undefined },
    { name: 'a long name, two edits', typed: 'reveal-secrts', allowed: EXPORT, want: 'reveal-secrets' },
    { name: 'a command name', typed: 'rn', allowed: ['run', 'plan', 'validate'], want: 'run' },
  ])('$name', ({ typed, allowed, want }) => {
    expect(didYouMean(typed, allowed)).toBe(want);
  });
});

describe('parseCommandArgs: what a command takes', () => {
  it.each<{ name: string; args: string[]; values: Values; positionals?: string[] }>([
    { name: 'nothing', args: [], values: {} },
    { name: 'a string flag, spaced', args: ['--out', 'a.csv'], values: { out: 'a.csv' } },
    { name: 'a string flag with =', args: ['--out=a=b.csv'], values: { out: 'a=b.csv' } },
    { name: 'a value that starts with a dash, after =', args: ['--out=-x.csv'], values: { out: '-x.csv' } },
    { name: 'a boolean', args: ['--reveal-secrets'], values: { 'reveal-secrets': true } },
    { name: '--help', args: ['--help'], values: { help: true } },
    { name: '-h, which every command takes', args: ['-h'], values: { help: true } },
    { name: 'positionals among flags', args: ['a', '--out', 'o', 'b'], values: { out: 'o' }, positionals: ['a', 'b'] },
    { name: 'after --, flags are positionals', args: ['--', '--out'], values: {}, positionals: ['--out'] },
    { name: 'the same flag twice, the same value', args: ['--out', 'a', '--out=a'], values: { out: 'a' } },
    { name: 'a boolean twice', args: ['--reveal-secrets', '--reveal-secrets'], values: { 'reveal-secrets': true } },
  ])('crm export: $name', ({ args, values, positionals = [] }) => {
    expect(parseCommandArgs('crm export', EXPORT, args)).toEqual({ values, positionals });
  });

  it.each<{ name: string; args: string[]; values: Values }>([
    {
      name: 'a repeatable flag collects',
      args: ['--biller', 'A', '--biller', 'B,C'],
      values: { biller: ['A', 'B,C'] },
    },
    { name: 'a repeatable flag once', args: ['--biller', 'A'], values: { biller: ['A'] } },
    {
      name: 'a repeatable flag, the same id twice',
      args: ['--biller', 'A', '--biller', 'A'],
      values: { biller: ['A', 'A'] },
    },
    { name: 'short flags', args: ['-y'], values: { yes: true } },
  ])('rollback: $name', ({ args, values }) => {
    expect(parseCommandArgs('rollback', ROLLBACK, args).values).toEqual(values);
  });
});

describe('parseCommandArgs: refusals name the flag and the command', () => {
  it.each([
    {
      name: 'a flag of another command, with a guess',
      args: ['--replase'],
      says: 'Unknown option --replase: crm export does not take it',
    },
    {
      name: 'a near miss',
      args: ['--ouput', 'x'],
      says: 'Unknown option --ouput: crm export does not take it (did you mean --output?)',
    },
    { name: 'an unknown short flag: no guess', args: ['-o'], says: 'Unknown option -o: crm export does not take it' },
    { name: "another command's short flag", args: ['-y'], says: 'Unknown option -y: crm export does not take it' },
    {
      name: 'a string flag without its value',
      args: ['--out'],
      says: "crm export: Option '--out <value>' argument missing",
    },
    {
      name: 'a value that starts with a dash, spaced (a forgotten value?)',
      args: ['--out', '-x.csv'],
      says:
        "crm export: Option '--out' argument is ambiguous. Did you forget to specify the option argument for " +
        "'--out'? To specify an option argument starting with a dash use '--out=-XYZ'.",
    },
    {
      name: 'a boolean given a value',
      args: ['--reveal-secrets=yes'],
      says: "crm export: Option '--reveal-secrets' does not take an argument",
    },
    {
      name: 'a flag twice with two values (which one was meant?)',
      args: ['--out', 'a.csv', '--out=b.csv'],
      says: '--out is given twice (a.csv and b.csv): crm export takes one',
    },
    { name: 'an empty value', args: ['--out', ''], says: '--out needs FILE: crm export got an empty one' },
    { name: 'an empty value after =', args: ['--output='], says: '--output needs DIR: crm export got an empty one' },
  ])('$name', ({ args, says }) => {
    expect(refusal(() => parseCommandArgs('crm export', EXPORT, args))).toBe(says);
  });

  it('an empty value of a repeatable flag is refused too; a repeat of it is not', () => {
    expect(refusal(() => parseCommandArgs('rollback', ROLLBACK, ['--biller', 'A', '--biller=']))).toBe(
      '--biller needs ID: rollback got an empty one',
    );
  });

  it('every flag the tool knows is refused by a command without it, by its own name', () => {
    for (const name of Object.keys(OPTIONS) as OptionName[]) {
      if (name === 'help') continue;
      const arg = OPTIONS[name].type === 'string' ? `--${name}=x` : `--${name}`;
      expect(refusal(() => parseCommandArgs('none', [], [arg]))).toMatch(
        new RegExp(`^Unknown option --${name}: none does not take it`),
      );
    }
  });
});

describe('whole', () => {
  it.each([
    { raw: '0', min: 0, want: 0 },
    { raw: '256', min: 1, max: 256, want: 256 },
    { raw: '007', min: 1, want: 7 },
    { raw: ' 4 ', min: 1, want: 4 },
  ])('$raw is $want', ({ raw, min, max, want }) => {
    expect(whole('n', raw, min, max)).toBe(want);
  });

  it.each([
    { raw: '0', min: 1, max: 256, says: '--n must be a whole number from 1 to 256 (got 0)' },
    { raw: '257', min: 1, max: 256, says: '--n must be a whole number from 1 to 256 (got 257)' },
    { raw: '-1', min: 0, says: '--n must be a whole number from 0 (got -1)' },
    { raw: '1.5', min: 0, says: '--n must be a whole number from 0 (got 1.5)' },
    { raw: '1e3', min: 0, says: '--n must be a whole number from 0 (got 1e3)' },
    { raw: '0x10', min: 0, says: '--n must be a whole number from 0 (got 0x10)' },
    { raw: '', min: 0, says: '--n must be a whole number from 0 (got )' },
    { raw: '9007199254740993', min: 0, says: '--n must be a whole number from 0 (got 9007199254740993)' },
  ])('$raw is refused', ({ raw, min, max, says }) => {
    expect(refusal(() => whole('n', raw, min, max))).toBe(says);
  });
});

describe('overrides: the flags that set configuration keys', () => {
  it.each<{ name: string; v: Values; want: object }>([
    { name: 'none', v: {}, want: {} },
    {
      name: 'the folders and the CRM',
      v: { input: 'in', output: 'out', 'crm-db': 'c.db', 'crm-url': 'https://crm.example' },
      want: { input: 'in', output: 'out', crmDb: 'c.db', crmUrl: 'https://crm.example' },
    },
    { name: '--concurrency', v: { concurrency: '8' }, want: { concurrency: 8 } },
    { name: '--settle-seconds 0', v: { 'settle-seconds': '0' }, want: { settleSeconds: 0 } },
    { name: '--target http', v: { target: 'http' }, want: { target: 'http' } },
    { name: '--port 0 (any free port)', v: { port: '0' }, want: { serve: { port: 0 } } },
    { name: '--no-archive', v: { 'no-archive': true }, want: { archive: false } },
    // Flags that are not configuration keys set none.
    { name: 'command flags', v: { json: true, out: 'x', now: '2026-01-01', only: 'A' }, want: {} },
  ])('$name', ({ v, want }) => {
    expect(overrides(v)).toEqual(want);
  });

  it.each([
    { v: { concurrency: '0' }, says: '--concurrency must be a whole number from 1 to 256 (got 0)' },
    { v: { concurrency: '257' }, says: '--concurrency must be a whole number from 1 to 256 (got 257)' },
    { v: { 'settle-seconds': '-1' }, says: '--settle-seconds must be a whole number from 0 (got -1)' },
    { v: { port: '65536' }, says: '--port must be a whole number from 0 to 65535 (got 65536)' },
    { v: { target: 'ftp' }, says: '--target must be sqlite or http (got ftp)' },
    { v: { target: 'SQLite' }, says: '--target must be sqlite or http (got SQLite)' },
  ])('refuses $v', ({ v, says }) => {
    expect(refusal(() => overrides(v))).toBe(says);
  });
});

describe('idSet', () => {
  it.each<{ name: string; v: Values; k: 'only' | 'biller'; want: string[] | undefined }>([
    { name: 'not given', v: {}, k: 'only', want: undefined },
    { name: 'a list, upper-cased and trimmed', v: { only: 'a1, b2 ,' }, k: 'only', want: ['A1', 'B2'] },
    { name: 'repeated and listed', v: { biller: ['x', 'y,z', 'X'] }, k: 'biller', want: ['X', 'Y', 'Z'] },
  ])('$name', ({ v, k, want }) => {
    const got = idSet(v, k);
    expect(got && [...got]).toEqual(want);
  });

  it.each([
    { v: { only: ',' }, k: 'only' as const, says: '--only needs at least one biller id' },
    { v: { biller: [' ', ','] }, k: 'biller' as const, says: '--biller needs at least one biller id' },
  ])('refuses $v', ({ v, k, says }) => {
    expect(refusal(() => idSet(v, k))).toBe(says);
  });
});
