// @module-tag slow: every command run in-process, with its locks, to each way out
/**
 * Every way out of a command after it took its locks leaves no lock behind: the context (src/commands/context.ts)
 * owns them. One case per early exit, each checked the same way: the exit code, then no lock file anywhere.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withContext, type CommandContext } from '../../src/commands/context.js';
import { loadConfig, lockPaths } from '../../src/config.js';
import { allFiles, makeNight, type Night } from '../support/night.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import type { TargetPort } from '../../src/targets/target-port.js';
import { sampleBiller, tableWorkbook } from '../support/workbooks.js';

const NOW = '2026-11-26';
const KEY = { SPECTRUM_CONVERT_JOURNAL_KEY: 'ab'.repeat(32) };
let night: Night | undefined;
afterEach(async () => {
  await night?.cleanup();
  night = undefined;
});

async function setup(): Promise<Night> {
  const list = [sampleBiller(1), sampleBiller(2)];
  night = await makeNight(list.map(mipsSnapshotFor));
  await night.drop('table.xlsx', await tableWorkbook('Billers', list));
  return night;
}

async function expectNoLock(n: Night): Promise<void> {
  const config = await loadConfig({ overrides: { input: n.input, output: n.output, crmDb: n.crmDb } });
  for (const p of lockPaths(config)) expect(existsSync(p), p).toBe(false);
  expect((await allFiles(n.dir)).filter((f) => /\.lock$|\.takeover$/.test(f))).toEqual([]);
}

function closeFails(t: TargetPort): TargetPort {
  return new Proxy(t, {
    get: (o, k) => (k === 'close' ? () => Promise.reject(new Error('close failed')) : (Reflect.get(o, k) as unknown)),
  });
}

interface Case {
  name: string;
  argv: (n: Night) => string[];
  env?: Record<string, string>;
  prepare?: (n: Night) => void;
  wrapTarget?: (t: TargetPort) => TargetPort;
  code: number;
  says: RegExp;
}

const cases: Case[] = [
  {
    name: 'run, target http without a token',
    argv: (n) => ['run', ...n.args('--now', NOW, '--target', 'http', '--crm-url', 'http://127.0.0.1:9')],
    code: 2,
    says: /SPECTRUM_CONVERT_CRM_TOKEN/,
  },
  {
    name: 'run, target http without --crm-url',
    argv: (n) => ['run', ...n.args('--now', NOW, '--target', 'http')],
    env: { SPECTRUM_CONVERT_CRM_TOKEN: 't' },
    code: 2,
    says: /--crm-url/,
  },
  {
    name: 'run, a bad journal key',
    argv: (n) => ['run', ...n.args('--now', NOW)],
    env: { SPECTRUM_CONVERT_JOURNAL_KEY: 'not-a-key' },
    code: 2,
    says: /32-byte key/,
  },
  {
    name: 'run, a corrupt journal (an unexpected error: exit 70)',
    argv: (n) => ['run', ...n.args('--now', NOW)],
    code: 70,
    says: /unexpected error.*Details: .*crash-.*\.log/,
    prepare: (n) =>
      writeFileSync(
        join(n.output, 'journal.db'),
        'this is not a database, it is a text file long enough to be read as a header',
      ),
  },
  {
    name: 'run, a bad field map',
    argv: (n) => ['run', ...n.args('--now', NOW, '--config', join(n.dir, 'c.json'))],
    code: 2,
    says: /field map/,
    prepare: (n) => writeFileSync(join(n.dir, 'c.json'), JSON.stringify({ fieldMap: join(n.dir, 'no-such-map.json') })),
  },
  {
    name: 'run, a CRM database that does not exist',
    argv: (n) => ['run', '--input', n.input, '--output', n.output, '--crm-db', join(n.dir, 'typo.db'), '--now', NOW],
    code: 2,
    says: /typo\.db does not exist/,
  },
  {
    name: 'run, the target fails to close',
    argv: (n) => ['run', ...n.args('--now', NOW)],
    wrapTarget: closeFails,
    code: 0,
    says: /could not close CRM target: close failed/,
  },
  {
    name: 'convert, a CRM database that does not exist',
    argv: (n) => ['convert', n.input, '--output', n.output, '--crm-db', join(n.dir, 'typo.db')],
    code: 2,
    says: /does not exist/,
  },
  {
    name: 'crm import, a file that cannot be read',
    argv: (n) => ['crm', 'import', join(n.dir, 'none.csv'), '--crm-db', n.crmDb],
    code: 2,
    says: /cannot read/,
  },
];

describe('locks are released on every path out of a command', () => {
  it.each(cases)('$name', async (c) => {
    const n = await setup();
    c.prepare?.(n);
    const r = await runMain(c.argv(n), c.env ?? {}, c.wrapTarget ? { wrapTarget: c.wrapTarget } : {});
    expect(r.code, r.err).toBe(c.code);
    expect(r.err).toMatch(c.says);
    await expectNoLock(n);
  });

  it('rollback: refused without --yes and a terminal (exit 2), and after a crash mid-way (exit 70)', async () => {
    const n = await setup();
    const run = await runMain(['run', ...n.args('--now', NOW, '--json', '--no-archive')], KEY);
    const runId = (JSON.parse(run.out) as { runId: string }).runId;
    const refused = await runMain(['rollback', '--run', runId, ...n.args()], KEY);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--yes/);
    await expectNoLock(n);
    const boom = (t: TargetPort): TargetPort =>
      new Proxy(t, {
        get: (o, k) =>
          k === 'readSnapshot'
            ? () => {
                throw new RangeError('boom in the middle');
              }
            : (Reflect.get(o, k) as unknown),
      });
    const crashed = await runMain(['rollback', '--run', runId, ...n.args('--yes')], KEY, { wrapTarget: boom });
    expect(crashed.code).toBe(70);
    // One line says what failed and where the details are; the stack is only in that file.
    expect(crashed.err.split('\n').at(-1)).toMatch(
      /^spectrum-convert: rollback stopped on an unexpected error: boom in the middle \(RangeError\)\. Details: /,
    );
    expect(crashed.err).not.toMatch(/\n\s+at /);
    const log = /Details: (\S+\.log)/.exec(crashed.err)?.[1];
    expect(log && readFileSync(log, 'utf8')).toMatch(/RangeError: boom in the middle\n\s+at /);
    await expectNoLock(n);
  });
});

describe('the context releases what a command opened, in reverse, on every path', () => {
  async function opened(n: Night, fn: (ctx: CommandContext, log: string[]) => Promise<void>) {
    const config = await loadConfig({ overrides: { input: n.input, output: n.output, crmDb: n.crmDb } });
    const err: string[] = [];
    const log: string[] = [];
    const outcome = await withContext(config, { out: () => {}, err: (l) => err.push(l), env: {} }, async (ctx) => {
      ctx.defer('first', () => log.push('first released'));
      ctx.lock(lockPaths(config), 'test-run');
      const pool = await ctx.readPool();
      const closePool = pool.close.bind(pool);
      vi.spyOn(pool, 'close').mockImplementation(async () => {
        log.push('pool closed');
        await closePool();
      });
      const target = ctx.target();
      const closeTarget = target.close.bind(target);
      vi.spyOn(target, 'close').mockImplementation(async () => {
        log.push('target closed');
        await closeTarget();
      });
      ctx.defer('last', () => log.push('last released'));
      await fn(ctx, log);
    }).then(
      () => 'returned',
      (e: Error) => `threw ${e.message}`,
    );
    return { outcome, log, err };
  }
  const released = ['last released', 'target closed', 'pool closed', 'first released'];

  it.each([
    { name: 'a command that returns', body: async () => {}, outcome: 'returned' },
    {
      name: 'a throw mid-command',
      body: async () => {
        throw new Error('mid-command');
      },
      outcome: 'threw mid-command',
    },
    {
      name: 'a rejection after an await',
      body: async () => {
        await new Promise((r) => setTimeout(r, 5));
        await Promise.reject(new Error('later'));
      },
      outcome: 'threw later',
    },
  ])('$name', async ({ body, outcome }) => {
    const n = await setup();
    const r = await opened(n, body);
    expect(r.outcome).toBe(outcome);
    expect(r.log).toEqual(released);
    await expectNoLock(n);
  });

  it('a release that fails is named, and the others are still released', async () => {
    const n = await setup();
    const r = await opened(n, async (ctx) => {
      ctx.defer('the broken thing', () => {
        throw new Error('cannot');
      });
    });
    expect(r.outcome).toBe('returned');
    expect(r.log).toEqual(released);
    expect(r.err).toEqual(['spectrum-convert: could not close the broken thing: cannot']);
    await expectNoLock(n);
  });

  it('the field map is read once, however many parts of a command ask for it', async () => {
    const n = await setup();
    const config = await loadConfig({ overrides: { input: n.input, output: n.output, crmDb: n.crmDb } });
    await withContext(config, { out: () => {}, err: () => {}, env: {} }, async (ctx) => {
      const [a, b] = await Promise.all([ctx.fieldMap(), ctx.fieldMap()]);
      expect(a).toBe(b);
      expect(await ctx.fieldMap()).toBe(a);
    });
  });
});
