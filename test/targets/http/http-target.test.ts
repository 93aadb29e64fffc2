import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { convertBiller } from '../../../src/apply/apply-biller.js';
import * as C from '../../../src/core/checklist.js';
import { differences } from '../../../src/core/simulate.js';
import { startCrmServer, type Faults } from '../../../src/targets/http/crm-server.js';
import { HttpTarget, retryAfterMs } from '../../../src/targets/http/http-target.js';
import { loadConfig } from '../../../src/config.js';
import { packageRoot } from '../../../src/paths.js';
import { openTarget } from '../../../src/targets/index.js';
import { CrmStore } from '../../../src/targets/sqlite/crm-store.js';
import { biller, mipsSnapshot } from '../../support/snapshots.js';
import { targetContract } from '../contract.js';

const TOKEN = 'test-token-0123456789';

async function served(faults: Faults = {}, client: Partial<ConstructorParameters<typeof HttpTarget>[0]> = {}) {
  const store = CrmStore.open(':memory:');
  store.putSnapshots([mipsSnapshot()]);
  const server = await startCrmServer(store, { token: TOKEN, faults });
  const retries: string[] = [];
  const target = new HttpTarget({
    url: server.url,
    token: TOKEN,
    backoffMs: 1,
    timeoutMs: 2000,
    onRetry: (r) => retries.push(r.reason),
    ...client,
  });
  return {
    store,
    server,
    target,
    retries,
    close: async () => {
      await server.close();
      store.close();
    },
  };
}

targetContract('http → crm serve → sqlite', async () => {
  const s = await served();
  return { target: s.target, direct: (id) => s.store.snapshot(id), close: s.close };
});

