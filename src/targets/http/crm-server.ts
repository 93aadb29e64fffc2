/**
 * `crm serve`: the CRM REST contract (docs/crm-api.md) over the embedded store, on loopback.
 * Operators rehearse a night against a copy of CRM data; the tests and the benchmark use it as
 * the real server. Fault injection (off by default) fails, delays or drops requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { CrmStore } from '../sqlite/crm-store.js';
import { seededRandom } from '../../core/random.js';
import { TargetError } from '../target-port.js';
import { changeFor } from './routes.js';
import { toWire } from './wire.js';

export interface Faults {
  /** Share of requests answered 500/503 instead of served (0..1). */
  failRate?: number;
  /** Only requests whose path matches fail (default: all). */
  failPath?: string;
  /** Share of requests delayed by slowMs (after being applied, like a slow response). */
  slowRate?: number;
  slowMs?: number;
  /** Latency added to every request, in ms. */
  latencyMs?: number;
  /** Share of requests whose connection is destroyed without an answer. */
  dropRate?: number;
  /** Refuse FTP settings with 403, as a CRM user without the FTP-task permission gets. */
  denyFtp?: boolean;
  /** Seed for the fault dice, so a test run is repeatable. */
  seed?: number;
}

interface ServerStats {
  requests: number;
  connections: number;
  failed: number;
  dropped: number;
  slowed: number;
  /** Milliseconds from each request's arrival to its answer, summed: the CRM's real answer time, for benchmarks. */
  answerMs: number;
}

export interface CrmServer {
  url: string;
  server: Server;
  stats: ServerStats;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const etag = (v: number) => `"v${v}"`;

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
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

/** `tls`: serve HTTPS with this PEM key and certificate (to rehearse a CRM behind TLS). */
export async function startCrmServer(
  store: CrmStore,
  opts: { token: string; port?: number; host?: string; faults?: Faults; tls?: { key: string; cert: string } },
): Promise<CrmServer> {
  const faults = opts.faults ?? {};
  const roll = seededRandom(faults.seed ?? 1);
  const stats: ServerStats = { requests: 0, connections: 0, failed: 0, dropped: 0, slowed: 0, answerMs: 0 };
  const expected = Buffer.from(`Bearer ${opts.token}`);
  const sockets = new Set<Socket>();

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { code: 'INTERNAL', message: (e as Error).message });
    });
  };
  const server: Server = opts.tls ? createTlsServer(opts.tls, onRequest) : createServer(onRequest);
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s: Socket) => {
    stats.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const arrived = performance.now();
    // Latency is modelled as a CRM that answers latencyMs after a request arrives, its own work
    // included (the store's write happens inside that time, as it would on a real server).
    const answerTime = async () => {
      // Never early: a timer counts whole milliseconds of the loop's clock and can fire up to 1 ms
      // before the exact time, so wait again for whatever is left.
      const due = arrived + (faults.latencyMs ?? 0);
      for (let wait = due - performance.now(); wait > 0; wait = due - performance.now()) {
        await new Promise((r) => setTimeout(r, Math.ceil(wait)));
      }
      stats.answerMs += performance.now() - arrived;
    };
    const respond = async (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      await answerTime();
      send(res, status, payload, headers);
    };
    const path = (req.url ?? '').split('?')[0] ?? '';
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected))
      return respond(401, { code: 'UNAUTHENTICATED', message: 'a valid bearer token is required' });
    if (faults.dropRate && roll() < faults.dropRate) {
      stats.dropped++;
      await answerTime();
      req.socket.destroy();
      return;
    }
    if (faults.failRate && (!faults.failPath || path.includes(faults.failPath)) && roll() < faults.failRate) {
      stats.failed++;
      const status = roll() < 0.5 ? 500 : 503;
      return respond(
        status,
        { code: status === 503 ? 'UNAVAILABLE' : 'INTERNAL', message: 'injected failure' },
        status === 503 ? { 'retry-after': '0' } : {},
      );
    }
    let body: Record<string, unknown> | undefined;
    try {
      body = await readBody(req);
    } catch {
      return respond(400, { code: 'BAD_REQUEST', message: 'the body is not JSON' });
    }
    const route = changeFor(req.method ?? 'GET', path, body);
    if (!route)
      return respond(404, { code: 'NO_SUCH_ROUTE', message: `${req.method} ${path} is not part of the contract` });
    const version = store.version(route.billerId);
    if (version === null)
      return respond(404, { code: 'BILLER_NOT_FOUND', message: `biller ${route.billerId} does not exist` });
    if (req.method === 'GET' && !route.change) {
      const snap = store.snapshot(route.billerId);
      if (!snap) return respond(404, { code: 'BILLER_NOT_FOUND', message: 'gone' });
      const wire = toWire(snap);
      return respond(200, path.endsWith('/advanced-settings') ? wire.advancedSettings : wire, { etag: etag(version) });
    }
    if (!route.change || (req.method !== 'PUT' && req.method !== 'DELETE'))
      return respond(400, { code: 'BAD_REQUEST', message: 'unexpected method or body for this resource' });
    if (route.ftp && faults.denyFtp)
      return respond(403, { code: 'FTP_PERMISSION_REQUIRED', message: 'this user may not create FTP pickup settings' });
    const ifMatch = req.headers['if-match'];
    const maintenance = route.change.entity === 'maintenance';
    // The window is a lease: opening or closing it must say which version of the biller it saw.
    if (maintenance && !ifMatch)
      return respond(428, {
        code: 'PRECONDITION_REQUIRED',
        message: "maintenance changes need If-Match with the biller's ETag",
      });
    const owner = typeof body?.owner === 'string' && body.owner !== '' ? body.owner : undefined;
    if (ifMatch && ifMatch !== etag(version))
      return respond(
        412,
        { code: 'PRECONDITION_FAILED', message: `the biller changed since ${ifMatch} (now ${etag(version)})` },
        { etag: etag(version) },
      );
    try {
      if (maintenance) store.setMaintenance(route.billerId, route.change.after as boolean, owner);
      else store.write(route.change);
    } catch (e) {
      if (e instanceof TargetError && e.kind === 'conflict')
        return respond(409, { code: 'MAINTENANCE_HELD', message: e.message }, { etag: etag(version) });
      if (e instanceof TargetError && e.kind === 'not-found')
        return respond(404, { code: 'BILLER_NOT_FOUND', message: e.message });
      throw e;
    }
    if (faults.slowRate && faults.slowMs && roll() < faults.slowRate) {
      stats.slowed++;
      await new Promise((r) => setTimeout(r, faults.slowMs));
    }
    await respond(200, { ok: true }, { etag: etag(store.version(route.billerId) ?? 0) });
  }

  // A busy port is an 'error' event, not an exception: turn it into a rejection the command can name.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${opts.host ?? '127.0.0.1'}:${port}`,
    server,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
