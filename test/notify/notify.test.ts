// @module-tag slow: SMTP and webhook servers, with retries
import { readFileSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeNight, type Night } from '../support/night.js';
import { hookReceiver, smtpReceiver, TEST_CERT, type HookReceiver, type SmtpReceiver } from '../support/receivers.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { sampleBiller, tableWorkbook, billerIdOf } from '../support/workbooks.js';

let night: Night | undefined;
let smtp: SmtpReceiver | undefined;
let hook: HookReceiver | undefined;
afterEach(async () => {
  await smtp?.close();
  await hook?.close();
  await night?.cleanup();
  night = undefined;
  smtp = undefined;
  hook = undefined;
});

const PASSWORD = 'smtpPassw0rd-LEAK';
const list = [sampleBiller(1), sampleBiller(2), sampleBiller(3, { rtdrUrl: 'http://insecure.example.com' })];

async function setup(notify: object): Promise<{ args: string[] }> {
  night = await makeNight(list.map(mipsSnapshotFor));
  await night.drop('table.xlsx', await tableWorkbook('Billers', list));
  const config = join(night.dir, 'config.json');
  await writeFile(config, JSON.stringify({ notify: { backoffMs: 0, timeoutMs: 5000, ...notify } }));
  return { args: night.args('--now', '2026-12-01', '--config', config, '--no-archive') };
}

const mailConfig = (port: number) => ({
  host: '127.0.0.1',
  port,
  user: 'night',
  from: 'spectrum@example.com',
  to: ['ops@example.com', 'lead@example.com'],
  caFile: TEST_CERT,
});

describe('notifications', () => {
  it(
    'mails the results (STARTTLS, password from the environment) ' +
      'and posts the webhook after the results are written',
    async () => {
      smtp = await smtpReceiver({ user: 'night', pass: PASSWORD });
      hook = await hookReceiver();
      const { args } = await setup({ mail: mailConfig(smtp.port), webhook: { caFile: TEST_CERT } });
      const r = await runMain(['run', ...args], {
        SPECTRUM_CONVERT_SMTP_PASSWORD: PASSWORD,
        SPECTRUM_CONVERT_WEBHOOK_URL: hook.url,
      });
      expect(r.code).toBe(1);
      expect(r.out).not.toContain('warning');

      expect(smtp.logins).toEqual([{ user: 'night', pass: PASSWORD }]);
      expect(smtp.mails).toHaveLength(1);
      const mail = smtp.mails[0]!;
      const headline = '1 biller needs a person; 2 of 3 due converted';
      expect(mail.subject).toBe(`Spectrum conversion 2026-12-01: ${headline}`);
      expect(mail.from?.text).toBe('spectrum@example.com');
      expect((Array.isArray(mail.to) ? mail.to : [mail.to]).map((t) => t?.text).join(', ')).toBe(
        'ops@example.com, lead@example.com',
      );
      expect(mail.html).toContain(headline);
      expect(mail.html).toContain(billerIdOf(list[2]!)); // the biller that needs a person
      expect(mail.html).not.toMatch(/<script|<img|<link/i);
      expect(mail.text).toContain(headline);
      expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        [
          expect.stringMatching(/^results-.*\.xlsx$/),
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        ],
      ]);
      const xlsx = readdirSync(night!.output).find((f) => f.endsWith('.xlsx') && f.startsWith('results-'))!;
      expect(mail.attachments[0]!.content.equals(readFileSync(join(night!.output, xlsx)))).toBe(true);
      // The page beside the workbook is the mail's body.
      expect(readFileSync(join(night!.output, xlsx.replace(/\.xlsx$/, '.html')), 'utf8')).toBe(mail.html);

      expect(hook.paths).toEqual(['/services/T0TEST/B0TEST/hooksecret123456']);
      const body = JSON.parse(hook.bodies[0]!) as {
        text: string;
        headline: string;
        counts: Record<string, number>;
        exitCode: number;
      };
      expect(body).toMatchObject({ headline, counts: { converted: 2, invalid: 1 }, exitCode: 1 });
      expect(body.text).toContain(headline);
      // Neither the password nor the hook's secret path reached the log.
      const logs = join(night!.output, 'logs');
      for (const f of readdirSync(logs)) {
        const text = readFileSync(join(logs, f), 'utf8');
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain('hooksecret123456');
        expect(text).toContain('the mail to ops@example.com, lead@example.com sent');
      }
    },
  );

  it('retries a webhook that fails at first', async () => {
    hook = await hookReceiver();
    hook.failFirst = 2;
    const { args } = await setup({ webhook: { url: hook.url, caFile: TEST_CERT }, attempts: 3 });
    const r = await runMain(['run', ...args]);
    expect(r.code).toBe(1);
    expect(hook.paths).toHaveLength(3);
    expect(hook.bodies).toHaveLength(1);
    expect(r.out).not.toContain('warning');
  });

  it(
    'a send that keeps failing is a warning on the summary line and in the log, ' + 'and changes nothing of the night',
    async () => {
      smtp = await smtpReceiver({ user: 'night', pass: 'another password' }); // refuses our login
      hook = await hookReceiver();
      hook.failFirst = 99;
      const { args } = await setup({
        mail: mailConfig(smtp.port),
        webhook: { url: hook.url, caFile: TEST_CERT },
        attempts: 2,
      });
      const r = await runMain(['run', ...args, '--json'], { SPECTRUM_CONVERT_SMTP_PASSWORD: PASSWORD });
      expect(r.code).toBe(1);
      const out = JSON.parse(r.out) as { exitCode: number; counts: Record<string, number>; warnings: string[] };
      expect(out.exitCode).toBe(1);
      expect(out.counts).toMatchObject({ converted: 2, invalid: 1 });
      expect(out.warnings).toEqual([
        expect.stringMatching(/^the mail to ops@example.com, lead@example.com not sent after 2 tries: .*Invalid/),
        expect.stringMatching(/^the webhook to 127\.0\.0\.1:\d+ not sent after 2 tries: .*HTTP 503/),
      ]);
      expect(smtp.logins).toHaveLength(2);
      expect(hook.paths).toHaveLength(2);
      expect(r.out + r.err).not.toContain(PASSWORD);
      const plain = await runMain(['run', ...args], { SPECTRUM_CONVERT_SMTP_PASSWORD: PASSWORD });
      expect(plain.out.split('\n')[0]).toMatch(
        /billers: .*\(warning: the mail to .* not sent after 2 tries.*\(warning: the webhook to /,
      );
    },
  );

  it('refuses a notify config that is not safe or complete, naming the key', async () => {
    for (const [notify, key] of [
      [{ webhook: { url: 'http://hooks.example.com/x' } }, 'notify.webhook.url'],
      [{ mail: { host: 'smtp.example.com', from: 'not-an-address', to: ['a@example.com'] } }, 'notify.mail.from'],
      [{ mail: { host: 'smtp.example.com', from: 'a@example.com', to: [] } }, 'notify.mail.to'],
      [{ mail: { host: 'smtp.example.com', from: 'a@example.com', to: ['a@example.com'], password: 'x' } }, 'password'],
    ] as const) {
      const { args } = await setup(notify);
      const r = await runMain(['run', ...args]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(key);
      await night?.cleanup();
      night = undefined;
    }
  });
});