describe('HTTP error mapping', () => {
  it('a wrong token is permission-denied, not retried', async () => {
    const s = await served();
    const bad = new HttpTarget({ url: s.server.url, token: 'wrong', backoffMs: 1 });
    await expect(bad.readSnapshot(mipsSnapshot().billerId)).rejects.toMatchObject({
      kind: 'permission-denied',
      code: 'CRM.PERMISSION_DENIED',
    });
    expect(bad.requests).toBe(1);
    await s.close();
  });

  it(
    'a refused FTP setting is CRM.PERMISSION_DENIED with the hint to ask for the FTP-task permission, ' +
      'and the biller is restored',
    async () => {
      const s = await served({ denyFtp: true });
      const outcome = await convertBiller(s.target, biller());
      expect(outcome).toMatchObject({
        status: 'failed',
        error: { code: 'CRM.PERMISSION_DENIED', hint: expect.stringContaining('FTP-task permission') },
      });
      expect(differences(mipsSnapshot(), s.store.snapshot(mipsSnapshot().billerId)!, { maintenance: true })).toEqual(
        [],
      );
      await s.close();
    },
  );

  it('a concurrent human edit is a conflict: reported, and the biller rolled back', async () => {
    const s = await served();
    const id = mipsSnapshot().billerId;
    let edited = false;
    const original = s.target.apply.bind(s.target);
    s.target.apply = async (c) => {
      if (!edited && c.kind === 'ftp.pdf.set') {
        edited = true; // a person changes the biller in the CRM screen meanwhile
        s.store.write({
          billerId: id,
          section: C.SECTION.webServices,
          kind: 'advanced.set',
          entity: 'advanced_setting',
          key: 3,
          name: 'x',
          before: null,
          after: 'edited by a person',
        });
      }
      return original(c);
    };
    const outcome = await convertBiller(s.target, biller());
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'CRM.CONFLICT' } });
    const now = s.store.snapshot(id)!;
    expect(now.advancedSettings[3]).toBe('edited by a person');
    expect(
      differences(
        { ...mipsSnapshot(), advancedSettings: { ...mipsSnapshot().advancedSettings, 3: 'edited by a person' } },
        now,
        { maintenance: true },
      ),
    ).toEqual([]);
    await s.close();
  });

  it('retries 5xx and honours Retry-After; gives up when the budget is spent', async () => {
    let n = 0;
    const server = createServer((req, res) => {
      n++;
      res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' });
      res.end('{"code":"UNAVAILABLE"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const t = new HttpTarget({ url, token: TOKEN, retries: 3, backoffMs: 1 });
    await expect(t.readSnapshot('X')).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('gave up after 4 attempts'),
    });
    expect(n).toBe(4);
    const quick = new HttpTarget({ url, token: TOKEN, retries: 10, backoffMs: 50, retryBudgetMs: 120 });
    n = 0;
    await expect(quick.readSnapshot('X')).rejects.toMatchObject({ kind: 'transient' });
    expect(n).toBeLessThan(6);
    await new Promise((r) => server.close(r));
  });

  it('a refused connection is transient and retried', async () => {
    const t = new HttpTarget({ url: 'http://127.0.0.1:9', token: TOKEN, retries: 2, backoffMs: 1 });
    await expect(t.readSnapshot('X')).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('network error'),
    });
    expect(t.requests).toBe(3);
  });

  /** A loopback server whose every answer is `handler`'s; `n()` counts the requests it saw. */
  async function rawServer(handler: Parameters<typeof createServer>[1]) {
    let count = 0;
    const server = createServer((req, res) => {
      count++;
      handler?.(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      n: () => count,
      close: () =>
        new Promise((r) => {
          server.closeAllConnections();
          server.close(r);
        }),
    };
  }

  it('a CRM that never answers: each attempt times out, and the request gives up as transient', async () => {
    const s = await rawServer(() => {
      /* never answers */
    });
    const t = new HttpTarget({ url: s.url, token: TOKEN, retries: 1, backoffMs: 1, timeoutMs: 100 });
    const started = Date.now();
    await expect(t.readSnapshot('X')).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('timeout after 100 ms'),
    });
    expect(s.n()).toBe(2);
    expect(Date.now() - started).toBeLessThan(2000); // the timeout ended it, not the test's own
    await t.close();
    await s.close();
  });

  it('an answer cut off mid-body is a network error, retried', async () => {
    const s = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"billerId":"X", "trunc');
      setTimeout(() => res.socket?.destroy(), 5);
    });
    const t = new HttpTarget({ url: s.url, token: TOKEN, retries: 2, backoffMs: 1, timeoutMs: 2000 });
    await expect(t.readSnapshot('X')).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('network error'),
    });
    expect(s.n()).toBe(3);
    await t.close();
    await s.close();
  });

  it('an answer of megabytes is refused, not buffered, and not retried', async () => {
    const s = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const mb = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const more = () => {
        while (sent < 64 && res.write(mb)) sent++;
        if (sent < 64)
          res.once('drain', () => {
            sent++;
            more();
          });
        else res.end();
      };
      more();
    });
    const t = new HttpTarget({ url: s.url, token: TOKEN, retries: 3, backoffMs: 1 });
    await expect(t.readSnapshot('X')).rejects.toMatchObject({
      kind: 'other',
      message: expect.stringContaining('the answer passed 8 MB'),
    });
    expect(s.n()).toBe(1);
    await t.close();
    await s.close();
  });

  it('error pages that are not JSON are judged by their status: a 502 is retried, a 200 is not a biller', async () => {
    let status = 502;
    const s = await rawServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    });
    const t = new HttpTarget({ url: s.url, token: TOKEN, retries: 1, backoffMs: 1 });
    await expect(t.readSnapshot('X')).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('502 HTTP_502'),
    });
    expect(s.n()).toBe(2);
    status = 200;
    await expect(t.readSnapshot('X')).rejects.toMatchObject({
      kind: 'other',
      message: expect.stringContaining('not a biller'),
    });
    expect(s.n()).toBe(3);
    status = 403;
    await expect(t.readSnapshot('X')).rejects.toMatchObject({ kind: 'permission-denied' });
    await t.close();
    await s.close();
  });

  it('keeps the path of the CRM URL: a gateway prefix comes before /v1', async () => {
    const seen: string[] = [];
    const s = await rawServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"code":"BILLER_NOT_FOUND"}');
    });
    for (const url of [`${s.url}/gateway/crm`, `${s.url}/gateway/crm/`, s.url]) {
      const t = new HttpTarget({ url, token: TOKEN, retries: 0 });
      expect(await t.readSnapshot('A B')).toBeNull();
      await t.close();
    }
    expect(seen).toEqual(['/gateway/crm/v1/billers/A%20B', '/gateway/crm/v1/billers/A%20B', '/v1/billers/A%20B']);
    await s.close();
  });

  it(
    'the last write reached the CRM but its answer was lost, and its retries failed: ' +
      'the rollback still restores exactly',
    async () => {
      // Found by the chaos benchmark: the final "end maintenance" is applied, its answer lost, its
      // retries refused; the undo writes then carried a stale ETag, got 412 for our own write, and the
      // biller was left rollback-failed. A loopback proxy in front of crm serve plays that night.
      const store = CrmStore.open(':memory:');
      store.putSnapshots([mipsSnapshot()]);
      const crm = await startCrmServer(store, { token: TOKEN });
      let ends = 0;
      const forward = (req: IncomingMessage, body: Buffer) =>
        new Promise<{ status: number; headers: Record<string, string>; text: string }>((resolve, reject) => {
          const out = httpRequest(`${crm.url}${req.url ?? ''}`, { method: req.method, headers: req.headers }, (r) => {
            let text = '';
            r.on('data', (c: Buffer) => {
              text += c.toString();
            });
            r.on('end', () =>
              resolve({
                status: r.statusCode ?? 0,
                headers: {
                  'content-type': 'application/json',
                  ...(r.headers.etag ? { etag: String(r.headers.etag) } : {}),
                },
                text,
              }),
            );
          });
          out.on('error', reject);
          out.end(body);
        });
      const proxy = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          const ending =
            req.method === 'PUT' && (req.url ?? '').endsWith('/maintenance') && body.toString().includes('false');
          if (ending && ++ends <= 5) {
            if (ends === 1) {
              void forward(req, body).then(() => res.socket?.destroy());
              return;
            } // applied, answer lost
            res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
            res.end('{"code":"UNAVAILABLE"}');
            return;
          }
          void forward(req, body).then((r) => {
            res.writeHead(r.status, r.headers);
            res.end(r.text);
          });
        });
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      const target = new HttpTarget({
        url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        token: TOKEN,
        retries: 4,
        backoffMs: 1,
      });
      const outcome = await convertBiller(target, biller());
      expect(ends).toBeGreaterThan(5); // the restore closed the window again at the end
      expect(outcome).toMatchObject({ status: 'failed', error: { code: 'CRM.TRANSIENT' } });
      expect(outcome.remaining).toBeUndefined();
      expect(differences(mipsSnapshot(), store.snapshot(mipsSnapshot().billerId)!)).toEqual([]); // maintenance included
      await target.close();
      await new Promise((r) => {
        proxy.closeAllConnections();
        proxy.close(r);
      });
      await crm.close();
      store.close();
    },
  );

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(Date.now() + 2000).toUTCString())).toBeGreaterThan(500);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('caps requests per second', async () => {
    const s = await served({}, { maxRequestsPerSecond: 20 });
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) await s.target.readSnapshot(mipsSnapshot().billerId);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240); // 6 requests at 20/s: at least 5 gaps of 50 ms
    await s.close();
  });

  it('crm serve answers latencyMs after a request arrives, never earlier, and counts its answer time', async () => {
    const s = await served({ latencyMs: 30 });
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await s.target.readSnapshot(mipsSnapshot().billerId);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(30); // a lower bound: this cannot pass by being fast
    }
    expect(s.server.stats.answerMs / s.server.stats.requests).toBeGreaterThanOrEqual(30);
    await s.close();
  });

  it('reuses connections: a conversion of 20+ requests opens at most two', async () => {
    const s = await served();
    await convertBiller(s.target, biller());
    expect(s.server.stats.requests).toBeGreaterThan(20);
    expect(s.server.stats.connections).toBeLessThanOrEqual(2);
    await s.close();
  });
});

