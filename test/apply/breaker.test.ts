// @module-tag slow: nights against a CRM that refuses us, HTTPS among them
/**
 * The circuit breaker: a CRM that refuses us (token rejected, nobody answering, untrusted certificate) stops the
 * night after three billers in a row with exit 69, the rest interrupted and untouched; a URL path the CRM does not
 * know stops it at once as a configuration error (exit 2).
 */
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/apply/breaker.js';
import { differences } from '../../src/core/simulate.js';
import { packageRoot } from '../../src/paths.js';
import { startCrmServer, type CrmServer } from '../../src/targets/http/crm-server.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { makeNight, type Night } from '../support/night.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { sampleBiller, tableWorkbook, billerIdOf } from '../support/workbooks.js';

const list = Array.from({ length: 7 }, (_, i) => sampleBiller(i + 70));
const tls = (name: string) => readFileSync(join(packageRoot, 'test', 'support', 'tls', name), 'utf8');
let night: Night | undefined;
let server: CrmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await night?.cleanup();
  night = undefined;
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('CircuitBreaker', () => {
  it('trips on the third refusal in a row; a success or another cause starts the streak again', () => {
    let stops = 0;
    const b = new CircuitBreaker('http:x', () => stops++);
    const refused = { refusal: 'unauthenticated', message: '401' };
    b.record(refused);
    b.record(refused);
    b.record(undefined);
    b.record(refused);
    b.record(refused);
    b.record({ refusal: 'unreachable', message: 'x' });
    b.record(refused);
    expect(b.tripped).toBeUndefined();
    b.record(refused);
    b.record(refused);
    expect(b.tripped).toMatchObject({ code: 69, refusal: 'unauthenticated' });
    expect(b.tripped?.message).toMatch(/refused the token \(401\).*3 billers in a row/);
    b.record(refused);
    expect(stops).toBe(1);
  });

  it('NO_SUCH_ROUTE trips at once as a configuration error', () => {
    const b = new CircuitBreaker('http:x', () => {});
    b.record({ refusal: 'no-route', message: 'GET /v1/x: 404 NO_SUCH_ROUTE' });
    expect(b.tripped).toMatchObject({ code: 2 });
    expect(b.tripped?.message).toMatch(/^configuration error: .*--crm-url/);
  });
});

describe('a night against a CRM that refuses us', () => {
  async function setup(serverTls?: { key: string; cert: string }): Promise<{ n: Night; url: string; config: string }> {
    night = await makeNight(list.map(mipsSnapshotFor));
    await night.drop('table.xlsx', await tableWorkbook('Billers', list));
    const store = CrmStore.open(night.crmDb);
    server = await startCrmServer(store, { token: 'the-right-token', ...(serverTls ? { tls: serverTls } : {}) });
    const config = join(night.dir, 'config.json');
    writeFileSync(config, JSON.stringify({ http: { retries: 0, backoffMs: 1, maxRequestsPerSecond: 0 } }));
    return { n: night, url: server.url, config };
  }

  const cases = [
    {
      name: 'a wrong token (401)',
      url: (u: string) => u,
      token: 'a-wrong-token',
      code: 69,
      says: /refused the token \(401\): check SPECTRUM_CONVERT_CRM_TOKEN/,
    },
    {
      name: 'connection refused',
      url: async () => `http://127.0.0.1:${await freePort()}`,
      token: 'the-right-token',
      code: 69,
      says: /nobody answers at the CRM address/,
    },
    {
      name: 'an untrusted certificate',
      url: (u: string) => u,
      token: 'the-right-token',
      code: 69,
      says: /TLS certificate is not trusted/,
      tls: true,
    },
    {
      name: 'a wrong path (NO_SUCH_ROUTE)',
      url: (u: string) => `${u}/not-the-api`,
      token: 'the-right-token',
      code: 2,
      says: /configuration error: .*NO_SUCH_ROUTE.*--crm-url/,
    },
  ];

  it.each(cases)(
    '$name: stops early with exit $code naming the cause; the rest interrupted, nothing touched',
    async (c) => {
      const { n, url, config } = await setup(c.tls ? { key: tls('key.pem'), cert: tls('cert.pem') } : undefined);
      const crmUrl = await c.url(url);
      const r = await runMain(
        [
          'run',
          ...n.args(
            '--now',
            '2026-11-26',
            '--target',
            'http',
            '--crm-url',
            crmUrl,
            '--concurrency',
            '1',
            '--config',
            config,
            '--json',
          ),
        ],
        { SPECTRUM_CONVERT_CRM_TOKEN: c.token },
      );
      expect(r.code, r.err).toBe(c.code);
      expect(r.err).toMatch(c.says);
      const summary = JSON.parse(r.out) as { counts: Record<string, number>; stopped: string; archived: string[] };
      expect(summary.stopped).toMatch(c.says);
      const failed = c.code === 2 ? 1 : 3;
      expect(summary.counts).toMatchObject({ failed, interrupted: list.length - failed, converted: 0 });
      expect(summary.archived).toEqual([]);
      const store = CrmStore.open(n.crmDb);
      for (const b of list)
        expect(differences(mipsSnapshotFor(b), store.snapshot(billerIdOf(b))!, { maintenance: true })).toEqual([]);
      store.close();
    },
  );
});
