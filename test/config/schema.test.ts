import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseConfig } from '../../src/config/schema.js';

const fromFile = () => 'config file c.json';

function refusal(merged: Record<string, unknown>, sourceOf: (key: string) => string = fromFile): Error {
  try {
    parseConfig(merged, sourceOf);
  } catch (e) {
    return e as Error;
  }
  throw new Error('parseConfig accepted it');
}

describe('parseConfig', () => {
  it('fills every default when nothing is given', () => {
    const c = parseConfig({}, fromFile);
    expect(c).toMatchObject({
      input: 'input',
      output: 'output',
      concurrency: 4,
      target: 'sqlite',
      timeZone: 'UTC',
      settleSeconds: 30,
      archive: true,
      readWorkers: 2,
      logLevel: 'info',
      http: { timeoutMs: 5000, retries: 4, retryBudgetMs: 30_000, backoffMs: 100, allowInsecure: false },
      serve: { host: '127.0.0.1', port: 8080, faults: {} },
      notify: { attempts: 3, backoffMs: 2000, timeoutMs: 15_000 },
    });
    expect(c.crmUrl).toBeUndefined();
    expect(c.lockDir).toBeUndefined();
  });

  it.each<{ name: string; merged: Record<string, unknown>; want: RegExp }>([
    {
      name: 'a number out of range',
      merged: { concurrency: 0 },
      want: /^ {2}concurrency: .* \(from config file c\.json\)$/m,
    },
    { name: 'a value of the wrong type', merged: { archive: 'yes' }, want: /^ {2}archive: /m },
    { name: 'a word not in the list', merged: { target: 'ftp' }, want: /^ {2}target: /m },
    {
      name: 'an unknown time zone',
      merged: { timeZone: 'Mars/Olympus' },
      want: /timeZone: not a known IANA time zone/,
    },
    { name: 'a nested key, by its path', merged: { http: { retries: 11 } }, want: /^ {2}http\.retries: /m },
    { name: 'an unknown top-level key', merged: { concurency: 4 }, want: /^ {2}\(top level\) concurency: /m },
    {
      name: 'an unknown nested key, by its path',
      merged: { limits: { maxRow: 1 } },
      want: /^ {2}limits limits\.maxRow: /m,
    },
    {
      name: 'TLS key without its certificate',
      merged: { serve: { tlsKeyFile: 'k.pem' } },
      want: /serve: serve\.tlsKeyFile and serve\.tlsCertFile go together/,
    },
    { name: 'a crmUrl that is not http(s)', merged: { crmUrl: 'ftp://crm.example.com' }, want: /^ {2}crmUrl: /m },
  ])('refuses $name, naming the key and its source', ({ merged, want }) => {
    const e = refusal(merged);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(/^configuration is not valid:\n/);
    expect(e.message).toMatch(want);
  });

  it('lists every issue, each with the source of its own top-level key', () => {
    const sourceOf = (key: string) => (key === 'concurrency' ? 'a flag' : `somewhere for ${key}`);
    const e = refusal({ concurrency: 0, http: { retries: -1 } }, sourceOf);
    expect(e.message.split('\n')).toEqual([
      'configuration is not valid:',
      expect.stringMatching(/^ {2}concurrency: .*\(from a flag\)$/),
      expect.stringMatching(/^ {2}http\.retries: .*\(from somewhere for http\)$/),
    ]);
  });

  it('asks for a source only when refusing', () => {
    const asked: string[] = [];
    parseConfig({ concurrency: 8 }, (key) => {
      asked.push(key);
      return key;
    });
    expect(asked).toEqual([]);
  });
});
