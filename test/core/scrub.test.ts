import { describe, expect, it } from 'vitest';
import { REDACTED, SecretScrubber } from '../../src/core/scrub.js';
import { Secret } from '../../src/core/secret.js';
import { ENCODINGS } from '../support/canary-scan.js';

describe('SecretScrubber', () => {
  const s = new SecretScrubber();
  s.add('hunter2!', 'hunter2!extra', 'pw|key', 'abc', 'XYZW');

  it.each([
    ['no secret here', 'no secret here'],
    ['password is hunter2!', `password is ${REDACTED}`],
    ['longest first: hunter2!extra', `longest first: ${REDACTED}`],
    ['joined pw|key and XYZW.', `joined ${REDACTED} and ${REDACTED}.`],
    ['short ones are not scrubbed: abc', 'short ones are not scrubbed: abc'],
    ['hunter2!hunter2!', `${REDACTED}${REDACTED}`],
  ])('%j', (text, expected) => expect(s.scrub(text)).toBe(expected));

  it('scrubs every string of nested values, errors and cycles', () => {
    const err = new Error('failed with hunter2!');
    const value: Record<string, unknown> = { a: ['x', { deep: 'pw|key' }], err, secret: new Secret('XYZW') };
    value.self = value;
    const out = JSON.stringify(s.scrubDeep(value));
    expect(out).not.toMatch(/hunter2|pw\|key|XYZW/);
    expect(out).toContain('[Circular]');
  });

  it('finds one secret among twenty thousand', () => {
    const many = new SecretScrubber();
    for (let i = 0; i < 20_000; i++) many.add(`secret-${i}-${'x'.repeat(i % 17)}`);
    expect(many.size).toBe(20_000);
    expect(many.scrub(`a log line mentioning secret-19999-${'x'.repeat(19999 % 17)} and secret-5-`)).toBe(
      `a log line mentioning ${REDACTED} and secret-5-`,
    );
  });
});

describe('SecretScrubber knows every form a secret is written in', () => {
  const secret = 'Pa"ss <w&rd> \'ü\\ /x?';
  const s = new SecretScrubber();
  s.add(secret);
  it.each([
    ['raw', secret],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['URL-encoded', encodeURIComponent(secret)],
    ['form-encoded', encodeURIComponent(secret).replace(/%20/g, '+')],
    ['XML-escaped', secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')],
    [
      'XML-escaped with &apos;',
      secret
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;'),
    ],
  ])('%s', (_name, form) => {
    expect(s.scrub(`before ${form} after`)).toBe(`before ${REDACTED} after`);
  });
  // The canary scan's encodings (test/support/canary-scan.ts): whatever form it looks for in the
  // files a night writes, the scrubber must know, or a leak it finds is one we could have stopped.
  it.each(Object.entries(ENCODINGS))("the canary scan's %s form", (_name, encode) => {
    expect(s.scrub(`before ${encode(secret)} after`)).toBe(`before ${REDACTED} after`);
  });
  it('a JSON document quoting a JSON request that holds the secret comes out without it', () => {
    const answer = JSON.stringify({ error: JSON.stringify({ body: { value: secret } }) });
    expect(s.scrub(answer)).not.toContain('w&rd');
  });
  it('a JSON document holding the secret comes out without it', () => {
    expect(s.scrub(JSON.stringify({ body: { value: secret } }))).not.toContain('w&rd');
  });
});
