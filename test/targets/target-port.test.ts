import { describe, expect, it } from 'vitest';
import { asTargetError, TargetError, type TargetErrorKind } from '../../src/targets/target-port.js';

describe('TargetError', () => {
  it.each([
    { kind: 'not-found', code: 'CRM.NOT_FOUND', retryable: false },
    { kind: 'permission-denied', code: 'CRM.PERMISSION_DENIED', retryable: false },
    { kind: 'conflict', code: 'CRM.CONFLICT', retryable: false },
    { kind: 'transient', code: 'CRM.TRANSIENT', retryable: true },
    { kind: 'other', code: 'CRM.ERROR', retryable: false },
  ] satisfies Array<{ kind: TargetErrorKind; code: string; retryable: boolean }>)(
    '$kind is $code',
    ({ kind, code, retryable }) => {
      const e = new TargetError(kind, 'm', 'hint', 'forbidden');
      expect([e.code, e.retryable, e.hint, e.refusal, e.name]).toEqual([
        code,
        retryable,
        'hint',
        'forbidden',
        'TargetError',
      ]);
    },
  );
});

describe('asTargetError', () => {
  it('keeps a TargetError as it is', () => {
    const e = new TargetError('conflict', 'held');
    expect(asTargetError(e)).toBe(e);
  });

  it.each([
    { name: 'an Error', thrown: new Error('disk I/O error'), message: 'disk I/O error' },
    { name: 'a string', thrown: 'boom', message: 'boom' },
    { name: 'undefined', thrown: undefined, message: 'undefined' },
  ])('turns $name into an "other" error with its message', ({ thrown, message }) => {
    const e = asTargetError(thrown);
    expect(e).toBeInstanceOf(TargetError);
    expect([e.kind, e.code, e.message]).toEqual(['other', 'CRM.ERROR', message]);
  });
});
