/**
 * Apply throughput against a slow CRM: crm serve with 20 ms added to every request, billers
 * converted at concurrency 1, 4, 16, 64. Billers per second (from the first to the last biller
 * finished, read from the run's JSON log), requests per biller (counted by the server), and the
 * ratio to the ideal concurrency ÷ (requests per biller × latency).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from './generate.js';
import { runCli, serveChild } from './lib.js';

export interface ApplyRow {
  concurrency: number;
  billers: number;
  billersPerSecond: number;
  requestsPerBiller: number;
  ideal: number;
  ratio: number;
  counts: Record<string, number>;
  /** Billers per second while every slot was busy (ramp-down excluded), and its ratio to the ideal. */
  steadyPerSecond: number;
  steadyRatio: number;
  /** Every run's full-concurrency ratio, when the row was measured more than once. */
  steadyRatios: number[];
  /**
   * The server's own mean time from a request's arrival to its answer (the nominal latency plus its timer's
   * lateness).
   */
  answerMs: number;
}

const TOKEN = 'bench-token-0123456789';

/** `runs`: how many times a row is measured; the run with the median full-concurrency ratio is reported. */
export async function applyThroughput(
  root: string,
  plan: Array<{ concurrency: number; billers: number; runs?: number }>,
  latencyMs = 20,
): Promise<ApplyRow[]> {
  const rows: ApplyRow[] = [];
  const most = Math.max(...plan.map((p) => p.billers));
  const g = await generate({ count: most, out: join(root, 'gen'), seed: 5, tableRows: 0, onePerFile: true });
  const config = join(root, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      serve: { faults: { latencyMs } },
      http: { maxRequestsPerSecond: 0, timeoutMs: 10_000 },
      settleSeconds: 0,
    }),
  );
  let port = 18_500;
  for (const { concurrency, billers, runs = 1 } of plan) {
    const measured: Array<Omit<ApplyRow, 'steadyRatios'>> = [];
    for (let attempt = 0; attempt < runs; attempt++) {
      const dir = join(root, `c${concurrency}`);
      rmSync(dir, { recursive: true, force: true });
      const input = join(dir, 'input');
      mkdirSync(input, { recursive: true });
      for (const f of readdirSync(g.input).sort().slice(0, billers))
        writeFileSync(join(input, f), readFileSync(join(g.input, f)));
      const past = new Date(Date.now() - 3600_000);
      for (const f of readdirSync(input)) utimesSync(join(input, f), past, past);
      const crmDb = join(dir, 'crm.db');
      await runCli(['crm', 'import', g.crmCsv, '--crm-db', crmDb, '--output', join(dir, 'out')]);
      const server = await serveChild(crmDb, config, ++port, TOKEN);
      const run = await runCli(
        [
          'run',
          '--target',
          'http',
          '--crm-url',
          `http://127.0.0.1:${port}`,
          '--input',
          input,
          '--output',
          join(dir, 'out'),
          '--config',
          config,
          '--concurrency',
          String(concurrency),
          '--now',
          '2026-11-26',
          '--json',
          '--no-archive',
        ],
        { env: { SPECTRUM_CONVERT_CRM_TOKEN: TOKEN } },
      );
      const { requests, answerMs } = await server.stop();
      const counts = (JSON.parse(run.out) as { counts: Record<string, number> }).counts;
      const times = readdirSync(join(dir, 'out', 'logs'))
        .flatMap((f) => readFileSync(join(dir, 'out', 'logs', f), 'utf8').split('\n'))
        .filter((l) => l.includes('"event":"biller.done"'))
        .map((l) => Date.parse((JSON.parse(l) as { timestamp: string }).timestamp));
      // Two rates. Over the whole batch: from the start of the first biller (its finish minus one
      // biller's ideal time) to the last finish, ramp-down included (the last wave of a batch runs
      // part-empty). At full concurrency: the finishes from the first to the (N - c + 1)-th, the window in
      // which every slot is busy, which is what the ideal (a steady-state rate) describes.
      const perBiller = requests / billers;
      times.sort((a, b) => a - b);
      const span = (times[times.length - 1]! - times[0]!) / 1000 + (perBiller * latencyMs) / 1000;
      const billersPerSecond = billers / span;
      const full = times.slice(0, Math.max(2, times.length - concurrency + 1));
      const steadyPerSecond = (full.length - 1) / ((full[full.length - 1]! - full[0]!) / 1000);
      const ideal = concurrency / ((perBiller * latencyMs) / 1000);
      measured.push({
        concurrency,
        billers,
        billersPerSecond,
        requestsPerBiller: perBiller,
        ideal,
        ratio: billersPerSecond / ideal,
        steadyPerSecond,
        steadyRatio: steadyPerSecond / ideal,
        answerMs,
        counts: Object.fromEntries(Object.entries(counts).filter(([, v]) => v > 0)),
      });
    }
    const sorted = [...measured].sort((a, b) => a.steadyRatio - b.steadyRatio);
    rows.push({ ...sorted[Math.floor((sorted.length - 1) / 2)]!, steadyRatios: measured.map((m) => m.steadyRatio) });
  }
  return rows;
}
