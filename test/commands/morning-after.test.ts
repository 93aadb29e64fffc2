// @module-tag slow: three nights and their reports
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { makeNight, type Night } from '../support/night.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { formWorkbook, sampleBiller, tableWorkbook, billerIdOf } from '../support/workbooks.js';

let night: Night | undefined;
afterEach(async () => {
  await night?.cleanup();
  night = undefined;
});

interface ResultsJson {
  summary: { headline: string; title: string; archived: string[]; left: Array<{ file: string }> };
  billers: Array<{ billerId: string; status: string; todo: string; windowSeconds: number | null }>;
  followUps: Array<{ billerId: string; code: string }>;
}
const results = (out: string) =>
  JSON.parse(readFileSync((JSON.parse(out) as { results: { json: string } }).results.json, 'utf8')) as ResultsJson;

describe('the morning after', () => {
  it('follow-ups only for billers converted this night; a converted biller shows its maintenance window', async () => {
    const list = [sampleBiller(1), sampleBiller(2)];
    night = await makeNight(list.map(mipsSnapshotFor));
    await night.drop('table.xlsx', await tableWorkbook('Billers', list));
    const env = { SPECTRUM_CONVERT_TIME_ZONE: 'America/New_York' };
    const first = await runMain(['run', ...night.args('--now', '2026-12-01', '--no-archive', '--json')], env);
    expect(first.code).toBe(0);
    const one = results(first.out);
    expect(one.summary.headline).toBe('All 2 due billers converted');
    expect(one.summary.title).toContain('Tuesday, 1 December 2026 (America/New_York)');
    expect(one.billers.map((b) => b.status)).toEqual(['converted', 'converted']);
    for (const b of one.billers) expect(b.windowSeconds).toBeGreaterThanOrEqual(0);
    expect(one.billers[0]!.todo).toBe('do the follow-ups (Follow-ups sheet)');
    expect(one.followUps.map((f) => f.code).sort()).toEqual([
      'FOLLOW_UP.AUTOPAY_COLLECTION_DATE',
      'FOLLOW_UP.AUTOPAY_COLLECTION_DATE',
      'FOLLOW_UP.EMAIL_NOTIFICATION',
      'FOLLOW_UP.EMAIL_NOTIFICATION',
    ]);
    expect(one.summary.left.map((f) => f.file)).toEqual(['table.xlsx']);

    const second = await runMain(['run', ...night.args('--now', '2026-12-02', '--json')], env);
    const two = results(second.out);
    expect(two.billers.map((b) => [b.status, b.windowSeconds])).toEqual([
      ['already-converted', null],
      ['already-converted', null],
    ]);
    expect(two.followUps).toEqual([]); // the same questions are not asked again every night
    expect(two.summary.archived).toEqual(['table.xlsx']);
    expect(two.summary.left).toEqual([]);
  });
});

describe('spectrum-convert report', () => {
  it(
    'tracks every biller across nights, with a Nights sheet and a burn-up chart; ' +
      'run refreshes output/tracker.xlsx',
    async () => {
      const [a, b, c] = [
        sampleBiller(1),
        sampleBiller(2),
        sampleBiller(3, { conversionDate: new Date(Date.UTC(2026, 11, 3)) }),
      ];
      night = await makeNight([a, b, c].map(mipsSnapshotFor));
      await night.drop('ab.xlsx', await tableWorkbook('Billers', [a, b]));
      await night.drop('c.xlsx', await formWorkbook({ name: 'Biller', fields: c }));
      await night.drop(
        'bad.xlsx',
        await formWorkbook({ name: 'Biller', fields: { ...sampleBiller(4), rtdrUrl: 'http://insecure.example.com' } }),
      );
      for (const now of ['2026-12-01', '2026-12-02', '2026-12-03'])
        expect((await runMain(['run', ...night.args('--now', now)])).code).toBe(1);
      const tracker = join(night.output, 'tracker.xlsx');
      expect(existsSync(tracker)).toBe(true);

      const r = await runMain(['report', '--json', '--output', night.output]);
      expect(r.code).toBe(0);
      const data = JSON.parse(r.out) as {
        headline: string;
        nights: Array<{ night: string; convertedSoFar: number; known: number }>;
        billers: Array<{ billerId: string; state: string; night: string; file: string }>;
      };
      expect(data.headline).toBe('3 of 4 billers converted; 1 needs a person');
      expect(data.nights.map((n) => [n.night, n.convertedSoFar, n.known])).toEqual([
        ['2026-12-01', 2, 4],
        ['2026-12-02', 2, 4],
        ['2026-12-03', 3, 4],
      ]);
      const state = Object.fromEntries(data.billers.map((x) => [x.billerId, [x.state, x.night, x.file]]));
      expect(state[billerIdOf(a)]).toEqual(['converted', '2026-12-01', 'ab.xlsx']);
      expect(state[billerIdOf(c)]).toEqual(['converted', '2026-12-03', 'c.xlsx']);
      expect(state[billerIdOf(sampleBiller(4))]).toEqual(['invalid', '2026-12-03', 'bad.xlsx']);

      const out = join(night.dir, 'tracker-copy.xlsx');
      const written = await runMain(['report', '--out', out, '--output', night.output]);
      expect(written.out).toBe(`3 of 4 billers converted; 1 needs a person\nTracker: ${out}`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Progress', 'Billers', 'Nights']);
      expect(wb.getWorksheet('Progress')!.getCell('A2').value).toBe(data.headline);
      expect(wb.getWorksheet('Billers')!.rowCount).toBe(5);
      expect(wb.getWorksheet('Nights')!.getRow(4).values).toEqual(expect.arrayContaining(['2026-12-03', 3, 4]));
      const chart = await (await JSZip.loadAsync(readFileSync(out))).file('xl/charts/chart1.xml')!.async('string');
      expect(chart).toContain('<c:lineChart>');
      expect(chart).toContain("<c:f>'Nights'!$C$2:$C$4</c:f>");
      expect(chart).toContain("<c:f>'Nights'!$D$2:$D$4</c:f>");
    },
    120_000,
  ); // three nights and two reports

  it('says so when there is no journal yet', async () => {
    night = await makeNight([]);
    const r = await runMain(['report', '--json', '--output', night.output]);
    expect(JSON.parse(r.out)).toMatchObject({ headline: 'No biller in the journal yet', billers: [], nights: [] });
  });
});
