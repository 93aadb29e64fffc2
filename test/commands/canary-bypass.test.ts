// @module-tag slow: a hostile CRM's night with both defences switched off, scanned for canaries
/**
 * The canary scan of canary.test.ts must fail when the defences are gone. Two stand between a
 * hostile CRM's echo and the files: the http target copies no server text (only a plain code and
 * a length, crm-answer.ts), and the scrubber removes every known secret from what is written.
 * Here the target quotes the server's answer in its errors again, as before #13, and the scrubber
 * returns every text as it is: the same night, the same scan, must then find the canaries.
 */
import { expect, it, vi } from 'vitest';
import type * as Scrub from '../../src/core/scrub.js';
import type * as CrmAnswer from '../../src/targets/http/crm-answer.js';
import { hostileNight, scan } from '../support/canary-nights.js';

// eslint-disable-next-line no-restricted-syntax -- slow-tagged: runs only in npm test's isolated forks
vi.mock('../../src/core/scrub.js', async (importOriginal) => {
  const real = await importOriginal<typeof Scrub>();
  class NoScrubber extends real.SecretScrubber {
    override scrub(text: string): string {
      return text;
    }
    override scrubDeep(value: unknown): unknown {
      return value;
    }
  }
  return { ...real, SecretScrubber: NoScrubber };
});

// eslint-disable-next-line no-restricted-syntax -- slow-tagged: runs only in npm test's isolated forks
vi.mock('../../src/targets/http/crm-answer.js', async (importOriginal) =>
  (await import('../support/quoting-server-text.js')).quotingServerText(await importOriginal<typeof CrmAnswer>()),
);

it('with the server text quoted and the scrubber stubbed out, the scan finds the hostile echo', async () => {
  const { s, code, echoed } = await hostileNight();
  expect([1, 3]).toContain(code);
  expect(echoed).toBeGreaterThan(0);
  const { leaks } = await scan('bypassed (must find)', s, { expectLeaks: true });
  const files = [...new Set(leaks.map((l) => l.where.replace(/^.*\/output\//, '').replace(/ \(.*\)$/, '')))];
  console.log(`bypassed: ${leaks.length} leaks found in ${files.join(', ')}`);
  // Every kind of file the echo reaches, and the console.
  for (const re of [/console/, /journal\.db/, /logs\/run-.*\.jsonl/, /results-.*\.json$/, /results-.*\.xlsx!xl\//])
    expect(
      files.filter((f) => re.test(f)),
      String(re),
    ).not.toEqual([]);
  expect(new Set(leaks.map((l) => l.canary)).has(0)).toBe(true); // the token too
}, 60_000);
