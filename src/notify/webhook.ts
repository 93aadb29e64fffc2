/**
 * The night's summary to a chat channel: an HTTPS POST of a short JSON body. `text` is what Slack
 * and Teams incoming webhooks both show (the other fields are there for a script that reads the
 * hook); nothing else is needed by either. Only https: a webhook URL is itself a credential.
 */
import { request } from 'node:https';
import type { SummaryPage } from '../core/summary-page.js';

export interface WebhookTarget {
  url: string;
  ca?: string | Buffer | undefined;
  timeoutMs: number;
}

export interface WebhookBody {
  text: string;
  runId: string;
  headline: string;
  counts: Record<string, number>;
  exitCode: number | null;
  results: string;
}

/** The message: headline first, then the counts and the workbook's name (never a path to a secret, never a value). */
export function webhookBody(page: SummaryPage, workbookName: string): WebhookBody {
  const counts = Object.fromEntries(page.statuses.map((s) => [s.status, s.count]));
  const exit = page.facts.find((f) => f.item === 'Exit code')?.value;
  const runId = String(page.facts.find((f) => f.item === 'Run id')?.value ?? '');
  const line = page.statuses.map((s) => `${s.count} ${s.status}`).join(', ') || 'no billers';
  return {
    text: `${page.title}\n*${page.headline}*\n${line}\nResults: ${workbookName} (run ${runId})`,
    runId,
    headline: page.headline,
    counts,
    exitCode: typeof exit === 'number' ? exit : null,
    results: workbookName,
  };
}

/** One POST; resolves on a 2xx answer, rejects with the status (never the URL: it holds the hook's secret). */
export function postWebhook(target: WebhookTarget, body: WebhookBody): Promise<void> {
  const payload = Buffer.from(JSON.stringify(body));
  const url = new URL(target.url);
  if (url.protocol !== 'https:') return Promise.reject(new Error('the webhook URL must be https://'));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        timeout: target.timeoutMs,
        ...(target.ca ? { ca: target.ca } : {}),
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) resolve();
          else reject(new Error(`the webhook at ${url.host} answered HTTP ${code}`));
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`the webhook at ${url.host} did not answer within ${target.timeoutMs} ms`)),
    );
    req.on('error', (e) => reject(new Error(`the webhook at ${url.host}: ${e.message}`)));
    req.end(payload);
  });
}
