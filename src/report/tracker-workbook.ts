/**
 * The tracker workbook (`spectrum-convert report`, and output/tracker.xlsx after each run): a
 * Progress page with the headline, the billers by state and a burn-up chart, then one row per
 * biller ever seen and one per night. Written to a temporary file and renamed over the old one, so
 * a person who opens it mid-run sees the last complete tracker, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { STATUSES } from '../core/status.js';
import { TRACKER_STATES, type Tracker, type TrackerState } from '../core/tracker.js';
import { pageSheet, type PageLine } from './page-sheet.js';
import { STATUS_FILL } from './status-colors.js';
import { sheet, writeXlsx, type ChartSpec, type SheetSpec } from './xlsx-writer.js';

const STATE_FILL: Record<TrackerState, string> = {
  'rollback-failed': STATUS_FILL['rollback-failed'],
  failed: STATUS_FILL.failed,
  blocked: STATUS_FILL.blocked,
  invalid: STATUS_FILL.invalid,
  pending: STATUS_FILL.interrupted,
  scheduled: STATUS_FILL.scheduled,
  converted: STATUS_FILL.converted,
};

function progressSheet(t: Tracker, title: string): SheetSpec<unknown> {
  const lines: PageLine[] = [
    { cells: [title], styles: [{ bold: true, size: 14 }] },
    { cells: [t.headline], styles: [{ bold: true, size: 13 }] },
    { cells: [] },
    {
      cells: ['State', 'Billers'],
      styles: [
        { bold: true, fill: 'FFD9D9D9' },
        { bold: true, fill: 'FFD9D9D9' },
      ],
    },
    ...TRACKER_STATES.map((s) => ({ cells: [s, t.totals[s]], styles: [{ fill: STATE_FILL[s] }] })),
    { cells: ['all known', t.totals.known], styles: [{ bold: true }, { bold: true }] },
  ];
  const chartTop = lines.length + 1;
  // The burn-up: converted so far against all billers known, night by night (data on the Nights sheet).
  const chart: ChartSpec | undefined = t.nights.length
    ? {
        kind: 'line',
        title: 'Burn-up: billers converted so far',
        dataSheet: 'Nights',
        categories: { column: 0, firstRow: 2, values: t.nights.map((n) => n.night) },
        series: [
          { name: 'Converted so far', column: 2, values: t.nights.map((n) => n.convertedSoFar), color: '00A04A' },
          { name: 'Billers known', column: 3, values: t.nights.map((n) => n.known), color: '4472C4' },
        ],
        from: { column: 0, row: chartTop },
        to: { column: 4, row: chartTop + 18 },
      }
    : undefined;
  return pageSheet('Progress', [18, 10, 14, 14, 14], lines, chart);
}

/** One row per biller ever seen, its state coloured. */
function billersSheet(t: Tracker): SheetSpec<unknown> {
  return sheet({
    name: 'Billers',
    columns: [
      { header: 'State', width: 16 },
      { header: 'Biller id', width: 40 },
      { header: 'Name', width: 32 },
      { header: 'Since night', width: 12 },
      { header: 'Run', width: 24 },
      { header: 'Code, reason or date', width: 50 },
      { header: 'Worksheet file', width: 32 },
      { header: 'Open follow-ups', width: 60 },
      { header: 'Nights seen', width: 11 },
    ],
    rows: t.billers,
    count: t.billers.length,
    values: (b) => [b.state, b.billerId, b.billerName, b.night, b.runId, b.detail, b.file, b.openFollowUps, b.seen],
    style: (b, i) => (i === 0 ? { fill: STATE_FILL[b.state] } : undefined),
  });
}

/** One row per night: the burn-up's data, then the count of each status. */
function nightsSheet(t: Tracker): SheetSpec<unknown> {
  return sheet({
    name: 'Nights',
    columns: [
      { header: 'Night', width: 12 },
      { header: 'Run', width: 24 },
      { header: 'Converted so far', width: 16 },
      { header: 'Billers known', width: 14 },
      ...STATUSES.map((s) => ({ header: s, width: Math.max(9, s.length + 2) })),
    ],
    rows: t.nights,
    count: t.nights.length,
    values: (n) => [n.night, n.runId, n.convertedSoFar, n.known, ...STATUSES.map((s) => n.counts[s] ?? 0)],
  });
}

export async function writeTracker(path: string, t: Tracker, title: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeXlsx(tmp, [progressSheet(t, title), billersSheet(t), nightsSheet(t)], {
      creator: 'spectrum-convert',
    });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
