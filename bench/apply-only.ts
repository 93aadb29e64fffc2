/**
 * Only the apply benchmark, for working on it: npx tsx bench/apply-only.ts [c:billers ...] (built code; run `npm run
 * build` first).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyThroughput } from './apply-throughput.js';

const plan = (process.argv.slice(2).length ? process.argv.slice(2) : ['1:50', '16:500']).map((a) => {
  const [c, n] = a.split(':').map(Number);
  return { concurrency: c ?? 1, billers: n ?? 100 };
});
const rows = await applyThroughput(mkdtempSync(join(tmpdir(), 'apply-')), plan, Number(process.env.LATENCY_MS ?? 20));
for (const r of rows)
  console.log(
    `c=${r.concurrency} billers=${r.billers} ${r.billersPerSecond.toFixed(1)}/s ` +
      `req/biller=${r.requestsPerBiller.toFixed(1)} ideal=${r.ideal.toFixed(1)} ratio=${r.ratio.toFixed(3)} ` +
      `steady=${r.steadyPerSecond.toFixed(1)}/s ${r.steadyRatio.toFixed(3)} answer=${r.answerMs.toFixed(2)}ms`,
  );
