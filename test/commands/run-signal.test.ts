// @module-tag slow: 1,500 billers through the built CLI, then SIGINT
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createSealer } from '../../src/journal/seal.js';
import { createMasker } from '../../src/mask.js';
import { startCrmServer, type CrmServer } from '../../src/targets/http/crm-server.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { makeNight, type Night } from '../support/night.js';
import { inFlightAfterCrash } from '../support/journal-probe.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { sampleBiller, tableWorkbook } from '../support/workbooks.js';

const KEY_ENV = { SPECTRUM_CONVERT_JOURNAL_KEY: 'cd'.repeat(32) };
let night: Night | undefined;
let hung: Night | undefined;
let server: CrmServer | undefined;
let closeStore: (() => void) | undefined;
afterAll(async () => {
  await server?.close();
  closeStore?.();
  await night?.cleanup();
  await hung?.cleanup();
});

it('SIGINT to the real process: in-flight billers finish, the others interrupted, results written, 130', async () => {
  const many = Array.from({ length: 1500 }, (_, i) => sampleBiller(i + 1000));
  night = await makeNight(many.map(mipsSnapshotFor));
  await night.drop('table.xlsx', await tableWorkbook('Billers', many));
  const child = spawn(
    process.execPath,
    [
      new URL('../../bin/spectrum-convert.js', import.meta.url).pathname,
      'run',
      ...night.args('--now', '2026-11-26', '--concurrency', '2'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  let out = '';
  let sent = false;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    if (!sent && /^(\S+ \S+ \S+ )?converted /m.test(err)) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(sent).toBe(true);
  expect(code).toBe(130);
  expect(err).toMatch(/SIGINT: no new biller will start/);
  expect(out).toMatch(/interrupted/);
  expect(readdirSync(night.output).some((f) => /^results-.*\.xlsx$/.test(f))).toBe(true);
  const store = night.crm();
  expect(store.billerIds().filter((id) => store.snapshot(id)?.maintenance)).toEqual([]);
  store.close();
}, 60_000);

it('a second SIGINT stops a run waiting on a hung CRM at once (130); the next run restores its biller', async () => {
  const one = sampleBiller(1);
  const n = await makeNight([mipsSnapshotFor(one)]);
  hung = n;
  await n.drop('table.xlsx', await tableWorkbook('Billers', [one]));
  // Every write reaches the CRM, then its answer never comes (the client times out and retries): a hung CRM.
  const store = CrmStore.open(n.crmDb);
  const token = 'signal-test-token';
  server = await startCrmServer(store, { token, faults: { slowRate: 1, slowMs: 600_000 } });
  closeStore = () => store.close();
  const child = spawn(
    process.execPath,
    [
      new URL('../../bin/spectrum-convert.js', import.meta.url).pathname,
      'run',
      ...['--input', n.input, '--output', n.output, '--now', '2026-11-26', '--concurrency', '1'],
      ...['--target', 'http', '--crm-url', server.url],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...KEY_ENV, SPECTRUM_CONVERT_CRM_TOKEN: token } },
  );
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const until = async (ok: () => boolean, what: string) => {
    for (const t0 = Date.now(); !ok(); await new Promise((r) => setTimeout(r, 50)))
      if (Date.now() - t0 > 20_000) throw new Error(`waited 20 s for ${what}; stderr:\n${err}`);
  };
  await until(() => server!.stats.slowed > 0, 'a write to hang');
  child.kill('SIGINT');
  await until(() => /SIGINT: no new biller will start/.test(err), 'the first SIGINT to be seen');
  expect(err).toMatch(/press Ctrl-C again to stop at once; the biller in flight is restored by the next run/);
  const second = Date.now();
  child.kill('SIGINT');
  const code = await Promise.race([closed, new Promise<'still running'>((r) => setTimeout(r, 5000, 'still running'))]);
  expect(code, err).toBe(130);
  expect(Date.now() - second).toBeLessThan(5000);

  const url = server.url;
  await server.close();
  server = undefined;
  const left = await inFlightAfterCrash(
    join(n.output, 'journal.db'),
    createSealer(Buffer.from(KEY_ENV.SPECTRUM_CONVERT_JOURNAL_KEY, 'hex'), createMasker(Buffer.alloc(32))),
  );
  expect(left.map((f) => f.billerId)).toEqual([mipsSnapshotFor(one).billerId]);
  // The next run reaches that CRM as the killed one did, at its URL: recovery restores a run's billers only
  // into the CRM it recorded (#13), and the embedded file behind the server is another CRM by that measure.
  server = await startCrmServer(store, { token, port: Number(new URL(url).port) });
  const next = await runMain(
    ['run', ...['--input', n.input, '--output', n.output, '--now', '2026-11-26', '--json']].concat([
      '--target',
      'http',
      '--crm-url',
      url,
    ]),
    { ...KEY_ENV, SPECTRUM_CONVERT_CRM_TOKEN: token },
  );
  expect(next.code, next.err).toBe(0);
  const results = JSON.parse(
    readFileSync((JSON.parse(next.out) as { results: { json: string } }).results.json, 'utf8'),
  ) as {
    followUps: Array<{ billerId: string; code: string }>;
  };
  expect(results.followUps).toContainEqual(
    expect.objectContaining({ billerId: mipsSnapshotFor(one).billerId, code: 'RECOVERED' }),
  );
  expect(store.snapshot(mipsSnapshotFor(one).billerId)).toMatchObject({
    maintenance: false,
    profile: { integrationPartner: 'IMT Spectrum' },
  });
}, 90_000);