describe('HTTPS', { tags: ['slow'] }, () => {
  const tlsFile = (name: string) => readFileSync(join(packageRoot, 'test', 'support', 'tls', name), 'utf8');
  const ours = { key: tlsFile('key.pem'), cert: tlsFile('cert.pem') };

  async function servedTls(tls: { key: string; cert: string }, ca?: string) {
    const store = CrmStore.open(':memory:');
    store.putSnapshots([mipsSnapshot()]);
    const server = await startCrmServer(store, { token: TOKEN, tls });
    const target = new HttpTarget({ url: server.url, token: TOKEN, backoffMs: 1, retries: 2, ...(ca ? { ca } : {}) });
    return {
      store,
      server,
      target,
      close: async () => {
        await target.close();
        await server.close();
        store.close();
      },
    };
  }

  targetContract('https (a CA given in http.caFile) → crm serve over TLS → sqlite', async () => {
    const s = await servedTls(ours, ours.cert);
    return { target: s.target, direct: (id) => s.store.snapshot(id), close: s.close };
  });

  it.each([
    ['no CA given for a private certificate', ours, undefined],
    [
      'a certificate signed by someone else',
      { key: tlsFile('other-key.pem'), cert: tlsFile('other-cert.pem') },
      ours.cert,
    ],
  ])('%s: refused at once with the caFile hint, never retried, nothing written', async (_label, tls, ca) => {
    const s = await servedTls(tls, ca);
    expect(s.server.url.startsWith('https://')).toBe(true);
    const outcome = await convertBiller(s.target, biller());
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'CRM.ERROR', hint: expect.stringContaining('http.caFile') });
    expect(s.target.requests).toBe(1);
    expect(s.server.stats.requests).toBe(0);
    expect(differences(mipsSnapshot(), s.store.snapshot(mipsSnapshot().billerId)!, { maintenance: true })).toEqual([]);
    await s.close();
  });

  it(
    'http.caFile is read when the target opens: ' +
      'a missing file or one without a certificate is a configuration error',
    async () => {
      const config = await loadConfig({
        overrides: { target: 'http', crmUrl: 'https://127.0.0.1:1', http: { caFile: '/nonexistent/ca.pem' } } as never,
      });
      const env = { SPECTRUM_CONVERT_CRM_TOKEN: TOKEN };
      expect(() => openTarget(config, { env })).toThrow(/http.caFile \/nonexistent\/ca.pem cannot be read/);
      const notPem = join(packageRoot, 'test', 'support', 'tls', 'README.md');
      expect(() => openTarget({ ...config, http: { ...config.http, caFile: notPem } }, { env })).toThrow(
        /holds no PEM certificate/,
      );
      const ok = openTarget(
        { ...config, http: { ...config.http, caFile: join(packageRoot, 'test', 'support', 'tls', 'cert.pem') } },
        { env },
      );
      expect(ok.name).toBe('http:https://127.0.0.1:1');
      await ok.close();
    },
  );
});
