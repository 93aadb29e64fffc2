/**
 * `npm run bench`: every benchmark, then BENCHMARKS.md rewritten with the figures, the machine,
 * the command and the date. Figures are medians or single end-to-end runs as stated; this is a
 * shared machine, so ratios matter more than absolute numbers. `--quick` runs smaller sizes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { packageRoot } from '../src/paths.js';
import { applyThroughput } from './apply-throughput.js';
import { chaos } from './chaos.js';
import { generate } from './generate.js';
import { fmt, machine, median } from './lib.js';
import { readThroughput } from './read-throughput.js';
import { scale } from './scale.js';
import { soak } from './soak.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, dir: { type: 'string' } } });
const quick = values.quick;
const root = values.dir ?? join(tmpdir(), 'spectrum-convert-bench');
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
const started = Date.now();
const log = (s: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

log('read throughput');
const readDir = join(root, 'read');
await generate({ count: quick ? 300 : 1000, out: readDir, seed: 1, tableRows: 0 });
const rt = await readThroughput(join(readDir, 'input'), quick ? 1 : 3);
const oursRuns = JSON.parse(
  spawnSync(process.execPath, [join(packageRoot, 'bench', 'read-ours.mjs'), join(readDir, 'input'), '2', '5'], {
    encoding: 'utf8',
  }).stdout,
) as { rates: number[] };
const oursBuilt = median(oursRuns.rates.slice(1));

log('scale');
const sc = await scale(join(root, 'scale'), quick ? [300, 1000] : [1000, 10_000], quick ? 1 : 3);

log('apply throughput against a slow CRM');
const ap = await applyThroughput(
  join(root, 'apply'),
  quick
    ? [
        { concurrency: 1, billers: 20 },
        { concurrency: 16, billers: 100 },
      ]
    : [
        { concurrency: 1, billers: 50 },
        { concurrency: 4, billers: 250 },
        { concurrency: 16, billers: 500, runs: 3 },
        { concurrency: 64, billers: 500, runs: 3 },
      ],
);

log('chaos');
const ch = await chaos(join(root, 'chaos'), quick ? 3 : 20, quick ? 60 : 200);

log('bad-input soak');
const so = await soak(join(root, 'soak'), quick ? 100 : 500);
const totalSeconds = (Date.now() - started) / 1000;
log(`done in ${fmt(totalSeconds)} s`);

const ten = sc.rows.find((r) => r.name.startsWith(quick ? '1,000' : '10,000'));
const one = sc.rows[0];
const md =
  `# Benchmarks

Rewritten by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}, ` +
  `in ${fmt(totalSeconds)} s (budget: under 10 minutes, ${totalSeconds < 600 ? 'met' : 'NOT met'}).
Machine: ${machine()}. A shared machine: read ratios more than absolute figures.

## Read throughput (${rt.files} generated form worksheets, the same files for every reader)

| reader | worksheets/s | ratio to the floor |
|---|---|---|
| ours, built code, 2 reader workers (read + normalise + find by label + validate), median of passes 2-5 | ` +
  `**${fmt(oursBuilt)}** | ${fmt(oursBuilt / rt.floor, 2)} |
| ours, under tsx, 2 workers, median of ${quick ? 1 : 3} (includes the first, JIT-cold pass) ` +
  `| ${fmt(rt.ours)} | ${fmt(rt.ours / rt.floor, 2)} |
| ours, under tsx, 1 worker | ${fmt(rt.oursOneWorker)} | ${fmt(rt.oursOneWorker / rt.floor, 2)} |
| exceljs \`readFile\` alone, one thread | ${fmt(rt.exceljs)} | ${fmt(rt.exceljs / rt.floor, 2)} |
| SheetJS \`xlsx.read\`, one thread | ${fmt(rt.sheetjs)} | ${fmt(rt.sheetjs / rt.floor, 2)} |
| floor: unzip the sheet parts and scan their XML, one thread | ${fmt(rt.floor)} | 1.00 |

Target: at least 1,500 form worksheets per second on this 2-core machine: ${oursBuilt >= 1500 ? 'met' : 'NOT met'}.
Passes of the built reader: ${oursRuns.rates.map((r) => fmt(r)).join(', ')} worksheets/s (the first pass warms the JIT).

## Scale: dry run end to end (\`spectrum-convert plan\`, the real CLI process, workers included)

Each figure is the median of ${sc.rows[0]?.runs.length ?? 1} runs (every run in brackets).

| input | billers | wall time (s) | peak RSS (MB) | outcome |
|---|---|---|---|---|
${sc.rows
  .map(
    (r) =>
      `| ${r.name} | ${fmt(r.billers)} | ${fmt(r.seconds, 1)} ` +
      `(${r.runs.map((x) => fmt(x.seconds, 1)).join(', ')}) | ${fmt(r.peakRssMb)} ` +
      `(${r.runs.map((x) => fmt(x.peakRssMb)).join(', ')}) | ${Object.entries(r.counts)
        .map(([k, v]) => `${fmt(v)} ${k}`)
        .join(', ')} |`,
  )
  .join('\n')}

Growth from ${fmt(one?.billers ?? 0)} to ${fmt(ten?.billers ?? 0)} billers: time ` +
  `×${fmt((ten?.seconds ?? 0) / (one?.seconds ?? 1), 1)}, peak RSS ` +
  `×${fmt((ten?.peakRssMb ?? 0) / (one?.peakRssMb ?? 1), 2)}.
Targets: 10,000 billers in at most 20 s (${(ten?.seconds ?? 99) <= 20 ? 'met' : 'NOT met'}) with peak RSS at ` +
  `most 300 MB (${(ten?.peakRssMb ?? 999) <= 300 ? 'met' : 'NOT met'}).

Results workbook and json with ${fmt(sc.results100k.rows)} change rows (its own process, rows made in memory ` +
  `first): ${fmt(sc.results100k.seconds, 1)} s, peak RSS ${fmt(sc.results100k.peakRssMb)} MB, medians ` +
  `of ${sc.results100k.runs.length} ` +
  `(${sc.results100k.runs.map((x) => `${fmt(x.seconds, 1)} s / ${fmt(x.peakRssMb)} MB`).join(', ')}); targets ` +
  `5 s and 200 MB: ${sc.results100k.seconds <= 5 && sc.results100k.peakRssMb <= 200 ? 'met' : 'NOT met'}.
The workbook is written by our own streaming xlsx writer (\`src/report/xlsx-writer.ts\`): exceljs's streaming writer
keeps the whole zip in memory until it ends (JSZip), which took this to 4.3 s and 208 MB and a 10,000-biller ` +
  `night to 448 MB.

## Apply throughput against a slow CRM (\`crm serve\` with 20 ms added to every request)

| concurrency | billers | billers/s, whole batch | ratio to ideal | billers/s at full concurrency | **ratio ` +
  `to ideal** | requests per biller | ideal billers/s | CRM's mean answer (ms) | outcome |
|---|---|---|---|---|---|---|---|---|---|
${ap
  .map(
    (r) =>
      `| ${r.concurrency} | ${r.billers} | ${fmt(r.billersPerSecond, 1)} | ${fmt(r.ratio, 2)} ` +
      `| ${fmt(r.steadyPerSecond, 1)} | **${fmt(r.steadyRatio, 2)}**${
        r.steadyRatios.length > 1 ? ` (median of ${r.steadyRatios.map((x) => fmt(x, 3)).join(', ')})` : ''
      } | ${fmt(r.requestsPerBiller, 1)} ` +
      `| ${fmt(r.ideal, 1)} | ${fmt(r.answerMs, 1)} | ${Object.entries(r.counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')} |`,
  )
  .join('\n')}

Ideal = concurrency ÷ (requests per biller × 20 ms), a steady-state rate. Requests per biller are what the
contract allows: one snapshot read, one write per real change, one maintenance write at each end, one read-back.
"Whole batch" runs from the first biller's start to the last finish, so it includes the ramp-down (the last
wave of 500 ÷ 16 runs part-empty); "at full concurrency" counts the finishes while every slot was busy
(from the first finish to the (N − concurrency + 1)-th: until then a finished slot always takes the next ` +
  `biller), which is what the ideal describes, and is the ratio the target is judged on.
\`crm serve\` answers 20 ms after a request arrives, its own work included, never earlier; its timers fire late
by a fraction of a millisecond, hence a measured mean answer a little over 20 ms, which no client can beat.
Target: at least 90 % of the ideal at concurrency ` +
  `16: ${(ap.find((r) => r.concurrency === 16)?.steadyRatio ?? 0) >= 0.9 ? 'met' : 'NOT met'}.

## Chaos (${ch.iterations} runs of ${ch.billers} billers against \`crm serve\` with 10 % failures, 1 % slow ` +
  `answers past the timeout, 1 % dropped connections; each run SIGKILLed at a random moment, then run again)

- runs killed mid-batch: ${ch.killedMidRun} of ${ch.iterations}; billers restored from the journal by the ` +
  `next run: ${ch.recovered}
- final states: ${fmt(ch.converted)} fully converted, ${fmt(ch.original)} exactly original
- **invariant violations: ${ch.violations.length}**${
    ch.violations.length
      ? `\n${ch.violations
          .slice(0, 20)
          .map((v) => `  - ${v}`)
          .join('\n')}`
      : ''
  }

Checked on the store itself after each pair of runs: every biller fully converted or exactly original,
nothing in maintenance, the journal agreeing with the store (no biller in flight, the last status
matching the state), the lock recovered.

## Bad-input soak (${so.files} files: ${so.valid} valid worksheets, ${so.bad} bad ones of 16 kinds)

- the batch completed in ${fmt(so.seconds, 1)} s with peak RSS ${fmt(so.peakRssMb)} MB (target under 300 ` +
  `MB: ${so.peakRssMb < 300 ? 'met' : 'NOT met'})
- valid billers converted: ${so.converted} of ${so.valid}
- bad files rejected with exactly one error: ${so.badWithError} of ${so.bad} (${Object.entries(so.byCode)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')})

## How to run

\`\`\`sh
npm run bench              # everything, rewrites BENCHMARKS.md (under 10 minutes)
npm run bench -- --quick   # smaller sizes, for a smoke test
npx tsx bench/chaos.ts --iterations 20 --billers 200   # --seed N --port-base P to run two at once (a loaded machine)
npm run build && npx tsx bench/apply-only.ts 1:50 16:500  # only the apply benchmark, concurrency:billers
npx tsx bench/generate.ts --count 1000 --out /tmp/night
\`\`\`
`;
writeFileSync(join(packageRoot, 'BENCHMARKS.md'), md);
console.log(md);
