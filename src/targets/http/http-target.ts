/**
 * The `http` target: the engine's port over the CRM REST contract (docs/crm-api.md), with what
 * a night of thousands of calls against a flaky service needs: a timeout per request; retries
 * with exponential backoff and full jitter for 429, 5xx and network errors, honouring
 * Retry-After, bounded in count and in total time; kept-alive connections (transport.ts); a
 * client-side cap on requests per second; ETag/If-Match so a write never silently overwrites a
 * concurrent human edit. How each answer is judged is crm-answer.ts.
 */
import { maintenanceChange, type Change } from '../../core/change.js';
import { holds } from '../../core/restore.js';
import type { BillerSnapshot } from '../../core/snapshot.js';
import { TargetError, type TargetPort } from '../target-port.js';
import { settle } from '../settle.js';
import { ConfigError } from '../../errors.js';
import { judgeAnswer, judgeFailure, type Attempt, type Reply } from './crm-answer.js';
import { crmUrlProblem } from './crm-url.js';
import { billerPath, requestFor } from './routes.js';
import { Transport } from './transport.js';
import { fromWire, WireBiller } from './wire.js';

export { retryAfterMs, serverCode } from './crm-answer.js';

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

const FTP_HINT = 'ask the service desk for the CRM FTP-task permission (EBPP-4234), then run again';

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
      const tried = await this.attempt(method, path, body, ifMatch);
      if ('reply' in tried) return tried.reply;
      const { reason, wait, unreachable } = tried;
      // Full jitter: a random wait up to the exponential step spreads the retries of concurrent billers.
      const backoff = Math.random() * (this.o.backoffMs ?? 100) * 2 ** attempt;
      const waitMs = Math.max(wait ?? 0, backoff);
      if (attempt >= retries || Date.now() - started + waitMs > budget) {
        const gaveUp =
          `${method} ${path}: ${reason} ` + `(gave up after ${attempt + 1} attempts in ${Date.now() - started} ms)`;
        throw new TargetError('transient', gaveUp, undefined, unreachable ? 'unreachable' : undefined);
      }
      this.retried++;
      this.o.onRetry?.({ method, path, attempt: attempt + 1, reason, waitMs: Math.round(waitMs) });
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }

  /** One exchange, judged: the reply, or why it may be tried again; throws what a retry cannot mend. */
  private async attempt(method: string, path: string, body: unknown, ifMatch: string | undefined): Promise<Attempt> {
    try {
      const headers = {
        authorization: `Bearer ${this.o.token}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(ifMatch ? { 'if-match': ifMatch } : {}),
      };
      const text = body !== undefined ? JSON.stringify(body) : undefined;
      const res = await this.transport.exchange(method, path, headers, text, this.o.timeoutMs ?? 5000);
      return judgeAnswer(res, method, path);
    } catch (e) {
      return judgeFailure(e, method, path);
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
    const c = maintenanceChange(billerId, active);
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
        const holder = now.maintenanceOwner ? `run ${now.maintenanceOwner}` : 'someone else (no run id)';
        throw new TargetError('conflict', `biller ${billerId} is in maintenance held by ${holder}`);
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
