/** `spectrum-convert report [--out FILE] [--json]`: the conversion tracker, from the journal. */
import { join } from 'node:path';
import { journalPath, today, type Config } from '../config.js';
import { longDate } from '../core/summary-page.js';
import { EXIT_CODES } from '../core/summary.js';
import { buildTracker, type Tracker } from '../core/tracker.js';
import { readJournalHistory } from '../journal/journal-reader.js';
import { writeTracker } from '../report/tracker-workbook.js';
import type { CommandContext } from './context.js';

export function trackerPath(config: Config): string {
  return join(config.output, 'tracker.xlsx');
}

export function currentTracker(config: Config): Tracker {
  return buildTracker(readJournalHistory(journalPath(config)), config.timeZone);
}

/** Rewrites the tracker workbook (atomically) and returns what it holds. */
export async function refreshTracker(config: Config, path = trackerPath(config)): Promise<Tracker> {
  const tracker = currentTracker(config);
  await writeTracker(
    path,
    tracker,
    `Spectrum conversion tracker · as of ${longDate(today(config.timeZone))} (${config.timeZone})`,
  );
  return tracker;
}

export async function reportCommand(
  args: { out?: string | undefined; json: boolean },
  ctx: CommandContext,
): Promise<number> {
  const { config } = ctx;
  const out = ctx.io.out;
  // --json alone prints the data; with --out it also writes the workbook.
  if (args.json && !args.out) {
    out(JSON.stringify(currentTracker(config), null, 2));
    return EXIT_CODES.ok;
  }
  const path = args.out ?? trackerPath(config);
  const tracker = await refreshTracker(config, path);
  if (args.json) out(JSON.stringify({ ...tracker, workbook: path }, null, 2));
  else out(`${tracker.headline}\nTracker: ${path}`);
  return EXIT_CODES.ok;
}
