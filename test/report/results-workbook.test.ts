import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportRows, type RunInfo } from '../../src/core/report-rows.js';
import type { BillerResult } from '../../src/core/summary.js';
import { resultsStem, writeResults } from '../../src/report/results-workbook.js';
import { tempDir } from '../support/intake.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sc-results-'));
});
afterEach(() => cleanup());

const info: RunInfo = {
  runId: '20261201T071500Z-ab12',
  mode: 'run',
  startedAt: new Date('2026-12-01T07:15:00.123Z'),
  endedAt: new Date('2026-12-01T07:16:12Z'),
  target: 'sqlite',
  concurrency: 4,
  now: '2026-12-01',
  commandLine: 'spectrum-convert run',
  exitCode: 0,
  interrupted: false,
  timeZone: 'UTC',
};
const billers: BillerResult[] = [
  {
    billerId: 'B1',
    billerName: 'Town 1',
    status: 'converted',
    file: '/in/a.xlsx',
    sheet: 'S',
    changes: [],
    followUps: [],
  },
];
const rows = () => reportRows(info, [], billers, (s) => `masked ${s.length}`, [], undefined, []);

describe('resultsStem', () => {
  it.each([
    { at: '2026-12-01T07:15:00.123Z', stem: 'results-2026-12-01T071500' },
    { at: '2030-01-02T23:59:59Z', stem: 'results-2030-01-02T235959' },
  ])('$at is $stem', ({ at, stem }) => {
    expect(resultsStem(new Date(at))).toBe(stem);
  });
});

describe('writeResults', () => {
  it('writes the workbook, its json twin and the page under one stem, and no temporary file', async () => {
    const out = await writeResults(dir, info.startedAt, rows(), { runId: info.runId });
    expect(out).toEqual({
      xlsx: join(dir, 'results-2026-12-01T071500.xlsx'),
      json: join(dir, 'results-2026-12-01T071500.json'),
      html: join(dir, 'results-2026-12-01T071500.html'),
    });
    expect(readdirSync(dir).sort()).toEqual([
      'results-2026-12-01T071500.html',
      'results-2026-12-01T071500.json',
      'results-2026-12-01T071500.xlsx',
    ]);
    expect(JSON.parse(readFileSync(out.json, 'utf8'))).toEqual({ runId: info.runId });
    expect(readFileSync(out.html, 'utf8')).toContain('results-2026-12-01T071500.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out.xlsx);
    expect(wb.worksheets.map((w) => w.name)).toContain('Billers');
    expect(statSync(out.html).mode & 0o777).toBe(0o600);
  });

  it('a second run started in the same second never overwrites the first', async () => {
    const first = await writeResults(dir, info.startedAt, rows(), { n: 1 });
    const second = await writeResults(dir, info.startedAt, rows(), { n: 2 });
    expect(second.xlsx).toBe(join(dir, 'results-2026-12-01T071500-2.xlsx'));
    expect(JSON.parse(readFileSync(first.json, 'utf8'))).toEqual({ n: 1 });
    expect(JSON.parse(readFileSync(second.json, 'utf8'))).toEqual({ n: 2 });
  });
});
