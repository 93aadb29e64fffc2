import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { SecretScrubber } from '../src/core/scrub.js';
import { closeLogger, createLogger } from '../src/log.js';
import { tempDir } from './support/intake.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

it('a secret equal to a word of the log vocabulary blanks the message text, never the structured fields', async () => {
  const t = await tempDir('sc-log-');
  cleanup = t.cleanup;
  const scrubber = new SecretScrubber();
  scrubber.add('converted', 'warn', 'biller.done');
  const file = join(t.dir, 'log.jsonl');
  const logger = createLogger({ scrubber, file, consoleLevel: 'silent', defaultMeta: { runId: 'R1' } });
  logger.warn('the biller was converted', {
    event: 'biller.done',
    status: 'converted',
    code: 'CRM.ERROR',
    note: 'converted',
  });
  await closeLogger(logger);
  const line = JSON.parse(readFileSync(file, 'utf8').trim()) as Record<string, string>;
  expect(line).toMatchObject({
    level: 'warn',
    event: 'biller.done',
    status: 'converted',
    code: 'CRM.ERROR',
    runId: 'R1',
    note: '[REDACTED]',
  });
  expect(line.message).toBe('the biller was [REDACTED]');
});
