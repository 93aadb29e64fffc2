import { describe, expect, it } from 'vitest';
import { encodedForms, REDACTED, SecretScrubber } from '../../src/core/scrub.js';
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

describe("SecretScrubber knows other languages' escapes of a secret (a Java, .NET, PHP or Go CRM echoes it)", () => {
  const secret = 'pá/ss<w>rd"Ké1';
  const s = new SecretScrubber();
  s.add(secret);
  // Written out by hand, as each library writes it: not computed by the code under test.
  it.each([
    ['JSON, upper-case \\u (Java, .NET)', 'p\\u00E1/ss<w>rd\\"K\\u00E91'],
    ['JSON, lower-case \\u', 'p\\u00e1/ss<w>rd\\"K\\u00e91'],
    ['JSON with \\/ (PHP json_encode)', 'p\\u00e1\\/ss<w>rd\\"K\\u00e91'],
    ['JSON, .NET default (System.Text.Json)', 'p\\u00E1/ss\\u003Cw\\u003Erd\\u0022K\\u00E91'],
    ['JSON, Go (encoding/json)', 'pá/ss\\u003cw\\u003erd\\"Ké1'],
    ['URL-encoded, lower-case hex', 'p%c3%a1%2fss%3cw%3erd%22K%c3%a91'],
    ['XML, Go (&#34;)', 'pá/ss&lt;w&gt;rd&#34;Ké1'],
    ['XML, decimal references', 'p&#225;/ss&#60;w&#62;rd&#34;K&#233;1'],
    ['XML, hex references', 'p&#xE1;/ss&#x3C;w&#x3E;rd&#x22;K&#xE9;1'],
    ['.NET JSON inside JSON', 'p\\\\u00E1/ss\\\\u003Cw\\\\u003Erd\\\\u0022K\\\\u00E91'],
  ])('%s', (_name, form) => {
    expect(s.scrub(`before ${form} after`)).toBe(`before ${REDACTED} after`);
  });
  it(".NET's default also escapes ' & + and a backtick", () => {
    const t = new SecretScrubber();
    t.add("a'b&c+d`e");
    expect(t.scrub('x a\\u0027b\\u0026c\\u002Bd\\u0060e y')).toBe(`x ${REDACTED} y`);
  });
  it('a character outside the BMP: a surrogate pair in JSON, one code point in XML', () => {
    const t = new SecretScrubber();
    t.add('key\u{1F600}"long');
    expect(t.scrub('[key\\uD83D\\uDE00\\"long]')).toBe(`[${REDACTED}]`);
    expect(t.scrub('[key&#x1F600;&#x22;long]')).toBe(`[${REDACTED}]`);
    expect(t.scrub('[key&#128512;&#34;long]')).toBe(`[${REDACTED}]`);
  });
  // The cost of scrubbing grows with the forms a secret has: a secret of letters and digits (most
  // of a night's) has one, and a secret with every special character stays at a handful of lengths.
  it.each([
    ['letters and digits', 'Abc123xyz890', 1, 1],
    ['the example', secret, 19, 12],
  ])('%s: %i forms, %i distinct lengths', (_name, value, forms, lengths) => {
    const all = encodedForms(value);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeLessThanOrEqual(forms);
    expect(new Set(all.map((f) => f.length)).size).toBeLessThanOrEqual(lengths);
  });
});
