/**
 * The entry: which command, help, and every way out as an exit code with one message (a usage error with where
 * the usage is, a fatal error's own code, anything else a crash log and 70). Each command's flags are tested in
 * test/commands/table.test.ts; the exit-code mapping itself in test/commands/exit-codes.test.ts.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../src/cli.js';
import { COMMANDS } from '../src/commands/table.js';
import { commandHelp, groupHelp, HELP } from '../src/help.js';
import { CrmStore } from '../src/targets/sqlite/crm-store.js';
import { tempDir } from './support/intake.js';
import { runBuilt, runMain } from './support/run-cli.js';

let dir: string;
let cleanup: () => Promise<void>;
let db: string;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('sc-cli-'));
  db = join(dir, 'crm.db');
  CrmStore.open(db).close();
});
afterAll(async () => {
  await cleanup();
});

describe('help', () => {
  it.each([[], ['help'], ['--help'], ['-h'], ['help', '--json']])('%j: the whole help, exit 0', async (...argv) => {
    const r = await runMain(argv);
    expect([r.code, r.out, r.err]).toEqual([0, HELP, '']);
  });

  it.each([
    { argv: ['help', 'run'], topic: 'run' },
    { argv: ['help', 'crm', 'show'], topic: 'crm show' },
    { argv: ['run', '-h'], topic: 'run' },
    { argv: ['crm', 'import', '--help'], topic: 'crm import' },
    // --help is answered before the command's arguments are checked or its configuration read.
    { argv: ['crm', 'show', '--help'], topic: 'crm show' },
    { argv: ['validate', '--help', 'a', 'b'], topic: 'validate' },
  ])('$argv: the help of $topic, exit 0', async ({ argv, topic }) => {
    const r = await runMain(argv, { SPECTRUM_CONVERT_CONCURRENCY: 'not a number' });
    expect([r.code, r.out, r.err]).toEqual([0, commandHelp(topic), '']);
  });

  it('help of a command that does not exist: the whole help, and exit 2', async () => {
    const r = await runMain(['help', 'frobnicate']);
    expect([r.code, r.out]).toEqual([2, HELP]);
    expect(r.err).toBe('spectrum-convert: no help for "frobnicate": no such command');
  });

  it('help of a misspelt command says so and guesses', async () => {
    const r = await runMain(['help', 'crm', 'imprt']);
    expect([r.code, r.out]).toEqual([2, HELP]);
    expect(r.err).toBe('spectrum-convert: no help for "crm imprt": no such command (did you mean crm import?)');
  });

  it.each([[['help', 'crm']], [['crm', '--help']], [['crm', '-h']], [['crm', 'help']]])(
    '%j: the crm commands, exit 0',
    async (argv) => {
      const r = await runMain(argv);
      expect([r.code, r.out, r.err]).toEqual([0, groupHelp('crm'), '']);
      for (const sub of ['import', 'export', 'show', 'serve']) expect(r.out).toContain(`spectrum-convert crm ${sub}`);
    },
  );

  it('a group help only for a group', () => {
    expect(groupHelp('run')).toBeUndefined();
    expect(groupHelp('cr')).toBeUndefined();
  });
});

describe('unknown commands: exit 2, naming what was typed, nothing on stdout', () => {
  it.each([
    { argv: ['frobnicate'], says: 'unknown command "frobnicate"' },
    { argv: ['histroy'], says: 'unknown command "histroy" (did you mean history?)' },
    { argv: ['Run'], says: 'unknown command "Run" (did you mean run?)' },
    { argv: ['crn'], says: 'unknown command "crn" (did you mean crm?)' },
    { argv: ['crm'], says: 'crm needs: import FILE.csv | export | show BILLER_ID | serve' },
    { argv: ['crm', '--crm-db', 'x'], says: 'crm needs: import FILE.csv | export | show BILLER_ID | serve' },
    { argv: ['crm', 'bogus'], says: 'unknown command "crm bogus"' },
    { argv: ['crm', 'imprt', 'a.csv'], says: 'unknown command "crm imprt" (did you mean crm import?)' },
    { argv: ['crm', 'Show', 'B-1'], says: 'unknown command "crm Show" (did you mean crm show?)' },
    // A flag before the command is not a command.
    { argv: ['--json', 'run'], says: 'unknown command "--json"' },
  ])('$argv', async ({ argv, says }) => {
    const r = await runMain(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`spectrum-convert: ${says}\nRun "spectrum-convert help" for usage.`);
    if (!says.includes('did you mean')) expect(r.err).not.toContain('did you mean');
  });
});

describe('fatal errors: their own exit code and one message', () => {
  it("a usage error of a command points to that command's help (2)", async () => {
    const r = await runMain(['crm', 'show', 'A', 'B']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'spectrum-convert: crm show takes only 1 BILLER_ID (got B)\nRun "spectrum-convert crm show --help" for usage.',
    );
  });

  it('a configuration error names its source and no usage (2)', async () => {
    const r = await runMain(['crm', 'show', 'X', '--crm-db', db], { SPECTRUM_CONVERT_CONCURRENCY: 'many' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^spectrum-convert: .*SPECTRUM_CONVERT_CONCURRENCY must be a number \(got "many"\)/);
    expect(r.err).not.toContain('for usage');
  });

  it('another process holding the CRM: 75, naming its run', async () => {
    const held = join(dir, 'held.db');
    CrmStore.open(held).close();
    const holder = { pid: process.pid, host: hostname(), startedAt: '2026-01-01T00:00:00Z', runId: 'HOLDER-1' };
    writeFileSync(`${held}.lock`, JSON.stringify(holder));
    const r = await runMain(['crm', 'import', join(dir, 'any.csv'), '--crm-db', held, '--output', dir]);
    expect(r.code).toBe(75);
    expect(r.err).toMatch(/^spectrum-convert: another run holds the lock .*: run HOLDER-1, pid \d+ on /);
  });

  it('a flag beats the environment: the error names the flag’s CRM, not the variable’s', async () => {
    const env = { SPECTRUM_CONVERT_CRM_DB: join(dir, 'from-env.db') };
    const flag = join(dir, 'from-flag.db');
    expect((await runMain(['crm', 'show', 'X', '--output', dir], env)).err).toContain(env.SPECTRUM_CONVERT_CRM_DB);
    const r = await runMain(['crm', 'show', 'X', '--output', dir, '--crm-db', flag], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`the embedded CRM ${flag} does not exist`);
    expect(r.err).not.toContain('from-env.db');
  });
});

describe('an unexpected error: one line naming a crash log (70), the details in the log', () => {
  const logs: string[] = [];
  afterAll(() => {
    for (const l of logs) rmSync(l, { force: true });
  });

  /** Run with an stdout that fails the way a full disk does. */
  async function crashing(argv: string[], thrown: unknown) {
    const r = await runMain(
      argv,
      {},
      {
        out: () => {
          throw thrown;
        },
      },
    );
    const log = /Details: (\S+)$/.exec(r.err)?.[1];
    if (log) logs.push(log);
    return { ...r, log };
  }

  const eio = Object.assign(new Error('write EIO\n    at a second line'), { code: 'EIO' });

  it('before the configuration is read: the log goes to the temporary folder', async () => {
    const r = await crashing(['--version'], eio);
    expect(r.code).toBe(70);
    expect(r.err).toMatch(
      /^spectrum-convert: --version stopped on an unexpected error: write EIO \(Error EIO\)\. Details: /,
    );
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.log).toMatch(/spectrum-convert[/\\]crash-\d{8}T\d{6}Z-\d+\.log$/);
    expect(statSync(r.log!).mode & 0o777).toBe(0o600);
    const text = readFileSync(r.log!, 'utf8');
    expect(text).toContain('spectrum-convert --version\n');
    expect(text).toContain('at a second line');
  });

  it("once it is read: the log goes to the output folder's logs", async () => {
    const r = await crashing(['crm', 'export', '--crm-db', db, '--output', dir], eio);
    expect(r.code).toBe(70);
    expect(r.err).toMatch(/^spectrum-convert: crm export stopped on an unexpected error: write EIO \(Error EIO\)/);
    expect(r.log?.startsWith(join(dir, 'logs', 'crash-'))).toBe(true);
    expect(existsSync(r.log!)).toBe(true);
  });

  it('something thrown that is no Error is still one line', async () => {
    const r = await crashing(['help'], 'a string');
    expect(r.code).toBe(70);
    expect(r.err).toMatch(/^spectrum-convert: help stopped on an unexpected error: a string \(Error\)\. Details: \S+$/);
  });
});

