/**
 * The night's results by mail, through the team's SMTP relay with nodemailer: the subject says the
 * date and the headline, the body is the results page (html, with a plain-text part), and the
 * results workbook is attached. Never the json twin: the workbook is what people open.
 */
import { basename } from 'node:path';
import nodemailer from 'nodemailer';
import type { SummaryPage } from '../core/summary-page.js';

export interface MailTarget {
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  user?: string | undefined;
  password?: string | undefined;
  ca?: string | Buffer | undefined;
  from: string;
  to: readonly string[];
  timeoutMs: number;
}

export interface Mail {
  subject: string;
  html: string;
  text: string;
  workbook: string;
}

export function mailOf(page: SummaryPage, day: string, html: string, workbook: string): Mail {
  const text = [
    page.title,
    '',
    page.headline,
    '',
    ...page.statuses.map((s) => `${s.count} ${s.status}: ${s.todo}`),
    '',
    `Results: ${basename(workbook)} (attached)`,
  ].join('\n');
  return { subject: `Spectrum conversion ${day}: ${page.headline}`, html, text, workbook };
}

/** One attempt: connect, authenticate, send, close. */
export async function sendMail(target: MailTarget, mail: Mail): Promise<void> {
  const transport = nodemailer.createTransport({
    host: target.host,
    port: target.port,
    secure: target.secure,
    requireTLS: !target.secure && target.requireTls,
    ...(target.user ? { auth: { user: target.user, pass: target.password ?? '' } } : {}),
    ...(target.ca ? { tls: { ca: target.ca } } : {}),
    connectionTimeout: target.timeoutMs,
    greetingTimeout: target.timeoutMs,
    socketTimeout: target.timeoutMs,
  });
  try {
    await transport.sendMail({
      from: target.from,
      to: [...target.to],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: [
        {
          filename: basename(mail.workbook),
          path: mail.workbook,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
      ],
    });
  } finally {
    transport.close();
  }
}
