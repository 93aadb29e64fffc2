import { describe, expect, it } from 'vitest';
import { judgeAnswer, judgeFailure, retryAfterMs, serverCode } from '../../../src/targets/http/crm-answer.js';
import type { TargetError } from '../../../src/targets/target-port.js';
import { TransportError, type Exchange } from '../../../src/targets/http/transport.js';

const answer = (status: number, body: unknown = {}, headers: Record<string, string> = {}): Exchange => ({
  status,
  text: body === undefined ? '' : JSON.stringify(body),
  header: (name) => headers[name] ?? null,
});

function thrown(f: () => unknown): TargetError {
  try {
    f();
  } catch (e) {
    return e as TargetError;
  }
  throw new Error('did not throw');
}

describe('judgeAnswer', () => {
  it.each([
    { name: '200 with its ETag', status: 200, etag: '"v1"' },
    { name: '404 (the caller decides)', status: 404, etag: null },
    { name: '412 (the caller re-reads)', status: 412, etag: null },
  ])('hands back $name', ({ status, etag }) => {
    const r = judgeAnswer(answer(status, { a: 1 }, etag ? { etag } : {}), 'GET', '/p');
    expect(r).toEqual({ reply: { status, body: { a: 1 }, etag } });
  });

  it.each([
    { name: '429 with Retry-After', status: 429, headers: { 'retry-after': '2' }, wait: 2000 },
    { name: '503', status: 503, headers: {}, wait: undefined },
  ])('retries $name', ({ status, headers, wait }) => {
    expect(judgeAnswer(answer(status, { code: 'BUSY' }, headers as Record<string, string>), 'GET', '/p')).toEqual({
      reason: `${status} BUSY (answer of 15 bytes)`,
      wait,
      unreachable: false,
    });
  });

  it.each([
    { name: 'a refused token', status: 401, method: 'PUT', kind: 'permission-denied', refusal: 'unauthenticated' },
    { name: 'a read forbidden', status: 403, method: 'GET', kind: 'permission-denied', refusal: 'forbidden' },
    { name: 'one write forbidden', status: 403, method: 'PUT', kind: 'permission-denied', refusal: undefined },
    { name: 'a conflict', status: 409, method: 'PUT', kind: 'conflict', refusal: undefined },
    { name: 'a bad request', status: 400, method: 'PUT', kind: 'other', refusal: undefined },
  ])('throws $name', ({ status, method, kind, refusal }) => {
    const e = thrown(() => judgeAnswer(answer(status), method, '/p'));
    expect([e.kind, e.refusal]).toEqual([kind, refusal]);
  });

  it('names an unknown route, and never copies the answer text', () => {
    const e = thrown(() => judgeAnswer(answer(404, { code: 'NO_SUCH_ROUTE', message: 'secret' }), 'GET', '/p'));
    expect([e.kind, e.refusal, e.message]).toEqual(['other', 'no-route', 'GET /p: 404 NO_SUCH_ROUTE']);
    expect(serverCode({ code: 'lower case' }, 500, 'abc')).toBe('HTTP_500 (answer of 3 bytes)');
  });
});

describe('judgeFailure', () => {
  it.each([
    {
      name: 'a timeout',
      e: new TransportError('timeout', 'timeout after 5 ms'),
      reason: 'timeout after 5 ms',
      unreachable: false,
    },
    {
      name: 'a reset',
      e: new TransportError('network', 'x', 'ECONNRESET'),
      reason: 'network error ECONNRESET',
      unreachable: false,
    },
    {
      name: 'nobody there',
      e: new TransportError('network', 'x', 'ECONNREFUSED'),
      reason: 'network error ECONNREFUSED',
      unreachable: true,
    },
  ])('retries $name', ({ e, reason, unreachable }) => {
    expect(judgeFailure(e, 'GET', '/p')).toEqual({ reason, unreachable });
  });

  it.each([
    { name: 'an untrusted certificate', e: new TransportError('tls', 'bad cert'), refusal: 'tls' },
    { name: 'a path leaving the origin', e: new TransportError('origin', 'refused'), refusal: undefined },
    { name: 'an answer too large', e: new TransportError('too-large', 'big'), refusal: undefined },
  ])('throws $name', ({ e, refusal }) => {
    const t = thrown(() => judgeFailure(e, 'GET', '/p'));
    expect([t.kind, t.refusal]).toEqual(['other', refusal]);
  });

  it('rethrows what is not a transport error', () => {
    const e = new Error('bug');
    expect(() => judgeFailure(e, 'GET', '/p')).toThrow(e);
  });
});

describe('retryAfterMs', () => {
  it.each([
    { header: '3', ms: 3000 },
    { header: 'Wed, 02 Dec 2026 07:00:10 GMT', ms: 10_000 },
    { header: 'soon', ms: undefined },
    { header: null, ms: undefined },
  ])('$header → $ms', ({ header, ms }) => {
    expect(retryAfterMs(header, Date.parse('2026-12-02T07:00:00Z'))).toBe(ms);
  });
});
