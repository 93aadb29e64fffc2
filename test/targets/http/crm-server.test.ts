import { afterEach, describe, expect, it } from 'vitest';
import { startCrmServer, type CrmServer, type Faults } from '../../../src/targets/http/crm-server.js';
import { CrmStore } from '../../../src/targets/sqlite/crm-store.js';
import { mipsSnapshot } from '../../support/snapshots.js';

const TOKEN = 'test-token-0123456789';
const ID = mipsSnapshot().billerId;
let store: CrmStore | undefined;
let crm: CrmServer | undefined;
afterEach(async () => {
  await crm?.close();
  store?.close();
  crm = undefined;
  store = undefined;
});

async function start(faults: Faults = {}) {
  store = CrmStore.open(':memory:');
  store.putSnapshots([mipsSnapshot()]);
  crm = await startCrmServer(store, { token: TOKEN, faults });
  return crm;
}

async function call(
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string; token?: string; ifMatch?: string } = {},
) {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? TOKEN}` };
  if (opts.ifMatch) headers['if-match'] = opts.ifMatch;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${crm!.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, etag: res.headers.get('etag'), json: (await res.json()) as Record<string, unknown> };
}

const b = `/v1/billers/${ID}`;

describe('the loopback CRM server', () => {
  it('serves a biller with its ETag, and its advanced settings alone', async () => {
    await start();
    const r = await call('GET', b);
    expect([r.status, r.etag, r.json.billerId]).toEqual([200, '"v1"', ID]);
    const s = await call('GET', `${b}/advanced-settings`);
    expect(s.json).toEqual(r.json.advancedSettings);
  });

  it.each([
    { name: 'no token', token: '', status: 401, code: 'UNAUTHENTICATED' },
    { name: 'a wrong token of the same length', token: TOKEN.replace('0', '1'), status: 401, code: 'UNAUTHENTICATED' },
  ])('refuses $name', async ({ token, status, code }) => {
    await start();
    const r = await call('GET', b, { token });
    expect([r.status, r.json.code]).toEqual([status, code]);
  });

  it.each([
    { name: 'an unknown biller', method: 'GET', path: '/v1/billers/NOPE', status: 404, code: 'BILLER_NOT_FOUND' },
    { name: 'a path outside the contract', method: 'GET', path: `${b}/nothing`, status: 404, code: 'NO_SUCH_ROUTE' },
    {
      name: 'a body that is not JSON',
      method: 'PUT',
      path: `${b}/bif/k`,
      raw: '{no',
      status: 400,
      code: 'BAD_REQUEST',
    },
    { name: 'a PUT on the biller itself', method: 'PUT', path: b, body: {}, status: 400, code: 'BAD_REQUEST' },
    {
      name: 'maintenance without If-Match',
      method: 'PUT',
      path: `${b}/maintenance`,
      body: { active: true },
      status: 428,
      code: 'PRECONDITION_REQUIRED',
    },
  ])('answers $name with $status $code', async ({ method, path, body, raw, status, code }) => {
    await start();
    const r = await call(method, path, { body, ...(raw ? { raw } : {}) });
    expect([r.status, r.json.code]).toEqual([status, code]);
  });

  it('writes a change, bumps the ETag, and refuses a stale If-Match with the current one', async () => {
    await start();
    const w = await call('PUT', `${b}/bif/NewKey`, { body: { value: 'v1' } });
    expect([w.status, w.etag]).toEqual([200, '"v2"']);
    expect(store!.snapshot(ID)?.bif.NewKey).toBe('v1');
    const stale = await call('PUT', `${b}/maintenance`, { body: { active: true }, ifMatch: '"v1"' });
    expect([stale.status, stale.json.code, stale.etag]).toEqual([412, 'PRECONDITION_FAILED', '"v2"']);
    const ok = await call('PUT', `${b}/maintenance`, { body: { active: true, owner: 'R1' }, ifMatch: '"v2"' });
    expect(ok.status).toBe(200);
    expect(store!.snapshot(ID)).toMatchObject({ maintenance: true, maintenanceOwner: 'R1' });
  });

  it("another run's maintenance window is a 409 MAINTENANCE_HELD", async () => {
    await start();
    store!.setMaintenance(ID, true, 'R1');
    const etag = (await call('GET', b)).etag!;
    const r = await call('PUT', `${b}/maintenance`, { body: { active: false, owner: 'R2' }, ifMatch: etag });
    expect([r.status, r.json.code]).toEqual([409, 'MAINTENANCE_HELD']);
  });

  it.each([
    {
      name: 'denyFtp refuses FTP settings with 403',
      faults: { denyFtp: true },
      status: 403,
      code: 'FTP_PERMISSION_REQUIRED',
    },
    {
      name: 'failRate 1 fails every request',
      faults: { failRate: 1 },
      status: expect.any(Number),
      code: expect.any(String),
    },
  ])('$name', async ({ faults, status, code }) => {
    const s = await start(faults);
    const r = await call('PUT', `${b}/ftp-users/u9/pdf-setting`, {
      body: { path: '/p', backup: false, moveAction: 'none', active: true },
    });
    expect([r.status, r.json.code]).toEqual([status, code]);
    if (faults.failRate) {
      expect([500, 503]).toContain(r.status);
      expect(s.stats.failed).toBe(1);
    }
    expect(store!.snapshot(ID)?.ftpPdf.u9).toBeUndefined();
  });

  it('failPath limits the injected failures to matching paths; latency delays every answer', async () => {
    const s = await start({ failRate: 1, failPath: '/bif/', latencyMs: 50 });
    const t0 = performance.now();
    expect((await call('GET', b)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(50);
    expect([500, 503]).toContain((await call('PUT', `${b}/bif/k`, { body: { value: 'v' } })).status);
    expect(s.stats).toMatchObject({ requests: 2, failed: 1 });
    expect(s.stats.answerMs).toBeGreaterThanOrEqual(100);
  });

  it('dropRate 1 closes the connection without an answer', async () => {
    const s = await start({ dropRate: 1 });
    await expect(call('GET', b)).rejects.toThrow();
    expect(s.stats.dropped).toBe(1);
  });

  it('a busy port is a rejection, not an uncaught error', async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    await expect(startCrmServer(store!, { token: TOKEN, port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
