// @module-tag slow: a hostile CRM's night with one defence switched off, scanned for canaries
/**
 * Each defence holds on its own. With the http target quoting the server's answer in its errors
 * again (as before #13), the scrubber alone must keep the hostile echo's token and secrets out of
 * the journal, the results, the log and the console: every results row passes it
 * (core/biller-results.ts scrubbedResult), not only the log lines.
 */
import { expect, it, vi } from 'vitest';
import type * as CrmAnswer from '../../src/targets/http/crm-answer.js';
import { hostileNight, scan } from '../support/canary-nights.js';

// eslint-disable-next-line no-restricted-syntax -- slow-tagged: runs only in npm test's isolated forks
vi.mock('../../src/targets/http/crm-answer.js', async (importOriginal) =>
  (await import('../support/quoting-server-text.js')).quotingServerText(await importOriginal<typeof CrmAnswer>()),
);

it('with the server text quoted, the scrubber alone keeps every canary out of what the night wrote', async () => {
  const { s, code, echoed } = await hostileNight();
  expect([1, 3]).toContain(code);
  expect(echoed).toBeGreaterThan(0);
  // The echo did reach the results (quoted, then scrubbed): the first defence is really off.
  expect(s.consoles.join('\n')).toMatch(/ECHO Bearer \[REDACTED\]/);
  const { leaks } = await scan('server text quoted, scrubber on', s);
  expect(leaks).toEqual([]);
}, 60_000);
