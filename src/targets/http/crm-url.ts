/**
 * What a CRM address may be. The bearer token and the customers' secrets go wherever it points,
 * so it is checked before the first request: no user name or password in it (they would be
 * written to the results and the journal with the address), no query or fragment, and https
 * except to this machine (loopback) or when `http.allowInsecure` says so.
 */
import { isIP } from 'node:net';

/** Loopback: 127.0.0.0/8, ::1 and localhost never leave this machine. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h) || /^::ffff:7f[0-9a-f]{2}:/.test(h);
}

/**
 * Why `url` may not be the CRM's address, or undefined when it may. Never repeats the address (it
 * may hold a password).
 */
export function crmUrlProblem(url: string, allowInsecure: boolean): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (u.username || u.password)
    return (
      'holds a user name or password (user:password@host): remove them; ' +
      'the CRM token comes only from SPECTRUM_CONVERT_CRM_TOKEN'
    );
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `must be https:// (got ${u.protocol})`;
  if (u.search || u.hash)
    return 'must not hold a query (?...) or a fragment (#...): give the base address of the CRM API';
  if (u.protocol === 'http:' && !allowInsecure && !isLoopback(u.hostname)) {
    return (
      `is http:// to ${u.hostname}, which sends the CRM token and the customers' secrets in clear: ` +
      'use https://, or set http.allowInsecure to true if this network is trusted'
    );
  }
  return undefined;
}
