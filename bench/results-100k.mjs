// The results workbook and json for 100,000 change rows: node bench/results-100k.mjs OUTDIR
import { mkdirSync } from 'node:fs';

const [out] = process.argv.slice(2);
const { reportRows } = await import('../dist/core/report-rows.js');
const { writeResults } = await import('../dist/report/results-workbook.js');
const { SECTION } = await import('../dist/core/checklist.js');
mkdirSync(out, { recursive: true });
const billers = [];
for (let i = 0; i < 4000; i++) {
  const billerId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const changes = Array.from({ length: 25 }, (_, k) => ({
    billerId,
    section: SECTION.webServices,
    kind: 'advanced.set',
    entity: 'advanced_setting',
    key: 8 + (k % 6),
    name: 'RTDR EndPoint/WebService URL',
    before: `https://old.example.com/${i}/${k}`,
    after: `https://new.example.com/${i}/${k}`,
  }));
  billers.push({
    billerId,
    billerName: `Biller ${i}`,
    status: 'converted',
    file: `w-${i}.xlsx`,
    sheet: 'Biller',
    changes,
    followUps: [],
  });
}
const now = new Date();
const info = {
  runId: 'bench',
  mode: 'plan',
  startedAt: now,
  endedAt: now,
  target: 'bench',
  concurrency: 4,
  now: '2026-11-26',
  commandLine: 'bench',
  exitCode: 0,
  interrupted: false,
};
const t = performance.now();
const rows = reportRows(info, [], billers, (s) => s);
await writeResults(out, now, rows, { ...info, ...rows });
process.stdout.write(JSON.stringify({ rows: rows.changes.count, ms: performance.now() - t }));
