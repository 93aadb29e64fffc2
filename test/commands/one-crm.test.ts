// @module-tag slow: two runs at once against one CRM, embedded and HTTP
/**
 * Two runs against one CRM, however it is spelled: the second exits 75 while the first holds it.
 * The first run is held mid-night (its first CRM read waits) while the second starts with
 * another input folder, another output folder, and the CRM reached another way.
 */
import { linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { copyFile, utimes } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { startCrmServer } from '../../src/targets/http/crm-server.js';
import type { TargetPort } from '../../src/targets/target-port.js';
import { ScriptedTarget } from '../support/faulty-target.js';
import { makeNight, type Night } from '../support/night.js';
import { jsonSummary, runMain } from '../support/run-cli.js';
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

/**
 * Start a run that stops at its first CRM read until `release()`; resolves `held` once it is there.
 * `offline`: its reads never reach a CRM (an address nothing serves).
 */
function heldRun(argv: string[], env: Record<string, string> = {}, opts: { offline?: boolean } = {}) {
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
      return opts.offline ? null : read(id); // offline: no CRM behind the address, every biller unknown
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

/** The arguments of an HTTP run of `input` into `output`, against `url`. */
const httpRun = (input: string, output: string, url: string) => [
  'run',
  ...['--input', input, '--output', output, '--target', 'http', '--crm-url', url, '--now', NOW, '--json'],
];

/**
 * One output folder and one lock folder for both runs: the lock file alone must tell the two
 * spellings apart or not (the output folder's own files, journal and results, are shared).
 */
describe('one output folder, one lock folder', () => {
  const lockEnv = (n: Night) => ({
    SPECTRUM_CONVERT_CRM_TOKEN: TOKEN,
    SPECTRUM_CONVERT_LOCK_DIR: join(n.dir, 'locks'),
  });

  it.each([
    {
      name: '127.1 and 127.0.0.1',
      first: (p: number) => `http://127.1:${p}`,
      second: (p: number) => `http://127.0.0.1:${p}`,
    },
    {
      name: 'upper-case scheme and host',
      first: (p: number) => `HTTP://LOCALHOST:${p}`,
      second: (p: number) => `http://localhost:${p}`,
    },
    {
      name: 'a trailing slash',
      first: (p: number) => `http://127.0.0.1:${p}/`,
      second: (p: number) => `http://127.0.0.1:${p}`,
    },
  ])(
    'HTTP CRM, $name: the second run exits 75 naming the lock in the lock folder',
    async ({ first: u1, second: u2 }) => {
      const n = await setup();
      const store = CrmStore.open(n.crmDb);
      const server = await startCrmServer(store, { token: TOKEN });
      const port = Number(new URL(server.url).port);
      try {
        const first = heldRun(httpRun(n.input, n.output, u1(port)), lockEnv(n));
        await first.held;
        const other = await runMain(httpRun(join(n.dir, 'input2'), n.output, u2(port)), lockEnv(n));
        first.release();
        const r = await first.done;
        expect(other.code, other.err).toBe(75);
        const lock = join(n.dir, 'locks', 'crm-http-');
        expect(other.err).toContain(`another run holds the lock ${lock}`);
        expect(other.err).toMatch(/crm-http-[0-9a-f]{32}\.lock: run \S+, pid \d+/);
        expect(r.code, r.err).toBe(0);
      } finally {
        await server.close();
        store.close();
      }
    },
  );

  // Port 80 cannot be served here: the first run is held before any request and then finds no biller.
  it('HTTP CRM, the default port written out (:80) and dropped: the second run exits 75', async () => {
    const n = await setup();
    const first = heldRun(httpRun(n.input, n.output, 'http://localhost:80'), lockEnv(n), { offline: true });
    await first.held;
    const other = await runMain(httpRun(join(n.dir, 'input2'), n.output, 'http://localhost'), lockEnv(n));
    first.release();
    await first.done;
    expect(other.code, other.err).toBe(75);
    expect(other.err).toContain(`another run holds the lock ${join(n.dir, 'locks', 'crm-http-')}`);
  });

  it('/prod and /staging on one host: two locks; a run on each proceeds while the other holds its own', async () => {
    const n = await setup();
    const staging = join(n.dir, 'staging.db');
    const st = CrmStore.open(staging);
    st.putSnapshots(list.map(mipsSnapshotFor));
    st.close();
    await copyFile(join(n.input, 'table.xlsx'), join(n.dir, 'input2', 'table.xlsx'));
    const t = new Date(Date.now() - 3600_000);
    await utimes(join(n.dir, 'input2', 'table.xlsx'), t, t);
    const gw = await gateway({ '/prod': n.crmDb, '/staging': staging });
    try {
      const prod = heldRun(httpRun(n.input, n.output, `${gw.url}/prod`), lockEnv(n));
      await prod.held;
      // The prod run holds its lock: the staging run takes its own and converts its CRM meanwhile.
      const stagingRun = await runMain(httpRun(join(n.dir, 'input2'), n.output, `${gw.url}/staging/`), lockEnv(n));
      expect(stagingRun.code, stagingRun.err).toBe(0);
      expect(jsonSummary(stagingRun.out).counts.converted).toBe(list.length);
      // The prod CRM spelled another way is still held.
      mkdirSync(join(n.dir, 'input3'));
      const prodAgain = await runMain(
        httpRun(join(n.dir, 'input3'), n.output, `${gw.url.toUpperCase().replace('127.0.0.1', '127.1')}/prod/`),
        lockEnv(n),
      );
      expect(prodAgain.code, prodAgain.err).toBe(75);
      expect(prodAgain.err).toContain(`another run holds the lock ${join(n.dir, 'locks', 'crm-http-')}`);
      prod.release();
      const r = await prod.done;
      expect(r.code, r.err).toBe(0);
      expect(jsonSummary(r.out).counts.converted).toBe(list.length);
      for (const db of [n.crmDb, staging]) {
        const s = CrmStore.open(db);
        for (const b of list) expect(s.snapshot(billerIdOf(b))?.profile.integrationPartner).toBe('IMT Spectrum');
        s.close();
      }
    } finally {
      await gw.close();
    }
  });
});

/** One host serving two CRMs under two paths, as a gateway does: `/prod/…` and `/staging/…`. */
async function gateway(crms: Record<string, string>) {
  const backends = await Promise.all(
    Object.entries(crms).map(async ([prefix, db]) => {
      const store = CrmStore.open(db);
      return { prefix, store, server: await startCrmServer(store, { token: TOKEN }) };
    }),
  );
  const proxy = createServer((req, res) => {
    const b = backends.find((x) => req.url?.startsWith(`${x.prefix}/`));
    if (!b) {
      res.writeHead(404).end();
      return;
    }
    const to = new URL(b.server.url);
    const path = (req.url ?? '').slice(b.prefix.length);
    const fwd = request(
      { hostname: to.hostname, port: to.port, path, method: req.method, headers: req.headers },
      (a) => {
        res.writeHead(a.statusCode ?? 502, a.headers);
        a.pipe(res);
      },
    );
    req.pipe(fwd);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
      for (const b of backends) {
        await b.server.close();
        b.store.close();
      }
    },
  };
}
