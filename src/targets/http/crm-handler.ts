/**
 * One request to the loopback CRM server: the bearer token, the injected faults, then the route:
 * a biller's snapshot for a GET, a change applied to the embedded store for a PUT or DELETE, with
 * the ETag preconditions the contract asks for (docs/crm-api.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Change } from '../../core/change.js';
import type { CrmStore } from '../sqlite/crm-store.js';
import { TargetError } from '../target-port.js';
import type { Faults, ServerStats } from './crm-server.js';
import { changeFor } from './routes.js';
import { toWire } from './wire.js';

/** What every request of one server shares. */
export interface Served {
  store: CrmStore;
  faults: Faults;
  /** The fault dice. */
  roll: () => number;
  stats: ServerStats;
  /** The Authorization header a request must carry. */
  expected: Buffer;
}

type Reply = (status: number, payload: unknown, headers?: Record<string, string>) => Promise<void>;
type Body = Record<string, unknown> | undefined;

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const etag = (v: number) => `"v${v}"`;

async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(c as Buffer);
  }
  if (!size) return undefined;
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

/**
 * Latency is modelled as a CRM that answers latencyMs after a request arrives, its own work
 * included (the store's write happens inside that time, as it would on a real server).
 */
async function answerTime(s: Served, arrived: number): Promise<void> {
  // Never early: a timer counts whole milliseconds of the loop's clock and can fire up to 1 ms
  // before the exact time, so wait again for whatever is left.
  const due = arrived + (s.faults.latencyMs ?? 0);
  for (let wait = due - performance.now(); wait > 0; wait = due - performance.now()) {
    await new Promise((r) => setTimeout(r, Math.ceil(wait)));
  }
  s.stats.answerMs += performance.now() - arrived;
}

export async function handleRequest(s: Served, req: IncomingMessage, res: ServerResponse): Promise<void> {
  s.stats.requests++;
  const arrived = performance.now();
  const reply: Reply = async (status, payload, headers = {}) => {
    await answerTime(s, arrived);
    send(res, status, payload, headers);
  };
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (await screened(s, req, path, arrived, reply)) return;
  let body: Body;
  try {
    body = await readBody(req);
  } catch {
    return reply(400, { code: 'BAD_REQUEST', message: 'the body is not JSON' });
  }
  const route = changeFor(req.method ?? 'GET', path, body);
  if (!route)
    return reply(404, { code: 'NO_SUCH_ROUTE', message: `${req.method} ${path} is not part of the contract` });
  const version = s.store.version(route.billerId);
  if (version === null)
    return reply(404, { code: 'BILLER_NOT_FOUND', message: `biller ${route.billerId} does not exist` });
  if (req.method === 'GET' && !route.change) {
    const snap = s.store.snapshot(route.billerId);
    if (!snap) return reply(404, { code: 'BILLER_NOT_FOUND', message: 'gone' });
    const wire = toWire(snap);
    return reply(200, path.endsWith('/advanced-settings') ? wire.advancedSettings : wire, { etag: etag(version) });
  }
  if (!route.change || (req.method !== 'PUT' && req.method !== 'DELETE'))
    return reply(400, { code: 'BAD_REQUEST', message: 'unexpected method or body for this resource' });
  if (route.ftp && s.faults.denyFtp)
    return reply(403, { code: 'FTP_PERMISSION_REQUIRED', message: 'this user may not create FTP pickup settings' });
  return applyChange(s, req, { billerId: route.billerId, change: route.change }, body, version, reply);
}

/** The token, then the injected drops and failures: true when the request was answered (or dropped) here. */
async function screened(s: Served, req: IncomingMessage, path: string, arrived: number, reply: Reply) {
  const { faults, roll, stats } = s;
  const auth = Buffer.from(req.headers.authorization ?? '');
  if (auth.length !== s.expected.length || !timingSafeEqual(auth, s.expected)) {
    await reply(401, { code: 'UNAUTHENTICATED', message: 'a valid bearer token is required' });
    return true;
  }
  if (faults.dropRate && roll() < faults.dropRate) {
    stats.dropped++;
    await answerTime(s, arrived);
    req.socket.destroy();
    return true;
  }
  if (faults.failRate && (!faults.failPath || path.includes(faults.failPath)) && roll() < faults.failRate) {
    stats.failed++;
    const status = roll() < 0.5 ? 500 : 503;
    await reply(
      status,
      { code: status === 503 ? 'UNAVAILABLE' : 'INTERNAL', message: 'injected failure' },
      status === 503 ? { 'retry-after': '0' } : {},
    );
    return true;
  }
  return false;
}

/** A PUT or DELETE: its precondition checked against the biller's version, then written to the store. */
async function applyChange(
  s: Served,
  req: IncomingMessage,
  route: { billerId: string; change: Change },
  body: Body,
  version: number,
  reply: Reply,
): Promise<void> {
  const ifMatch = req.headers['if-match'];
  const maintenance = route.change.entity === 'maintenance';
  // The window is a lease: opening or closing it must say which version of the biller it saw.
  if (maintenance && !ifMatch)
    return reply(428, {
      code: 'PRECONDITION_REQUIRED',
      message: "maintenance changes need If-Match with the biller's ETag",
    });
  const owner = typeof body?.owner === 'string' && body.owner !== '' ? body.owner : undefined;
  if (ifMatch && ifMatch !== etag(version))
    return reply(
      412,
      { code: 'PRECONDITION_FAILED', message: `the biller changed since ${ifMatch} (now ${etag(version)})` },
      { etag: etag(version) },
    );
  try {
    if (maintenance) s.store.setMaintenance(route.billerId, route.change.after as boolean, owner);
    else s.store.write(route.change);
  } catch (e) {
    if (e instanceof TargetError && e.kind === 'conflict')
      return reply(409, { code: 'MAINTENANCE_HELD', message: e.message }, { etag: etag(version) });
    if (e instanceof TargetError && e.kind === 'not-found')
      return reply(404, { code: 'BILLER_NOT_FOUND', message: e.message });
    throw e;
  }
  const { faults } = s;
  if (faults.slowRate && faults.slowMs && s.roll() < faults.slowRate) {
    s.stats.slowed++;
    await new Promise((r) => setTimeout(r, faults.slowMs));
  }
  await reply(200, { ok: true }, { etag: etag(s.store.version(route.billerId) ?? 0) });
}
