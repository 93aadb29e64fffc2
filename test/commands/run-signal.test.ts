// @module-tag slow: 1,500 billers through the built CLI, then SIGINT
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { makeNight, type Night } from '../support/night.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { sampleBiller, tableWorkbook } from '../support/workbooks.js';

let night: Night | undefined;
afterAll(async () => {
  await night?.cleanup();
});

it('SIGINT to the real process: billers in flight finish, the rest are interrupted, results written, exit 130', async () => {
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