// A night starts its reader workers: two seconds.
describe('signals', { tags: ['slow'] }, () => {
  it('a command that stops on Ctrl-C listens to SIGINT and SIGTERM only while it runs', async () => {
    const { dir: night, cleanup: done } = await tempDir('sc-cli-signals-');
    try {
      const crmDb = join(night, 'crm.db');
      CrmStore.open(crmDb).close();
      const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
      const during: Array<{ int: number; term: number }> = [];
      const io: Io = {
        out: () => during.push({ int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') }),
        err: () => undefined,
        env: {},
      };
      expect(COMMANDS.plan?.signals).toBe(true);
      const code = await main(['plan', '--input', night, '--output', join(night, 'out'), '--crm-db', crmDb], io);
      expect(code).toBe(0);
      expect(during.length).toBeGreaterThan(0);
      expect(during[0]).toEqual({ int: before.int + 1, term: before.term + 1 });
      expect({ int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') }).toEqual(before);
    } finally {
      await done();
    }
  });
});

describe('the launcher under plain node: the process exits with the code main returns', { tags: ['slow'] }, () => {
  it.each([
    { argv: ['frobnicate'], code: 2, err: /^spectrum-convert: unknown command "frobnicate"\n/ },
    { argv: ['template', '--out', ''], code: 2, err: /--out needs FILE: template got an empty one/ },
    { argv: ['--version'], code: 0, err: /^$/ },
  ])('$argv: exit $code', async ({ argv, code, err }) => {
    const r = await runBuilt(argv, { cwd: dir });
    expect(r.code).toBe(code);
    expect(r.err).toMatch(err);
  });
});
