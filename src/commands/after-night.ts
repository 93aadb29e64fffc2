/**
 * After the night's results are written: the tracker is refreshed and the night's messages are sent. A
 * failure here is a warning (in the log and the summary line) and never changes what the night did or its
 * exit code.
 */
import { readFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import type { SecretScrubber } from '../core/scrub.js';
import type { Logger } from '../log.js';
import { notifyNight } from '../notify/notify.js';
import type { RunOutcome } from '../run.js';
import { refreshTracker, trackerPath } from './report.js';

export async function afterNight(
  env: Record<string, string | undefined>,
  config: Config,
  logger: Logger,
  scrubber: SecretScrubber,
  outcome: RunOutcome,
): Promise<string[]> {
  const warnings: string[] = [];
  try {
    await refreshTracker(config);
  } catch (e) {
    const w = `the tracker ${trackerPath(config)} was not refreshed: ${(e as Error).message}`;
    logger.warn(w, { event: 'tracker.failed' });
    warnings.push(w);
  }
  try {
    const html = await readFile(outcome.results.html, 'utf8');
    warnings.push(
      ...(await notifyNight(
        config,
        { page: outcome.summary, day: outcome.info.now, html, workbook: outcome.results.xlsx },
        {
          env,
          addSecret: (...s) => scrubber.add(...s),
          warn: (m) => logger.warn(m, { event: 'notify.failed' }),
          info: (m) => logger.info(m, { event: 'notify.sent' }),
        },
      )),
    );
  } catch (e) {
    const w = `the night's messages were not sent: ${(e as Error).message}`;
    logger.warn(w, { event: 'notify.failed' });
    warnings.push(w);
  }
  return warnings;
}
