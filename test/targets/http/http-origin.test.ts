import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { crmUrlProblem, isLoopback } from '../../../src/targets/http/crm-url.js';
import { HttpTarget, serverCode } from '../../../src/targets/http/http-target.js';

const TOKEN = 'origin-test-token-0123456789';
type Seen = { url: string; host: string };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function recorder(
  answer: (req: IncomingMessage, res: ServerResponse) => void = (_q, r) => {
    r.writeHead(404).end();
  },
) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', host: req.headers.host ?? '' });
    answer(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return { seen, port };
}

describe('requests stay on the configured origin', () => {
  it('a CRM path that starts with // is joined, not read as another host', async () => {
    const { seen, port } = await recorder();
    const t = new HttpTarget({ url: `http://127.0.0.1:${port}//crm`, token: TOKEN, retries: 0 });
    expect(await t.readSnapshot('B1')).toBeNull();
    await t.close();
    expect(seen).toEqual([{ url: '//crm/v1/billers/B1', host: `127.0.0.1:${port}` }]);
  });

  it.each(['..', '.'])(
    'a biller id %j that the URL rules would resolve away is refused before any request',
    async (id) => {
      const { seen, port } = await recorder();
      const t = new HttpTarget({ url: `http://127.0.0.1:${port}/crm`, token: TOKEN, retries: 0 });
      await expect(t.readSnapshot(id)).rejects.toMatchObject({
        code: 'CRM.ERROR',
        message: expect.stringContaining('would leave'),
      });
      await t.close();
      expect(seen).toEqual([]);
    },
  );

  it("the CRM's error text never reaches our messages: only a plain code and the answer's length", async () => {
    const echo = `{"code":"BAD ${TOKEN}","message":"you sent Bearer ${TOKEN} and s3cr3t-Value"}`;
    const { port } = await recorder((_q, r) => {
      r.writeHead(400, { 'content-type': 'application/json' }).end(echo);
    });
    const t = new HttpTarget({ url: `http://127.0.0.1:${port}`, token: TOKEN, retries: 0 });
    const e = await t.readSnapshot('B1').then(
      () => new Error('no error'),
      (x: unknown) => x as Error,
    );
    await t.close();
    expect(e.message).toContain(`400 HTTP_400 (answer of ${Buffer.byteLength(echo)} bytes)`);
    expect(e.message).not.toContain(TOKEN);
    expect(e.message).not.toContain('s3cr3t');
  });

  it.each([
    [{ code: 'PRECONDITION_FAILED' }, 'PRECONDITION_FAILED (answer of 2 bytes)'],
    [{ code: 'crm.lower' }, 'HTTP_418 (answer of 2 bytes)'],
    [{ code: 'A'.repeat(65) }, 'HTTP_418 (answer of 2 bytes)'],
    [{ code: 42 }, 'HTTP_418 (answer of 2 bytes)'],
    [undefined, 'HTTP_418 (answer of 2 bytes)'],
  ])('serverCode(%j)', (parsed, want) => {
    expect(serverCode(parsed, 418, '{}')).toBe(want);
  });
});

describe('what a CRM address may be', () => {
  it.each([
    ['https://svc:pw-Secret-99@crm.example.com', /user name or password/],
    ['https://svc@crm.example.com', /user name or password/],
    ['http://crm.example.com', /http:\/\/ to crm\.example\.com.*in clear/],
    ['http://10.0.0.5:8080', /in clear/],
    ['https://crm.example.com/?x=1', /query/],
    ['https://crm.example.com/#f', /fragment/],
  ])('%s is refused', (url, why) => {
    expect(crmUrlProblem(url, false)).toMatch(why);
  });

  it.each([
    'https://crm.example.com',
    'http://127.0.0.1:8080',
    'http://127.1:9',
    'http://localhost:3000/crm',
    'http://[::1]:80',
  ])('%s is accepted', (url) => {
    expect(crmUrlProblem(url, false)).toBeUndefined();
  });

  it('http.allowInsecure lets http:// reach another host, never userinfo', () => {
    expect(crmUrlProblem('http://crm.example.com', true)).toBeUndefined();
    expect(crmUrlProblem('http://u:p@crm.example.com', true)).toMatch(/user name/);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.9.9.9', true],
    ['[::1]', true],
    ['localhost', true],
    ['128.0.0.1', false],
    ['example.com', false],
    ['::ffff:10.0.0.1', false],
  ])('isLoopback(%s) is %s', (h, want) => {
    expect(isLoopback(h)).toBe(want);
  });

  it('the configuration refuses them, naming the key and never repeating the password', async () => {
    const e = await loadConfig({
      env: { SPECTRUM_CONVERT_CRM_URL: 'https://svc:hunter2-Secret@crm.example.com' },
    }).then(
      () => new Error('no error'),
      (x: unknown) => x as Error,
    );
    expect(e.message).toMatch(/crmUrl holds a user name or password/);
    expect(e.message).not.toContain('hunter2');
    await expect(loadConfig({ env: { SPECTRUM_CONVERT_CRM_URL: 'http://crm.example.com' } })).rejects.toThrow(
      /crmUrl is http:\/\//,
    );
    await expect(
      loadConfig({
        env: { SPECTRUM_CONVERT_CRM_URL: 'http://crm.example.com' },
        overrides: { http: { allowInsecure: true } },
      }),
    ).resolves.toMatchObject({ crmUrl: 'http://crm.example.com' });
  });

  it('the HTTP target refuses them too (a caller that skips the configuration)', () => {
    expect(() => new HttpTarget({ url: 'http://crm.example.com', token: TOKEN })).toThrow(/in clear/);
  });
});
