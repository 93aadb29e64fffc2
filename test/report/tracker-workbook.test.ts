import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUSES } from '../../src/core/status.js';
import { TRACKER_STATES, type Tracker, type TrackerBiller } from '../../src/core/tracker.js';
import { STATUS_FILL } from '../../src/report/status-colors.js';
import { writeTracker } from '../../src/report/tracker-workbook.js';
import { tempDir } from '../support/intake.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sc-tracker-'));
});
afterEach(() => cleanup());

const biller = (state: TrackerBiller['state'], n: number): TrackerBiller => ({
  billerId: `B${n}`,
  billerName: `Town ${n}`,
  state,
  night: '2026-12-02',
  runId: `R${n}`,
  detail: state === 'blocked' ? 'BLOCKED.FTP_USER_MISSING' : '',
  file: `t${n}.xlsx`,
  openFollowUps: '',
  seen: n,
});
const tracker = (nights = true): Tracker => ({
  headline: '1 of 3 billers converted; 1 needs a person',
  totals: { 'rollback-failed': 0, failed: 0, blocked: 1, invalid: 0, pending: 0, scheduled: 1, converted: 1, known: 3 },
  billers: [biller('blocked', 1), biller('scheduled', 2), biller('converted', 3)],
  nights: nights
    ? [
        { night: '2026-12-01', runId: 'R1', counts: { blocked: 1, scheduled: 2 }, convertedSoFar: 0, known: 3 },
        { night: '2026-12-02', runId: 'R2', counts: { converted: 1, blocked: 1 }, convertedSoFar: 1, known: 3 },
      ]
    : [],
});

async function read(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}
const fillOf = (cell: ExcelJS.Cell) => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;

describe('writeTracker', () => {
  it('Progress: the title, the headline, then each state with its count and colour, then all known', async () => {
    const path = join(dir, 'tracker.xlsx');
    await writeTracker(path, tracker(), 'Conversion tracker');
    const ws = (await read(path)).getWorksheet('Progress');
    expect([ws?.getCell('A1').value, ws?.getCell('A2').value]).toEqual([
      'Conversion tracker',
      '1 of 3 billers converted; 1 needs a person',
    ]);
    expect([ws?.getCell('A4').value, ws?.getCell('B4').value]).toEqual(['State', 'Billers']);
    const states = TRACKER_STATES.map((_, i) => ws?.getRow(5 + i));
    expect(states.map((r) => [r?.getCell(1).value, r?.getCell(2).value])).toEqual(
      TRACKER_STATES.map((s) => [s, tracker().totals[s]]),
    );
    expect(states.map((r) => (r ? fillOf(r.getCell(1)) : undefined))).toEqual([
      STATUS_FILL['rollback-failed'],
      STATUS_FILL.failed,
      STATUS_FILL.blocked,
      STATUS_FILL.invalid,
      STATUS_FILL.interrupted,
      STATUS_FILL.scheduled,
      STATUS_FILL.converted,
    ]);
    const known = ws?.getRow(5 + TRACKER_STATES.length);
    expect([known?.getCell(1).value, known?.getCell(2).value]).toEqual(['all known', 3]);
  });

  it('Billers: one row per biller, its state coloured; Nights: every status counted, 0 when absent', async () => {
    const path = join(dir, 'tracker.xlsx');
    await writeTracker(path, tracker(), 'T');
    const wb = await read(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Progress', 'Billers', 'Nights']);
    const billers = wb.getWorksheet('Billers');
    expect(billers?.getRow(2).values).toEqual([
      undefined,
      'blocked',
      'B1',
      'Town 1',
      '2026-12-02',
      'R1',
      'BLOCKED.FTP_USER_MISSING',
      't1.xlsx',
      undefined,
      1,
    ]);
    expect(billers?.rowCount).toBe(4);
    expect(billers ? fillOf(billers.getCell('A2')) : undefined).toBe(STATUS_FILL.blocked);
    expect(billers ? fillOf(billers.getCell('B2')) : undefined).toBeUndefined();
    const nights = wb.getWorksheet('Nights');
    expect((nights?.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Night',
      'Run',
      'Converted so far',
      'Billers known',
      ...STATUSES,
    ]);
    const counts = (nights?.getRow(3).values as unknown[]).slice(5);
    expect(counts).toEqual(STATUSES.map((s) => ({ converted: 1, blocked: 1 })[s as string] ?? 0));
  });

  it('draws the burn-up from the Nights sheet, and no chart before the first night', async () => {
    const zipOf = async (t: Tracker) => {
      const path = join(dir, `t${t.nights.length}.xlsx`);
      await writeTracker(path, t, 'T');
      return JSZip.loadAsync(readFileSync(path));
    };
    const chart = await (await zipOf(tracker())).file('xl/charts/chart1.xml')?.async('string');
    expect(chart).toContain('<c:lineChart>');
    expect(chart).toContain("<c:f>'Nights'!$C$2:$C$3</c:f>");
    const none = await zipOf(tracker(false));
    expect(Object.keys(none.files).filter((f) => f.includes('chart'))).toEqual([]);
  });

  it('creates the folder, replaces an older tracker, and leaves no temporary file', async () => {
    const path = join(dir, 'sub', 'tracker.xlsx');
    await writeTracker(path, tracker(false), 'T');
    await writeTracker(path, tracker(), 'T');
    expect((await read(path)).getWorksheet('Nights')?.rowCount).toBe(3);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['tracker.xlsx']);
  });

  it('a tracker that cannot be put in place is refused, and its temporary file removed', async () => {
    // A folder (not empty) where the tracker should go: the rename fails, the folder is left as it was.
    const path = join(dir, 'tracker.xlsx');
    mkdirSync(path);
    writeFileSync(join(path, 'keep'), 'x');
    await expect(writeTracker(path, tracker(), 'T')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['tracker.xlsx']);
    expect(existsSync(join(path, 'keep'))).toBe(true);
  });
});
