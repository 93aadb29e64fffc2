/**
 * `crm serve`: the CRM REST contract (docs/crm-api.md) over the embedded store, on loopback.
 * Operators rehearse a night against a copy of CRM data; the tests and the benchmark use it as
 * the real server. Fault injection (off by default) fails, delays or drops requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { CrmStore } from '../sqlite/crm-store.js';
import { seededRandom } from '../../core/random.js';
import { handleRequest, send, type Served } from './crm-handler.js';

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

export interface ServerStats {
  requests: number;
  connections: number;
  failed: number;
  dropped: number;
  slowed: number;
  /**
   * Milliseconds from each request's arrival to its answer, summed: the CRM's real answer time, for
   * benchmarks.
   */
  answerMs: number;
}

export interface CrmServer {
  url: string;
  server: Server;
  stats: ServerStats;
  close(): Promise<void>;
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

  const served: Served = { store, faults, roll, stats, expected };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void handleRequest(served, req, res).catch((e: unknown) => {
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
