// @module-tag slow: every command, crash and hostile CRM, scanned for canaries
/**
 * The canary scan: worksheets whose secrets, and a CRM token, are canaries; a night converted,
 * failed, rolled back, interrupted (SIGINT to the real process), crashed (SIGKILL mid-biller) and
 * run against a hostile CRM that echoes every request (token and bodies) back in its error
 * answers. Then every byte written under the output folder (results and their zip parts unpacked,
 * json, logs, the journal and its WAL, spill files), the lock folder and the key folder, and every
 * console line, is searched for every canary in every form (support/canary-scan.ts). The CRM's
 * own database and the worksheets are the only places the secrets belong. What each scan read is
 * printed and written to /tmp/canary-report.json.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startCrmServer } from '../../src/targets/http/crm-server.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import type { TargetPort } from '../../src/targets/target-port.js';
import { hostileNight, list, night, nights, NOW, reports, scan, TOKEN } from '../support/canary-nights.js';
import { ScriptedTarget } from '../support/faulty-target.js';
import { runKilledAfter } from '../support/killed-run.js';
import { runMain } from '../support/run-cli.js';
import { billerIdOf } from '../support/workbooks.js';

afterAll(async () => {
  for (const n of nights) await n.cleanup();
  const total = Object.values(reports).reduce(
    (t, r) => ({
      files: t.files + r.files,
      bytes: t.bytes + r.bytes,
      texts: t.texts + r.texts,
      leaks: t.leaks + r.leaks,
    }),
    { files: 0, bytes: 0, texts: 0, leaks: 0 },
  );
  writeFileSync('/tmp/canary-report.json', `${JSON.stringify({ scenarios: reports, total }, null, 2)}\n`);
  console.log(`canary scan, all scenarios: ${JSON.stringify(total)} (written to /tmp/canary-report.json)`);
});

it('convert, then rollback, history and crm export: no canary', async () => {
  const s = await night();
  const { n, env } = s;
  const run = s.keep(await runMain(['run', ...n.args('--now', NOW, '--json')], env));
  expect(run.code).toBe(0);
  const runId = String((JSON.parse(run.out) as { runId: string }).runId);
  expect(s.keep(await runMain(['rollback', '--run', runId, ...n.args('--yes')], env)).code).toBe(0);
  s.keep(await runMain(['history', '--output', n.output], env));
  s.keep(await runMain(['crm', 'export', '--output', n.output, '--crm-db', n.crmDb], env));
  const r = await scan('convert+rollback', s);
  expect(r.files).toBeGreaterThan(5);
  expect(existsSync(join(n.output, 'journal.db'))).toBe(true);
  expect(r.zipEntries).toBeGreaterThan(0); // the results workbook was unpacked
  expect(r.leaks).toEqual([]);
}, 60_000);

it('billers that fail (restored, and a restore that fails): no canary', async () => {
  const s = await night();
  const wrap = (t: TargetPort) => {
    const st = new ScriptedTarget(t);
    st.faults.set(billerIdOf(list[0]!), { at: 4 }); // failed, restored
    st.faults.set(billerIdOf(list[1]!), { at: 3, ignore: true }); // failed, its restore acknowledged but not applied
    return st;
  };
  const r = s.keep(await runMain(['run', ...s.n.args('--now', NOW, '--json')], s.env, { wrapTarget: wrap }));
  expect(r.code).toBe(3);
  expect(r.out).toMatch(/"failed": 1/);
  expect(r.out).toMatch(/"rollback-failed": 1/);
  expect((await scan('fail', s)).leaks).toEqual([]);
}, 60_000);

it('interrupted before the billers start: no canary', async () => {
  const s = await night();
  const stop = new AbortController();
  stop.abort();
  const r = s.keep(await runMain(['run', ...s.n.args('--now', NOW)], s.env, { signal: stop.signal }));
  expect(r.code).toBe(130);
  expect((await scan('interrupt (abort)', s)).leaks).toEqual([]);
}, 60_000);

it('SIGINT to the real process mid-night (HTTP CRM, token a canary): no canary', async () => {
  const s = await night();
  const { n } = s;
  const store = CrmStore.open(n.crmDb);
  const server = await startCrmServer(store, { token: TOKEN, faults: { latencyMs: 40 } });
  try {
    const child = spawn(
      process.execPath,
      [
        ...['--import', 'tsx', new URL('../support/cli-child.ts', import.meta.url).pathname, 'run'],
        ...['--input', n.input, '--output', n.output, '--now', NOW, '--concurrency', '1'],
        ...['--target', 'http', '--crm-url', server.url],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...s.env, SPECTRUM_CONVERT_CRM_TOKEN: TOKEN } },
    );
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (!sent && /^(\S+ \S+ \S+ )?converted /m.test(err)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    s.consoles.push(out, err);
    expect(sent, err).toBe(true);
    expect(code, err).toBe(130);
    expect(err).toMatch(/SIGINT: no new biller will start/);
  } finally {
    await server.close();
    store.close();
  }
  expect((await scan('interrupt (SIGINT)', s)).leaks).toEqual([]);
}, 90_000);

it('crashed mid-biller (SIGKILL), then recovered by the next run: no canary', async () => {
  const s = await night();
  const { n } = s;
  const child = runKilledAfter(5, ['run', ...n.args('--now', NOW, '--concurrency', '1')], s.env);
  expect(child.signal).toBe('SIGKILL');
  s.consoles.push(child.stdout, child.stderr);
  // Scanned twice: as the crash left it (a spill file, the journal mid-biller), and after recovery.
  expect((await scan('crash (as left)', s)).leaks).toEqual([]);
  const next = s.keep(await runMain(['run', ...n.args('--now', NOW)], s.env));
  expect(next.err).toMatch(/did not finish/);
  expect((await scan('crash (recovered)', s)).leaks).toEqual([]);
}, 90_000);

it('a hostile CRM echoing requests (token and secrets) in its errors: no canary', async () => {
  const { s, code, echoed, said } = await hostileNight();
  expect([1, 3]).toContain(code);
  expect(said).toMatch(/HTTP_400 \(answer of \d+ bytes\)/);
  expect(echoed).toBeGreaterThan(0);
  const r = await scan('hostile CRM', s);
  expect(r.files).toBeGreaterThan(3);
  expect(r.leaks).toEqual([]);
}, 60_000);
