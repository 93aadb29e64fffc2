import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config, type ConfigInput } from '../../src/config.js';
import { afterNight } from '../../src/commands/after-night.js';
import { trackerPath } from '../../src/commands/report.js';
import type { RunInfo } from '../../src/core/report-rows.js';
import { SecretScrubber } from '../../src/core/scrub.js';
import { summaryPage } from '../../src/core/summary-page.js';
import { closeLogger, createLogger } from '../../src/log.js';
import type { RunOutcome } from '../../src/run.js';
import { writeJournalNights } from '../support/journal-nights.js';
import { hookReceiver, TEST_CERT, type HookReceiver } from '../support/receivers.js';

let dir: string;
let hook: HookReceiver | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sc-after-night-'));
});
afterEach(async () => {
  await hook?.close();
  hook = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const INFO: RunInfo = {
  runId: '20261201T081500Z-beef',
  mode: 'run',
  startedAt: new Date('2026-12-01T08:15:00Z'),
  endedAt: new Date('2026-12-01T08:16:00Z'),
  target: 'sqlite',
  concurrency: 4,
  now: '2026-12-01',
  commandLine: 'spectrum-convert run',
  exitCode: 0,
  interrupted: false,
};

/** A night whose results were written (its html page beside the workbook), as runBatch returns it. */
function outcome(html = join(dir, 'results.html')): RunOutcome {
  return {
    info: INFO,
    files: [],
    billers: [],
    results: { xlsx: join(dir, 'results.xlsx'), json: join(dir, 'results.json'), html },
    summary: summaryPage(INFO, [], [], []),
    archived: [],
    maxInFlight: 0,
    waiting: 0,
    unmatched: [],
  };
}

interface Logged {
  level: string;
  message: string;
  event: string;
}

/** afterNight with a real logger (its JSON lines file read back) and a real scrubber. */
async function after(
  overrides: Partial<ConfigInput>,
  env: Record<string, string | undefined> = {},
  night = outcome(),
): Promise<{ warnings: string[]; logged: Logged[]; scrubber: SecretScrubber; config: Config }> {
  const config = await loadConfig({
    overrides: { output: join(dir, 'output'), journal: join(dir, 'journal.db'), ...overrides },
  });
  writeFileSync(join(dir, 'results.html'), '<p>the night</p>');
  const scrubber = new SecretScrubber();
  const file = join(dir, 'log.jsonl');
  const logger = createLogger({ scrubber, consoleLevel: 'silent', file });
  const warnings = await afterNight(env, config, logger, scrubber, night);
  await closeLogger(logger);
  const logged = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Logged)
    .map(({ level, message, event }) => ({ level, message, event }));
  return { warnings, logged, scrubber, config };
}

const quickNotify = { attempts: 2, backoffMs: 0, timeoutMs: 5000 };

describe('afterNight', () => {
  it('nothing to send: refreshes the tracker from the journal, no warning, nothing logged', async () => {
    writeJournalNights(join(dir, 'journal.db'), [
      { runId: 'R1', startedAt: '2026-12-01T08:15:00Z', billers: [{ id: 'B1', status: 'converted' }] },
    ]);
    const r = await after({});
    expect(r.warnings).toEqual([]);
    expect(r.logged).toEqual([]);
    expect(existsSync(trackerPath(r.config))).toBe(true);
  });

  it('posts the webhook, whose URL the scrubber then keeps out of every log line', async () => {
    hook = await hookReceiver();
    const r = await after(
      { notify: { ...quickNotify, webhook: { caFile: TEST_CERT } } },
      { SPECTRUM_CONVERT_WEBHOOK_URL: hook.url },
    );
    expect(r.warnings).toEqual([]);
    expect(hook.bodies).toHaveLength(1);
    expect(JSON.parse(hook.bodies[0]!)).toMatchObject({ runId: INFO.runId, results: 'results.xlsx' });
    const host = new URL(hook.url).host;
    expect(r.logged).toEqual([{ level: 'info', message: `the webhook to ${host} sent`, event: 'notify.sent' }]);
    expect(r.scrubber.scrub(`posting to ${hook.url}`)).not.toContain('hooksecret123456');
  });

  it('a message that is not sent is a warning, returned and logged once', async () => {
    const url = 'http://hooks.example.com/services/T0/B0/notsecretenough-but-long';
    const r = await after({ notify: quickNotify }, { SPECTRUM_CONVERT_WEBHOOK_URL: url });
    const warning = 'the webhook to hooks.example.com not sent after 2 tries: the webhook URL must be https://';
    expect(r.warnings).toEqual([warning]);
    expect(r.logged).toEqual([{ level: 'warn', message: warning, event: 'notify.failed' }]);
    expect(existsSync(trackerPath(r.config))).toBe(true);
  });

  it('a tracker that cannot be written is a warning naming it, and the messages still go', async () => {
    writeFileSync(join(dir, 'output'), 'a file where the output folder should be');
    hook = await hookReceiver();
    const r = await after(
      { notify: { ...quickNotify, webhook: { caFile: TEST_CERT } } },
      { SPECTRUM_CONVERT_WEBHOOK_URL: hook.url },
    );
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(new RegExp(`^the tracker ${trackerPath(r.config)} was not refreshed: .*EEXIST`));
    expect(r.logged.map((l) => [l.level, l.event])).toEqual([
      ['warn', 'tracker.failed'],
      ['info', 'notify.sent'],
    ]);
    expect(r.logged[0]!.message).toBe(r.warnings[0]);
    expect(hook.bodies).toHaveLength(1);
  });

  it('an unreadable results page: the messages are a warning naming it; the tracker is refreshed', async () => {
    const missing = join(dir, 'gone.html');
    const r = await after({}, {}, outcome(missing));
    expect(r.warnings).toEqual([expect.stringMatching(/^the night's messages were not sent: ENOENT.*gone\.html/)]);
    expect(r.logged).toEqual([{ level: 'warn', message: r.warnings[0], event: 'notify.failed' }]);
    expect(existsSync(trackerPath(r.config))).toBe(true);
  });
});
