import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeNight, type Night } from '../support/night.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { sampleBiller, tableWorkbook } from '../support/workbooks.js';

let night: Night | undefined;
afterEach(async () => { await night?.cleanup(); night = undefined; });

interface ResultsJson {
  summary: { headline: string; title: string; archived: string[]; left: Array<{ file: string }> };
  billers: Array<{ billerId: string; status: string; todo: string; windowSeconds: number | null }>;
  followUps: Array<{ billerId: string; code: string }>;
}
const results = (out: string) => JSON.parse(readFileSync((JSON.parse(out) as { results: { json: string } }).results.json, 'utf8')) as ResultsJson;

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
    expect(one.followUps.map((f) => f.code).sort()).toEqual(['FOLLOW_UP.AUTOPAY_COLLECTION_DATE', 'FOLLOW_UP.AUTOPAY_COLLECTION_DATE', 'FOLLOW_UP.EMAIL_NOTIFICATION', 'FOLLOW_UP.EMAIL_NOTIFICATION']);
    expect(one.summary.left.map((f) => f.file)).toEqual(['table.xlsx']);

    const second = await runMain(['run', ...night.args('--now', '2026-12-02', '--json')], env);
    const two = results(second.out);
    expect(two.billers.map((b) => [b.status, b.windowSeconds])).toEqual([['already-converted', null], ['already-converted', null]]);
    expect(two.followUps).toEqual([]); // the same questions are not asked again every night
    expect(two.summary.archived).toEqual(['table.xlsx']);
    expect(two.summary.left).toEqual([]);
  });
});
