/**
 * The `http` target: the engine's port over the CRM REST contract (docs/crm-api.md), with what
 * a night of thousands of calls against a flaky service needs: a timeout per request; retries
 * with exponential backoff and full jitter for 429, 5xx and network errors, honouring
 * Retry-After, bounded in count and in total time; kept-alive connections (transport.ts); a client-side cap on requests per second; ETag/If-Match so a write never silently
 * overwrites a concurrent human edit.
 */
import type { Change } from '../../core/change.js';
import { holds } from '../../core/restore.js';
import type { BillerSnapshot } from '../../core/snapshot.js';
import { TargetError, type Refusal, type TargetErrorKind, type TargetPort } from '../target-port.js';
import { settle } from '../settle.js';
import { ConfigError } from '../../errors.js';
import { crmUrlProblem } from './crm-url.js';
import { billerPath, requestFor } from './routes.js';
import { Transport, TransportError } from './transport.js';
import { fromWire, WireBiller } from './wire.js';

export interface HttpTargetOptions {
  url: string;
  token: string;
  timeoutMs?: number;
  /** Retries after the first attempt of one request. */
  retries?: number;
  /** The longest one request may take, retries and waits included. */
  retryBudgetMs?: number;
  backoffMs?: number;
  /** Client-side cap on requests per second (0: none). */
  maxRequestsPerSecond?: number;
  /** PEM certificate authorities trusted besides Node's own. */
  ca?: string;
  /** Allow http:// to a host other than loopback. */
  allowInsecure?: boolean;
  onRetry?: (info: { method: string; path: string; attempt: number; reason: string; waitMs: number }) => void;
}

interface Reply {
  status: number;
  body: unknown;
  etag: string | null;
}

const TLS_HINT =
  "the CRM's TLS certificate is not trusted here: set http.caFile to the PEM of the CA that signed it (or NODE_EXTRA_CA_CERTS), and check the host name in --crm-url";
const FTP_HINT = 'ask the service desk for the CRM FTP-task permission (EBPP-4234), then run again';

