import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, today, type Config } from '../../src/config.js';
import { reportCommand, refreshTracker, trackerPath } from '../../src/commands/report.js';
import { CommandContext } from '../../src/commands/context.js';
import { longDate } from '../../src/core/summary-page.js';
import type { Tracker } from '../../src/core/tracker.js';
import { writeJournalNights, type JournalNight } from '../support/journal-nights.js';

let dir: string;
let config: Config;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sc-report-'));
  config = await loadConfig({ overrides: { output: join(dir, 'output'), timeZone: 'America/Chicago' } });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const NIGHTS: JournalNight[] = [
  {
    runId: 'R1',
    startedAt: '2026-12-01T08:15:00Z',
    billers: [
      { id: 'B1', status: 'blocked', code: 'BLOCKED.FTP_USER_MISSING' },
      { id: 'B2', status: 'scheduled', code: 'SCHEDULED' },
    ],
  },
  // 02:15 UTC on the 3rd is the evening of the 2nd in Chicago: the night is the config's time zone's.
  { runId: 'R2', startedAt: '2026-12-03T02:15:00Z', billers: [{ id: 'B1', status: 'converted' }] },
];
const HEADLINE = '1 of 2 billers converted; 1 scheduled';

function withJournal(nights = NIGHTS): void {
  writeJournalNights(join(dir, 'journal.db'), nights);
  config = { ...config, journal: join(dir, 'journal.db') };
}

async function report(args: { out?: string; json: boolean }): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const ctx = new CommandContext(config, { out: (l) => out.push(l), err: (l) => out.push(`err: ${l}`), env: {} });
  try {
    return { code: await reportCommand(args, ctx), out };
  } finally {
    await ctx[Symbol.asyncDispose]();
  }
}

async function progressSheet(path: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  return zip.file('xl/worksheets/sheet1.xml')!.async('string');
}

describe('trackerPath', () => {
  it('is tracker.xlsx in the output folder', () => {
    expect(trackerPath(config)).toBe(join(dir, 'output', 'tracker.xlsx'));
  });
});

describe('refreshTracker', () => {
  it('writes the tracker of the journal, titled with today in the time zone, and returns what it holds', async () => {
    withJournal();
    const t = await refreshTracker(config);
    expect(t.headline).toBe(HEADLINE);
    expect(t.nights.map((n) => [n.night, n.runId, n.convertedSoFar, n.known])).toEqual([
      ['2026-12-01', 'R1', 0, 2],
      ['2026-12-02', 'R2', 1, 2],
    ]);
    const sheet = await progressSheet(trackerPath(config));
    expect(sheet).toContain(`as of ${longDate(today('America/Chicago'))} (America/Chicago)`);
    expect(sheet).toContain(HEADLINE);
  });

  it('rewrites an older tracker at the path given', async () => {
    const path = join(dir, 'elsewhere', 'mine.xlsx');
    await refreshTracker(config, path);
    expect(await progressSheet(path)).toContain('No biller in the journal yet');
    withJournal();
    await refreshTracker(config, path);
    expect(await progressSheet(path)).toContain(HEADLINE);
    expect(existsSync(trackerPath(config))).toBe(false);
  });

  it('a tracker that cannot be written: an error naming the folder (the night warns: after-night.ts)', async () => {
    writeFileSync(join(dir, 'output'), 'a file where the output folder should be');
    await expect(refreshTracker(config)).rejects.toThrow(join(dir, 'output'));
  });
});

describe('spectrum-convert report', () => {
  it.each<{ args: { out?: string; json: boolean }; writes: 'default' | 'out' | 'nothing' }>([
    { args: { json: false }, writes: 'default' },
    { args: { json: true }, writes: 'nothing' },
    { args: { json: false, out: 'copy.xlsx' }, writes: 'out' },
    { args: { json: true, out: 'copy.xlsx' }, writes: 'out' },
  ])('$args: writes the workbook to $writes; exit 0', async ({ args, writes }) => {
    withJournal();
    const out = args.out ? join(dir, args.out) : undefined;
    const r = await report({ ...args, ...(out ? { out } : {}) });
    expect(r.code).toBe(0);
    expect(existsSync(trackerPath(config))).toBe(writes === 'default');
    if (out) expect(existsSync(out)).toBe(true);
    const path = out ?? trackerPath(config);
    if (!args.json) {
      expect(r.out).toEqual([`${HEADLINE}\nTracker: ${path}`]);
      return;
    }
    expect(r.out).toHaveLength(1);
    const data = JSON.parse(r.out[0]!) as Tracker & { workbook?: string };
    expect(data.headline).toBe(HEADLINE);
    expect(data.billers.map((b) => [b.billerId, b.state, b.night])).toEqual([
      ['B2', 'scheduled', '2026-12-01'],
      ['B1', 'converted', '2026-12-02'],
    ]);
    expect(data.workbook).toBe(out);
  });

  it('no journal yet: says so, and makes no journal', async () => {
    const r = await report({ json: false });
    expect(r).toEqual({ code: 0, out: [`No biller in the journal yet\nTracker: ${trackerPath(config)}`] });
    expect(existsSync(join(dir, 'output', 'journal.db'))).toBe(false);
  });
});
