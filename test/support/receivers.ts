/**
 * Real servers on loopback that receive what the night sends: an SMTP server (smtp-server, STARTTLS
 * with the test certificate, password login) whose mails are parsed by mailparser, and an HTTPS
 * webhook receiver that can be told to fail its first answers.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const TLS = new URL('./tls/', import.meta.url);
export const TEST_CERT = new URL('cert.pem', TLS).pathname;
const key = readFileSync(new URL('key.pem', TLS));
const cert = readFileSync(TEST_CERT);

export interface SmtpReceiver {
  port: number;
  mails: ParsedMail[];
  raw: string[];
  logins: Array<{ user: string; pass: string }>;
  close(): Promise<void>;
}

export async function smtpReceiver(login: { user: string; pass: string }): Promise<SmtpReceiver> {
  const mails: ParsedMail[] = [];
  const raw: string[] = [];
  const logins: Array<{ user: string; pass: string }> = [];
  const server = new SMTPServer({
    key,
    cert,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    disableReverseLookup: true,
    onAuth(auth, _session, done) {
      logins.push({ user: auth.username ?? '', pass: auth.password ?? '' });
      if (auth.username === login.user && auth.password === login.pass) done(null, { user: auth.username });
      else done(new Error('Invalid username or password'));
    },
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        raw.push(text);
        simpleParser(text).then((m) => {
          mails.push(m);
          done();
        }, done);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, raw, logins, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface HookReceiver {
  url: string;
  bodies: string[];
  paths: string[];
  failFirst: number;
  close(): Promise<void>;
}

export async function hookReceiver(path = '/services/T0TEST/B0TEST/hooksecret123456'): Promise<HookReceiver> {
  const hook: HookReceiver = { url: '', bodies: [], paths: [], failFirst: 0, close: async () => {} };
  let answered = 0;
  const server: Server = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hook.paths.push(req.url ?? '');
      if (answered++ < hook.failFirst) {
        res.writeHead(503).end('try later');
        return;
      }
      hook.bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  hook.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return hook;
}
