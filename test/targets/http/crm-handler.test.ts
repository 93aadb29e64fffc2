import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../../../src/core/change.js';
import { startCrmServer, type CrmServer } from '../../../src/targets/http/crm-server.js';
import type { CrmStore } from '../../../src/targets/sqlite/crm-store.js';
import { TargetError } from '../../../src/targets/target-port.js';

const TOKEN = 'handler-test-token';
const ID = 'B-1';

/** A store of one biller at version 3 that records what is written. */
function fakeStore(fail?: TargetError) {
  const written: Change[] = [];
  const maintenance: Array<[boolean, string | undefined]> = [];
  const store = {
    version: (id: string) => (id === ID ? 3 : null),
    snapshot: () => null,
    write: (c: Change) => {
      if (fail) throw fail;
      written.push(c);
    },
    setMaintenance: (_id: string, on: boolean, owner?: string) => void maintenance.push([on, owner]),
  };
  return { store: store as unknown as CrmStore, written, maintenance };
}

let server: CrmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function call(store: CrmStore, method: string, path: string, body?: unknown, headers = {}) {
  server ??= await startCrmServer(store, { token: TOKEN });
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as { code?: string }, etag: res.headers.get('etag') };
}

describe('the loopback CRM handler', () => {
  it.each([
    {
      name: 'a wrong token',
      method: 'GET',
      path: `/v1/billers/${ID}`,
      headers: { authorization: 'Bearer x' },
      status: 401,
      code: 'UNAUTHENTICATED',
    },
    { name: 'an unknown route', method: 'GET', path: '/v2/nothing', status: 404, code: 'NO_SUCH_ROUTE' },
    { name: 'an unknown biller', method: 'GET', path: '/v1/billers/B-9', status: 404, code: 'BILLER_NOT_FOUND' },
    {
      name: 'a body that is not a change',
      method: 'PUT',
      path: `/v1/billers/${ID}/bif/K`,
      body: { x: 1 },
      status: 404,
      code: 'NO_SUCH_ROUTE',
    },
    {
      name: 'maintenance without If-Match',
      method: 'PUT',
      path: `/v1/billers/${ID}/maintenance`,
      body: { active: true },
      status: 428,
      code: 'PRECONDITION_REQUIRED',
    },
    {
      name: 'a stale If-Match',
      method: 'PUT',
      path: `/v1/billers/${ID}/bif/K`,
      body: { value: 'v' },
      headers: { 'if-match': '"v2"' },
      status: 412,
      code: 'PRECONDITION_FAILED',
    },
  ])('refuses $name', async ({ method, path, body, headers, status, code }) => {
    const { store, written } = fakeStore();
    const r = await call(store, method, path, body, headers);
    expect([r.status, r.body.code]).toEqual([status, code]);
    expect(written).toEqual([]);
  });

  it('writes a change under the current ETag and answers with the new one', async () => {
    const { store, written } = fakeStore();
    const r = await call(store, 'PUT', `/v1/billers/${ID}/bif/K`, { value: 'v' }, { 'if-match': '"v3"' });
    expect([r.status, r.etag]).toEqual([200, '"v3"']);
    expect(written).toMatchObject([{ billerId: ID, entity: 'bif', key: 'K', after: 'v' }]);
  });

  it('opens the maintenance window for its owner', async () => {
    const { store, maintenance } = fakeStore();
    const r = await call(
      store,
      'PUT',
      `/v1/billers/${ID}/maintenance`,
      { active: true, owner: 'run-1' },
      { 'if-match': '"v3"' },
    );
    expect(r.status).toBe(200);
    expect(maintenance).toEqual([[true, 'run-1']]);
  });

  it.each([
    { name: 'a held window as 409', error: new TargetError('conflict', 'held'), status: 409, code: 'MAINTENANCE_HELD' },
    {
      name: 'a vanished biller as 404',
      error: new TargetError('not-found', 'gone'),
      status: 404,
      code: 'BILLER_NOT_FOUND',
    },
  ])("answers the store's refusal: $name", async ({ error, status, code }) => {
    const { store } = fakeStore(error);
    const r = await call(store, 'DELETE', `/v1/billers/${ID}/bif/K`);
    expect([r.status, r.body.code]).toEqual([status, code]);
  });
});
