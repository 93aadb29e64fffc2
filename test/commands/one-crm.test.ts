// @module-tag slow: two runs at once against one CRM, embedded and HTTP
/**
 * Two runs against one CRM, however it is spelled: the second exits 75 while the first holds it.
 * The first run is held mid-night (its first CRM read waits) while the second starts with
 * another input folder, another output folder, and the CRM reached another way.
 */
import { linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { startCrmServer } from '../../src/targets/http/crm-server.js';
import type { TargetPort } from '../../src/targets/target-port.js';
import { ScriptedTarget } from '../support/faulty-target.js';
import { makeNight, type Night } from '../support/night.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { sampleBiller, tableWorkbook, billerIdOf } from '../support/workbooks.js';

const NOW = '2026-11-26';
const TOKEN = 'one-crm-test-token-0123';
let night: Night | undefined;
afterEach(async () => {
  await night?.cleanup();
  night = undefined;
});

const list = [sampleBiller(300), sampleBiller(301)];

async function setup(): Promise<Night> {
  night = await makeNight(list.map(mipsSnapshotFor));
  await night.drop('table.xlsx', await tableWorkbook('Billers', list));
  mkdirSync(join(night.dir, 'input2'));
  return night;
}

/** Start a run that stops at its first CRM read until `release()`; resolves `held` once it is there. */
function heldRun(argv: string[], env: Record<string, string> = {}) {
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let reached!: () => void;
  const held = new Promise<void>((r) => {
    reached = r;
  });
  const wrap = (inner: TargetPort) => {
    const s = new ScriptedTarget(inner);
    const read = s.readSnapshot.bind(s);
    s.readSnapshot = async (id) => {
      reached();
      await gate;
      return read(id);
    };
    return s;
  };
  const done = runMain(argv, env, { wrapTarget: wrap });
  return { held, release, done };
}

describe('one run per CRM', () => {
  const sqliteCases: Array<{ name: string; second: (n: Night) => string[] }> = [
    {
      name: 'the same database from another output folder',
      second: (n) => ['--output', join(n.dir, 'out2'), '--crm-db', n.crmDb],
    },
    {
      name: 'a hard link to the database in another folder',
      second: (n) => {
        mkdirSync(join(n.dir, 'l'));
        linkSync(n.crmDb, join(n.dir, 'l', 'hard.db'));
        return ['--output', join(n.dir, 'out2'), '--crm-db', join(n.dir, 'l', 'hard.db')];
      },
    },
    {
      name: 'a hard link beside the database',
      second: (n) => {
        linkSync(n.crmDb, join(n.output, 'hard.db'));
        return ['--output', join(n.dir, 'out2'), '--crm-db', join(n.output, 'hard.db')];
      },
    },
    {
      name: 'a symlink to the database',
      second: (n) => {
        symlinkSync(n.crmDb, join(n.dir, 'sym.db'));
        return ['--output', join(n.dir, 'out2'), '--crm-db', join(n.dir, 'sym.db')];
      },
    },
  ];

  it.each(sqliteCases)('embedded CRM: $name → the second run exits 75 and writes nothing', async ({ second }) => {
    const n = await setup();
    const first = heldRun(['run', ...n.args('--now', NOW, '--json')]);
    await first.held;
    const other = await runMain(['run', '--input', join(n.dir, 'input2'), '--now', NOW, ...second(n)]);
    first.release();
    const r = await first.done;
    expect(other.err).toMatch(
      /another run holds the lock .*(spectrum-convert-crm-|crm-sqlite-)\d+-\d+\.lock: run \S+, pid \d+/,
    );
    expect(other.code).toBe(75);
    expect(r.code).toBe(0);
    const store = n.crm();
    for (const b of list) expect(store.snapshot(billerIdOf(b))?.profile.integrationPartner).toBe('IMT Spectrum');
    store.close();
  });

  it.each([
    {
      name: 'two spellings of the address (127.1, trailing slash)',
      first: (p: number) => `http://127.0.0.1:${p}`,
      second: (p: number) => `http://127.1:${p}/`,
      out2: false,
    },
    {
      name: 'upper case and a default-free port',
      first: (p: number) => `http://localhost:${p}/`,
      second: (p: number) => `HTTP://LOCALHOST:${p}`,
      out2: false,
    },
    {
      name: 'two output folders',
      first: (p: number) => `http://127.0.0.1:${p}`,
      second: (p: number) => `http://127.0.0.1:${p}`,
      out2: true,
    },
  ])('HTTP CRM: $name → the second run exits 75', async ({ first: u1, second: u2 }) => {
    const n = await setup();
    const store = CrmStore.open(n.crmDb);
    const server = await startCrmServer(store, { token: TOKEN });
    const port = Number(new URL(server.url).port);
    const env = { SPECTRUM_CONVERT_CRM_TOKEN: TOKEN };
    try {
      const first = heldRun(
        [
          'run',
          '--input',
          n.input,
          '--output',
          n.output,
          '--target',
          'http',
          '--crm-url',
          u1(port),
          '--now',
          NOW,
          '--json',
        ],
        env,
      );
      await first.held;
      const other = await runMain(
        [
          'run',
          '--input',
          join(n.dir, 'input2'),
          '--output',
          join(n.dir, 'out2'),
          '--target',
          'http',
          '--crm-url',
          u2(port),
          '--now',
          NOW,
        ],
        env,
      );
      first.release();
      const r = await first.done;
      expect(other.err).toMatch(/another run holds the lock .*crm-http-[0-9a-f]{32}\.lock/);
      expect(other.code).toBe(75);
      expect(r.code).toBe(0);
    } finally {
      await server.close();
      store.close();
    }
  });

  it('two CRMs behind one gateway (/prod, /staging) do not block each other', async () => {
    const n = await setup();
    const first = heldRun(
      [
        'run',
        '--input',
        n.input,
        '--output',
        n.output,
        '--target',
        'http',
        '--crm-url',
        'http://127.0.0.1:9/prod',
        '--now',
        NOW,
      ],
      { SPECTRUM_CONVERT_CRM_TOKEN: TOKEN },
    );
    await first.held;
    const other = await runMain(
      [
        'plan',
        '--input',
        join(n.dir, 'input2'),
        '--output',
        join(n.dir, 'out2'),
        '--target',
        'http',
        '--crm-url',
        'http://127.0.0.1:9/staging',
        '--now',
        NOW,
      ],
      { SPECTRUM_CONVERT_CRM_TOKEN: TOKEN },
    );
    first.release();
    await first.done;
    expect(other.code).toBe(0); // an empty input folder: nothing to do, but not locked out
  });
});
