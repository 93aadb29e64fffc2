/**
 * Telling the team, after the night's results are written: a mail and/or a webhook, as configured
 * (`notify` in the config file). Each is tried a few times with a growing wait; one that still fails
 * is a warning for the log and the summary line, and never changes what the night did or its exit
 * code. The SMTP password and the webhook URL come from the environment (or the URL from the
 * config file) and go to the scrubber first, so no log line can show them.
 */
import { readFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import type { SummaryPage } from '../core/summary-page.js';
import { mailOf, sendMail, type MailTarget } from './mail.js';
import { postWebhook, webhookBody } from './webhook.js';

export interface NightReport {
  page: SummaryPage;
  day: string;
  html: string;
  workbook: string;
}

export interface NotifyDeps {
  env: Record<string, string | undefined>;
  /** Every secret the messages must never carry, and the log must never show. */
  addSecret: (...values: string[]) => void;
  warn: (message: string) => void;
  info: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

async function attempt(
  what: string,
  config: Config['notify'],
  deps: NotifyDeps,
  send: () => Promise<void>,
): Promise<string | undefined> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last = '';
  for (let n = 1; n <= config.attempts; n++) {
    try {
      await send();
      deps.info(`${what} sent${n > 1 ? ` (try ${n})` : ''}`);
      return undefined;
    } catch (e) {
      last = (e as Error).message;
      if (n < config.attempts) await sleep(config.backoffMs * 2 ** (n - 1));
    }
  }
  const warning = `${what} not sent after ${config.attempts} tries: ${last}`;
  deps.warn(warning);
  return warning;
}

/** Sends what is configured; returns the warnings (empty when everything went, or nothing is configured). */
export async function notifyNight(config: Config, report: NightReport, deps: NotifyDeps): Promise<string[]> {
  const warnings: string[] = [];
  const { mail, webhook } = config.notify;
  if (mail) {
    const password = deps.env.SPECTRUM_CONVERT_SMTP_PASSWORD;
    if (password) deps.addSecret(password);
    const target: MailTarget = {
      host: mail.host,
      port: mail.port,
      secure: mail.secure,
      requireTls: mail.requireTls,
      user: mail.user,
      password,
      ca: mail.caFile ? await readFile(mail.caFile) : undefined,
      from: mail.from,
      to: mail.to,
      timeoutMs: config.notify.timeoutMs,
    };
    const w =
      mail.user && !password
        ? 'the mail was not sent: notify.mail.user is set but SPECTRUM_CONVERT_SMTP_PASSWORD is not'
        : await attempt(`the mail to ${mail.to.join(', ')}`, config.notify, deps, () =>
            sendMail(target, mailOf(report.page, report.day, report.html, report.workbook)),
          );
    if (w) {
      if (w.startsWith('the mail was not sent')) deps.warn(w);
      warnings.push(w);
    }
  }
  const url = deps.env.SPECTRUM_CONVERT_WEBHOOK_URL || webhook?.url;
  if (url) {
    // The hook's path and query are its secret (Slack: /services/T…/B…/…); the host is not.
    const parsed = new URL(url);
    deps.addSecret(...[url, parsed.pathname, parsed.search].filter((p) => p.length > 8));
    const ca = webhook?.caFile ? await readFile(webhook.caFile) : undefined;
    const body = webhookBody(report.page, report.workbook.split(/[\\/]/).pop() ?? '');
    const w = await attempt(`the webhook to ${new URL(url).host}`, config.notify, deps, () =>
      postWebhook({ url, ca, timeoutMs: config.notify.timeoutMs }, body),
    );
    if (w) warnings.push(w);
  }
  return warnings;
}
