import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SummaryPage } from '../../src/core/summary-page.js';
import { mailOf, sendMail, type MailTarget } from '../../src/notify/mail.js';
import { tempDir } from '../support/intake.js';
import { smtpReceiver, TEST_CERT, type SmtpReceiver } from '../support/receivers.js';

const page = (
  statuses: ReadonlyArray<readonly [SummaryPage['statuses'][number]['status'], number, string]>,
): SummaryPage => ({
  title: 'Spectrum conversion, night of 2026-12-01',
  headline: '1 biller needs a person; 2 of 3 due converted',
  needPerson: 1,
  statuses: statuses.map(([status, count, todo], i) => ({ status, count, todo, meaning: '', firstRow: i + 2 })),
  archived: [],
  left: [],
  facts: [],
});

describe('mailOf', () => {
  it.each([
    {
      name: 'statuses with what to do',
      statuses: [
        ['failed', 1, 'read the error'],
        ['converted', 2, 'nothing'],
      ] as const,
      body: ['1 failed: read the error', '2 converted: nothing'],
    },
    { name: 'no billers', statuses: [] as const, body: [] },
  ])('$name', ({ statuses, body }) => {
    const mail = mailOf(page(statuses), '2026-12-01', '<p>page</p>', '/out/results-R1.xlsx');
    expect(mail.subject).toBe('Spectrum conversion 2026-12-01: 1 biller needs a person; 2 of 3 due converted');
    expect(mail.html).toBe('<p>page</p>');
    expect(mail.workbook).toBe('/out/results-R1.xlsx');
    expect(mail.text.split('\n')).toEqual([
      'Spectrum conversion, night of 2026-12-01',
      '',
      '1 biller needs a person; 2 of 3 due converted',
      '',
      ...body,
      '',
      'Results: results-R1.xlsx (attached)',
    ]);
  });
});

describe('sendMail to a loopback SMTP server', () => {
  let smtp: SmtpReceiver | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await smtp?.close();
    await cleanup?.();
    smtp = undefined;
    cleanup = undefined;
  });

  async function setup() {
    smtp = await smtpReceiver({ user: 'night', pass: 'pw-123' });
    const t = await tempDir('sc-mail-');
    cleanup = t.cleanup;
    const workbook = join(t.dir, 'results-R1.xlsx');
    writeFileSync(workbook, 'PK-not-really');
    const target: MailTarget = {
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      requireTls: true,
      user: 'night',
      password: 'pw-123',
      ca: readFileSync(TEST_CERT),
      from: 'spectrum@example.com',
      to: ['ops@example.com', 'lead@example.com'],
      timeoutMs: 5000,
    };
    return { target, mail: mailOf(page([['converted', 1, 'nothing']]), '2026-12-01', '<p>hi</p>', workbook) };
  }

  it('logs in over STARTTLS and sends subject, both parts and the workbook attached', async () => {
    const { target, mail } = await setup();
    await sendMail(target, mail);
    expect(smtp!.logins).toEqual([{ user: 'night', pass: 'pw-123' }]);
    const got = smtp!.mails[0]!;
    expect(got.subject).toBe(mail.subject);
    expect(got.from?.text).toBe('spectrum@example.com');
    expect(got.html).toBe('<p>hi</p>');
    expect(got.text?.trim()).toBe(mail.text);
    expect(got.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ['results-R1.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'PK-not-really'],
    ]);
  });

  it('a wrong password is refused and nothing is delivered', async () => {
    const { target, mail } = await setup();
    await expect(sendMail({ ...target, password: 'wrong' }, mail)).rejects.toThrow(/Invalid username or password/);
    expect(smtp!.mails).toEqual([]);
  });

  it('a server whose certificate is not trusted is refused before the password is sent', async () => {
    const { target, mail } = await setup();
    await expect(sendMail({ ...target, ca: undefined }, mail)).rejects.toThrow(/certificate/i);
    expect(smtp!.logins).toEqual([]);
  });
});
