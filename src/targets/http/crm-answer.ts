/**
 * How the http target judges one exchange with the CRM: a reply to hand back, a failure worth
 * another try (429, 5xx, the network, a timeout), or a TargetError that no retry would mend (a
 * refusal, an unknown route, an untrusted certificate).
 */
import { TargetError, type Refusal, type TargetErrorKind } from '../target-port.js';
import { TransportError, type Exchange } from './transport.js';

export interface Reply {
  status: number;
  body: unknown;
  etag: string | null;
}

/** One attempt's outcome: the reply, or why it failed and how long the CRM asked us to wait. */
export type Attempt = { reply: Reply } | { reason: string; wait?: number | undefined; unreachable: boolean };

const TLS_HINT =
  "the CRM's TLS certificate is not trusted here: set http.caFile to the PEM of the CA that signed it " +
  '(or NODE_EXTRA_CA_CERTS), and check the host name in --crm-url';

const ROUTE_HINT = 'the server at --crm-url does not know this path: check the path part of --crm-url (crmUrl)';
/** Network errors that mean nobody answers at that address (as opposed to a dropped connection). */
const UNREACHABLE = /^(?:ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/;

/**
 * 401 anywhere is our token; 403 on a read is the whole CRM closed to us (a 403 on one write is
 * that write's).
 */
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

/** An answer: a reply for 2xx, 404 and 412; a retry for 429 and 5xx; otherwise a TargetError. */
export function judgeAnswer(res: Exchange, method: string, path: string): Attempt {
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
    return { reply: { status: res.status, body: parsed, etag: res.header('etag') } };
  const kind = kindOf(res.status);
  if (kind !== 'transient')
    throw new TargetError(kind, `${method} ${path}: ${res.status} ${code}`, ...refusalOf(res.status, method));
  return { reason: `${res.status} ${code}`, wait: retryAfterMs(res.header('retry-after')), unreachable: false };
}

/** A failure before any answer: a retry for the network and timeouts; rethrown otherwise. */
export function judgeFailure(e: unknown, method: string, path: string): Attempt {
  if (!(e instanceof TransportError)) throw e;
  // A certificate the client does not trust will not be trusted on the next try either.
  if (e.reason === 'tls') throw new TargetError('other', `${method} ${path}: ${e.message}`, TLS_HINT, 'tls');
  if (e.reason === 'origin') throw new TargetError('other', `${method} ${path}: ${e.message}`);
  if (e.reason === 'too-large')
    throw new TargetError('other', `${method} ${path}: ${e.message}; is --crm-url the CRM's API?`);
  return {
    reason: e.reason === 'timeout' ? e.message : `network error ${e.code ?? e.message}`,
    unreachable: e.reason === 'network' && UNREACHABLE.test(e.code ?? ''),
  };
}
