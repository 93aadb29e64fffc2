import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SummaryPage } from '../../src/core/summary-page.js';
import { postWebhook, webhookBody, type WebhookTarget } from '../../src/notify/webhook.js';
import { hookReceiver, TEST_CERT, type HookReceiver } from '../support/receivers.js';

const base: SummaryPage = {
  title: 'Spectrum conversion, night of 2026-12-01',
  headline: 'all 2 due converted',
  needPerson: 0,
  statuses: [],
  archived: [],
  left: [],
  facts: [],
};
const line = (status: SummaryPage['statuses'][number]['status'], count: number) => ({
  status,
  count,
  meaning: '',
  todo: '',
  firstRow: 2,
});

describe('webhookBody', () => {
  it.each([
    {
      name: 'counts, run id and exit code from the facts',
      page: {
        ...base,
        statuses: [line('converted', 2), line('failed', 1)],
        facts: [
          { item: 'Run id', value: 'R42' },
          { item: 'Exit code', value: 1 },
        ],
      },
      want: {
        text:
          'Spectrum conversion, night of 2026-12-01\n*all 2 due converted*\n' +
          '2 converted, 1 failed\nResults: results.xlsx (run R42)',
        runId: 'R42',
        counts: { converted: 2, failed: 1 },
        exitCode: 1,
      },
    },
    {
      name: 'no billers and no facts',
      page: base,
      want: {
        text:
          'Spectrum conversion, night of 2026-12-01\n*all 2 due converted*\n' +
          'no billers\nResults: results.xlsx (run )',
        runId: '',
        counts: {},
        exitCode: null,
      },
    },
    {
      name: 'an exit code that is not a number is null',
      page: { ...base, facts: [{ item: 'Exit code', value: 'n/a' }] },
      want: { exitCode: null },
    },
  ])('$name', ({ page, want }) => {
    expect(webhookBody(page, 'results.xlsx')).toMatchObject({
      ...want,
      headline: 'all 2 due converted',
      results: 'results.xlsx',
    });
  });
});

describe('postWebhook to a loopback HTTPS receiver', () => {
  let hook: HookReceiver | undefined;
  afterEach(async () => {
    await hook?.close();
    hook = undefined;
  });
  const body = webhookBody(base, 'results.xlsx');
  const target = (url: string): WebhookTarget => ({ url, ca: readFileSync(TEST_CERT), timeoutMs: 5000 });

  it('posts the body as JSON to the path of the URL', async () => {
    hook = await hookReceiver('/services/T/B/secret');
    await postWebhook(target(hook.url), body);
    expect(hook.paths).toEqual(['/services/T/B/secret']);
    expect(JSON.parse(hook.bodies[0]!)).toEqual(body);
  });

  it('a non-2xx answer rejects with the status and the host, never the secret path', async () => {
    hook = await hookReceiver('/services/T/B/secret');
    hook.failFirst = 1;
    const err = await postWebhook(target(hook.url), body).catch((e: Error) => e);
    expect((err as Error).message).toBe(`the webhook at ${new URL(hook.url).host} answered HTTP 503`);
    expect((err as Error).message).not.toContain('secret');
  });

  it('an untrusted certificate is an error naming the host', async () => {
    hook = await hookReceiver('/services/T/B/secret');
    const err = await postWebhook({ url: hook.url, timeoutMs: 5000 }, body).catch((e: Error) => e);
    expect((err as Error).message).toMatch(new RegExp(`^the webhook at ${new URL(hook.url).host}: .*certificate`));
    expect(hook.paths).toEqual([]);
  });

  it('refuses an http:// URL without sending anything', async () => {
    hook = await hookReceiver();
    const http = hook.url.replace('https:', 'http:');
    await expect(postWebhook(target(http), body)).rejects.toThrow('the webhook URL must be https://');
    expect(hook.paths).toEqual([]);
  });
});
