/**
 * Chaos: a batch of billers against `crm serve` with injected failures, killed with SIGKILL at a
 * random moment, then run again; the invariant is checked on the store itself: every biller
 * either fully converted or exactly in its original state, nothing in maintenance, the journal
 * agreeing with the store, the lock recovered. Also run at small size by the test suite.
 *
 *   tsx bench/chaos.ts [--iterations 20] [--billers 200]
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { differences } from '../src/core/simulate.js';
import type { BillerSnapshot } from '../src/core/snapshot.js';
import { Journal } from '../src/journal/journal.js';
import { createSealer } from '../src/journal/seal.js';
import { CrmStore } from '../src/targets/sqlite/crm-store.js';
import { generate, rng } from './generate.js';
import { runCli, serveChild } from './lib.js';

const TOKEN = 'chaos-token-0123456789';
const KEY = 'ef'.repeat(32);

export interface ChaosResult {
  iterations: number;
  billers: number;
  killedMidRun: number;
  violations: string[];
  recovered: number;
  converted: number;
  original: number;
}

function snapshots(db: string): Map<string, BillerSnapshot> {
  const store = CrmStore.open(db);
  const out = new Map(store.billerIds().map((id) => [id, store.snapshot(id)!] as const));
  store.close();
  return out;
}

export async function chaos(
  root: string,
  iterations: number,
  billers: number,
  seed = 1,
  portBase = 19_000,
): Promise<ChaosResult> {
  rmSync(root, { recursive: true, force: true });
  const g = await generate({ count: billers, out: join(root, 'gen'), seed: 9, tableRows: 0, onePerFile: true });
  const config = join(root, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      settleSeconds: 0,
      concurrency: 8,
      http: { maxRequestsPerSecond: 0, timeoutMs: 500, backoffMs: 5, retries: 4 },
      serve: { faults: { failRate: 0.1, slowRate: 0.01, slowMs: 600, dropRate: 0.01 } },
    }),
  );
  // The converted state of every biller: a clean run on a copy, without faults.
  const clean = join(root, 'clean');
  cpSync(g.input, join(clean, 'input'), { recursive: true });
  await runCli(['crm', 'import', g.crmCsv, '--crm-db', join(clean, 'crm.db'), '--output', join(clean, 'out')]);
  const original = snapshots(join(clean, 'crm.db'));
  await runCli([
    'run',
    '--input',
    join(clean, 'input'),
    '--output',
    join(clean, 'out'),
    '--crm-db',
    join(clean, 'crm.db'),
    '--config',
    config,
    '--now',
    '2026-11-26',
    '--no-archive',
  ]);
  const converted = snapshots(join(clean, 'crm.db'));

  const dice = rng(seed);
  const result: ChaosResult = {
    iterations,
    billers,
    killedMidRun: 0,
    violations: [],
    recovered: 0,
    converted: 0,
    original: 0,
  };
  for (let i = 0; i < iterations; i++) {
    const dir = join(root, `run-${i}`);
    const input = join(dir, 'input');
    const out = join(dir, 'out');
    mkdirSync(dir, { recursive: true });
    cpSync(g.input, input, { recursive: true });
    for (const f of readdirSync(input)) utimesSync(join(input, f), new Date(0), new Date(0));
    const crmDb = join(dir, 'crm.db');
    await runCli(['crm', 'import', g.crmCsv, '--crm-db', crmDb, '--output', out]);
    const port = portBase + i;
    const cfg = join(dir, 'config.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        ...(JSON.parse((await import('node:fs')).readFileSync(config, 'utf8')) as object),
        serve: { faults: { failRate: 0.1, slowRate: 0.01, slowMs: 600, dropRate: 0.01, seed: i + 1 } },
      }),
    );
    const server = await serveChild(crmDb, cfg, port, TOKEN);
    const stop = server.stop;
    const args = [
      'run',
      '--target',
      'http',
      '--crm-url',
      `http://127.0.0.1:${port}`,
      '--input',
      input,
      '--output',
      out,
      '--config',
      cfg,
      '--now',
      '2026-11-26',
      '--no-archive',
    ];
    const env = { SPECTRUM_CONVERT_CRM_TOKEN: TOKEN, SPECTRUM_CONVERT_JOURNAL_KEY: KEY };
    const killed = await runCli(args, { env, killAfterMs: 300 + Math.floor(dice() * 2500) });
    if (killed.signal === 'SIGKILL') result.killedMidRun++;
    const second = await runCli(args, { env });
    await stop();
    const tag = `iteration ${i + 1}`;
    if (second.code === 75 || second.code === null) result.violations.push(`${tag}: second run exited ${second.code}`);
    for (const lock of [join(input, '.spectrum-convert.lock')])
      if (existsSync(lock)) result.violations.push(`${tag}: lock left behind`);
    const after = snapshots(crmDb);
    const journal = Journal.open(
      join(out, 'journal.db'),
      createSealer(Buffer.from(KEY, 'hex'), () => ''),
    );
    if (journal.inFlight().length) result.violations.push(`${tag}: journal still has billers in flight`);
    const recovered = second.err.match(/restored to its state before that run/g)?.length ?? 0;
    result.recovered += recovered;
    for (const [id, now] of after) {
      if (now.maintenance) result.violations.push(`${tag}: ${id} left in maintenance`);
      const isConverted = differences(converted.get(id)!, now).length === 0;
      const isOriginal = differences(original.get(id)!, now).length === 0;
      if (!isConverted && !isOriginal)
        result.violations.push(
          `${tag}: ${id} half converted: ${differences(converted.get(id)!, now).slice(0, 3).join('; ')}`,
        );
      // The last run that says something about the state: a run that failed before writing anything
      // (it could not read the biller) says only that, and the state is what the run before left.
      const last = journal
        .billerHistory(id)
        .filter((h) => h.runKind === 'run' && (h.touched || h.status !== 'failed'))
        .at(-1);
      const says = last?.status === 'converted' || last?.status === 'already-converted';
      if (says !== isConverted)
        result.violations.push(
          `${tag}: ${id} journal says ${last?.status ?? 'nothing'}, store is ${isConverted ? 'converted' : 'original'}`,
        );
      if (isConverted) result.converted++;
      else result.original++;
    }
    journal.close();
    // An iteration that broke the invariant keeps its store, journal and logs for a person to read.
    if (result.violations.some((v) => v.startsWith(`${tag}:`))) result.violations.push(`${tag}: kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '20' },
      billers: { type: 'string', default: '200' },
      dir: { type: 'string', default: '/tmp/spectrum-chaos' },
      seed: { type: 'string', default: '1' },
      'port-base': { type: 'string', default: '19000' },
    },
  });
  const r = await chaos(
    values.dir,
    Number(values.iterations),
    Number(values.billers),
    Number(values.seed),
    Number(values['port-base']),
  );
  console.log(JSON.stringify(r, null, 2));
  process.exitCode = r.violations.length ? 1 : 0;
}
