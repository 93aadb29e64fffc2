/**
 * The command surface: every command refuses a flag it does not take, has its own --help, and config errors name their
 * source.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIONS, type OptionName } from '../../src/commands/options.js';
import { COMMANDS } from '../../src/commands/table.js';
import { packageRoot } from '../../src/paths.js';
import { runMain } from '../support/run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sc-table-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// For each command, a real flag of the tool that this command does not take.
const FOREIGN: OptionName[] = ['reveal-secrets', 'replace', 'limit', 'port', 'now', 'run'];
const foreign = Object.entries(COMMANDS).map(([name, spec]) => {
  const flag = FOREIGN.find((f) => !spec.options.includes(f))!;
  return { name, argv: [...name.split(' '), OPTIONS[flag].type === 'string' ? `--${flag}=x` : `--${flag}`], flag };
});

describe('every command takes only its own flags', () => {
  it.each(foreign)('$name refuses --$flag (exit 2), naming the command', async ({ name, argv, flag }) => {
    const r = await runMain(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`Unknown option --${flag}: ${name} does not take it`);
    expect(r.err).toContain(`spectrum-convert ${name} --help`);
  });

  it.each([
    { argv: ['rollback', '--run', 'R', '--only', 'X'], guess: '--biller' },
    { argv: ['run', '--biller', 'X'], guess: '--only' },
    { argv: ['plan', '--dryrun'], guess: undefined },
    { argv: ['run', '--dryrun'], guess: '--dry-run' },
    { argv: ['template', '--forse'], guess: '--force' },
    { argv: ['crm', 'import', 'f.csv', '--replase'], guess: '--replace' },
    { argv: ['history', '--limt', '3'], guess: '--limit' },
  ])('$argv: did you mean $guess', async ({ argv, guess }) => {
    const r = await runMain(argv);
    expect(r.code).toBe(2);
    if (guess) expect(r.err).toContain(`(did you mean ${guess}?)`);
    else expect(r.err).not.toContain('did you mean');
  });

  it.each([
    { argv: ['validate'], says: /validate needs at least one FILE or DIR/ },
    { argv: ['crm', 'show'], says: /crm show needs a BILLER_ID/ },
    { argv: ['run', 'extra'], says: /run takes no arguments \(got extra\)/ },
    { argv: ['crm', 'show', 'A', 'B'], says: /only 1 BILLER_ID \(got B\)/ },
    { argv: ['crm'], says: /crm needs: import/ },
    { argv: ['rn'], says: /unknown command "rn" \(did you mean run\?\)/ },
    { argv: ['run', '--concurrency', 'lots'], says: /--concurrency must be a whole number/ },
    { argv: ['run', '--settle-seconds=-1'], says: /--settle-seconds must be a whole number/ },
    { argv: ['run', '--now', '2026-02-30'], says: /--now must be a date/ },
    { argv: ['run', '--only', ','], says: /--only needs at least one biller id/ },
  ])('usage error $argv', async ({ argv, says }) => {
    const r = await runMain(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(says);
  });
});

describe('help and version', () => {
  it.each(Object.entries(COMMANDS).map(([name, spec]) => ({ name, spec })))(
    '$name --help: usage, every option, exit codes',
    async ({ name, spec }) => {
      for (const argv of [
        [...name.split(' '), '--help'],
        ['help', ...name.split(' ')],
      ]) {
        const r = await runMain(argv);
        expect(r.code).toBe(0);
        expect(r.out).toContain(`Usage: spectrum-convert ${spec.usage}`);
        for (const o of spec.options) expect(r.out).toContain(`--${o}`);
        expect(r.out).toMatch(/Exit codes:\n {2}0 {4}/);
        for (const code of spec.exitCodes) expect(r.out).toMatch(new RegExp(`\\n {2}${code} +\\S`));
      }
    },
  );

  it('help lists every command and the whole exit-code table; --version prints the version', async () => {
    const help = await runMain(['help']);
    for (const spec of Object.values(COMMANDS)) expect(help.out).toContain(`spectrum-convert ${spec.usage}`);
    for (const code of [0, 1, 2, 3, 69, 70, 75, 130]) expect(help.out).toMatch(new RegExp(`\\n {2}${code} +\\S`));
    const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string })
      .version;
    for (const argv of [['--version'], ['version'], ['-V']]) expect((await runMain(argv)).out).toBe(version);
    expect((await runMain(['help', 'nonsense'])).code).toBe(2);
  });
});

describe('configuration errors name the key and where it came from', () => {
  it.each([
    {
      name: 'an environment variable that is not a number',
      env: { SPECTRUM_CONVERT_CONCURRENCY: 'abc' },
      says: /environment variable SPECTRUM_CONVERT_CONCURRENCY must be a number \(got "abc"\)/,
    },
    {
      name: 'an environment value out of range',
      env: { SPECTRUM_CONVERT_READ_WORKERS: '99' },
      says: /readWorkers: .*\(from environment variable SPECTRUM_CONVERT_READ_WORKERS\)/,
    },
    {
      name: 'an unknown time zone',
      env: { SPECTRUM_CONVERT_TIME_ZONE: 'Mars/Olympus' },
      says: /timeZone: not a known IANA time zone \(from environment variable SPECTRUM_CONVERT_TIME_ZONE\)/,
    },
  ])('$name', async ({ env, says }) => {
    const r = await runMain(['validate', dir], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(says);
  });

  it('a config file: the key, nested keys and unknown keys, each naming the file', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ limits: { maxRows: -1, maxRowz: 3 }, concurrency: 'four' }));
    const r = await runMain(['validate', dir, '--config', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`limits\\.maxRows: .* \\(from config file ${file}\\)`));
    expect(r.err).toMatch(/limits maxRowz|limits\.maxRowz/);
    expect(r.err).toMatch(/concurrency: .*from config file/);
  });
});