const ROUTE_HINT = 'the server at --crm-url does not know this path: check the path part of --crm-url (crmUrl)';
/** Network errors that mean nobody answers at that address (as opposed to a dropped connection). */
const UNREACHABLE = /^(?:ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/;

/** 401 anywhere is our token; 403 on a read is the whole CRM closed to us (a 403 on one write is that write's). */
function refusalOf(status: number, method: string): [string | undefined, Refusal | undefined] {
  if (status === 401) return ['the CRM refused the token: check SPECTRUM_CONVERT_CRM_TOKEN', 'unauthenticated'];
  if (status === 403 && method === 'GET')
    return ['the CRM forbids this token to read billers: check its permissions', 'forbidden'];
  return [undefined, undefined];
}

function kindOf(status: number): TargetErrorKind {
  if (status === 401 || status === 403) return 'permission-denied';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429 || status >= 500) return 'transient';
  return 'other';
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * What a CRM error answer may put in our results, journal and logs: its code when it is a plain
 * code (`[A-Z0-9_.]`, at most 64 characters), and the answer's length. The CRM's text is never
 * copied: a hostile or buggy CRM that echoes the request would otherwise put the token or the
 * secrets it was sent into every report.
 */
export function serverCode(parsed: unknown, status: number, text: string): string {
  const raw = (parsed as { code?: unknown } | undefined)?.code;
  const code = typeof raw === 'string' && /^[A-Z0-9_.]{1,64}$/.test(raw) ? raw : `HTTP_${status}`;
  return `${code} (answer of ${Buffer.byteLength(text)} bytes)`;
}

export class HttpTarget implements TargetPort {
  readonly name: string;
  private readonly etags = new Map<string, string>();
  private nextSlot = 0;
  private readonly transport: Transport;
  requests = 0;
  retried = 0;

  constructor(private readonly o: HttpTargetOptions) {
    const problem = crmUrlProblem(o.url, o.allowInsecure ?? false);
    if (problem) throw new ConfigError(`the CRM address ${problem}`);
    this.name = `http:${new URL(o.url).origin}`;
    this.transport = new Transport(o.url, o.ca);
  }

  private async pace(): Promise<void> {
    const rps = this.o.maxRequestsPerSecond ?? 0;
    if (rps <= 0) return;
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + 1000 / rps;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }

  private async request(method: string, path: string, body?: unknown, ifMatch?: string): Promise<Reply> {
    const started = Date.now();
    const retries = this.o.retries ?? 4;
    const budget = this.o.retryBudgetMs ?? 30_000;
    for (let attempt = 0; ; attempt++) {
      await this.pace();
      this.requests++;
      let reason: string;
      let wait: number | undefined;
      let unreachable = false;
      try {
        const timeoutMs = this.o.timeoutMs ?? 5000;
        const headers = {
          authorization: `Bearer ${this.o.token}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(ifMatch ? { 'if-match': ifMatch } : {}),
        };
        const res = await this.transport.exchange(
          method,
          path,
          headers,
          body !== undefined ? JSON.stringify(body) : undefined,
          timeoutMs,
        );
        let parsed: unknown;
        try {
          parsed = res.text ? (JSON.parse(res.text) as unknown) : undefined;
        } catch {
          parsed = undefined; // an error page from a proxy: judged by its status alone; a read then fails its schema check
        }
        const code = serverCode(parsed, res.status, res.text);
        if (res.status === 404 && code.startsWith('NO_SUCH_ROUTE '))
          throw new TargetError('other', `${method} ${path}: 404 NO_SUCH_ROUTE`, ROUTE_HINT, 'no-route');
        if ((res.status >= 200 && res.status < 300) || res.status === 404 || res.status === 412)
          return { status: res.status, body: parsed, etag: res.header('etag') };
        const kind = kindOf(res.status);
        if (kind !== 'transient')
          throw new TargetError(kind, `${method} ${path}: ${res.status} ${code}`, ...refusalOf(res.status, method));
        reason = `${res.status} ${code}`;
        wait = retryAfterMs(res.header('retry-after'));
      } catch (e) {
        if (!(e instanceof TransportError)) throw e;
        // A certificate the client does not trust will not be trusted on the next try either.
        if (e.reason === 'tls') throw new TargetError('other', `${method} ${path}: ${e.message}`, TLS_HINT, 'tls');
        if (e.reason === 'origin') throw new TargetError('other', `${method} ${path}: ${e.message}`);
        if (e.reason === 'too-large')
          throw new TargetError('other', `${method} ${path}: ${e.message}; is --crm-url the CRM's API?`);
        reason = e.reason === 'timeout' ? e.message : `network error ${e.code ?? e.message}`;
        unreachable = e.reason === 'network' && UNREACHABLE.test(e.code ?? '');
      }
      // Full jitter: a random wait up to the exponential step spreads the retries of concurrent billers.
      const backoff = Math.random() * (this.o.backoffMs ?? 100) * 2 ** attempt;
      const waitMs = Math.max(wait ?? 0, backoff);
      if (attempt >= retries || Date.now() - started + waitMs > budget) {
        const gaveUp = `${method} ${path}: ${reason} (gave up after ${attempt + 1} attempts in ${Date.now() - started} ms)`;
        throw new TargetError('transient', gaveUp, undefined, unreachable ? 'unreachable' : undefined);
      }
      this.retried++;
      this.o.onRetry?.({ method, path, attempt: attempt + 1, reason, waitMs: Math.round(waitMs) });
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }

  async readSnapshot(billerId: string): Promise<BillerSnapshot | null> {
    const r = await this.request('GET', billerPath(billerId));
    if (r.status === 404) return null;
    const parsed = WireBiller.safeParse(r.body);
    if (!parsed.success)
      throw new TargetError('other', `GET ${billerPath(billerId)}: the CRM answered something that is not a biller`);
    if (r.etag) this.etags.set(billerId, r.etag);
    return fromWire(parsed.data);
  }

  async apply(change: Change): Promise<void> {
    const req = requestFor(change);
    try {
      await this.write(change.billerId, req.method, req.path, req.body, change);
    } catch (e) {
      if (req.ftp && e instanceof TargetError && e.kind === 'permission-denied') {
        throw new TargetError(
          'permission-denied',
          `the CRM refused the FTP pickup setting for ${String(change.key)}`,
          FTP_HINT,
        );
      }
      throw e;
    }
  }

  async beginMaintenance(billerId: string, owner?: string): Promise<void> {
    await this.maintenance(billerId, true, owner);
  }

  async endMaintenance(billerId: string, owner?: string): Promise<void> {
    await this.maintenance(billerId, false, owner);
  }

  /** The window as a lease: the owner (run id) goes with the request, under If-Match (docs/crm-api.md). */
  private async maintenance(billerId: string, active: boolean, owner?: string): Promise<void> {
    const c: Change = {
      billerId,
      section: '1. Maintenance window',
      kind: active ? 'maintenance.begin' : 'maintenance.end',
      entity: 'maintenance',
      key: 'active',
      before: !active,
      after: active,
    };
    const req = requestFor(c);
    if (!this.etags.has(billerId)) await this.readSnapshot(billerId); // If-Match is required on the window
    await this.write(billerId, req.method, req.path, { active, ...(owner ? { owner } : {}) }, c, owner);
  }

  /**
   * One write with If-Match. A 412 can be our own earlier attempt that reached the CRM before its
   * answer was lost (a timeout, then a retry): re-read, and if the CRM already holds the change,
   * that is success. Anything else is someone else's edit: a conflict, never overwritten.
   */
  private async write(
    billerId: string,
    method: string,
    path: string,
    body: unknown,
    change: Change,
    owner?: string,
  ): Promise<void> {
    const r = await this.request(method, path, body, this.etags.get(billerId));
    if (r.status === 404) throw new TargetError('not-found', `biller ${billerId} does not exist in the CRM`);
    if (r.status === 412) {
      const now = await this.readSnapshot(billerId);
      // Our own window (or its end) already there is success; someone else's window is not.
      const ours = change.entity !== 'maintenance' || (change.after ? now?.maintenanceOwner === owner : true);
      if (now && holds(now, change) && ours) return;
      if (now?.maintenance && change.entity === 'maintenance' && now.maintenanceOwner !== owner) {
        throw new TargetError(
          'conflict',
          `biller ${billerId} is in maintenance held by ${now.maintenanceOwner ? `run ${now.maintenanceOwner}` : 'someone else (no run id)'}`,
        );
      }
      throw new TargetError(
        'conflict',
        `${method} ${path}: the biller was changed in the CRM by someone else during the conversion`,
      );
    }
    if (r.etag) this.etags.set(billerId, r.etag);
  }

  close(): Promise<void> {
    return settle(() => this.transport.close());
  }
}
