import { describe, expect, it } from 'vitest';
import { redactedOptions } from '../../src/config/redact.js';

describe('redactedOptions: the configuration as the journal records it', () => {
  it.each([
    [
      'a webhook URL is a secret',
      { notify: { webhook: { url: 'https://hooks.example.com/services/T0/B1/LEAK', caFile: 'ca.pem' } }, output: 'o' },
      { notify: { webhook: { url: '[REDACTED]', caFile: 'ca.pem' } }, output: 'o' },
    ],
    ['no webhook: nothing to hide', { notify: { attempts: 3 }, output: 'o' }, { notify: { attempts: 3 }, output: 'o' }],
    ['no notify at all', { output: 'o' }, { output: 'o' }],
    [
      'a webhook without a URL',
      { notify: { webhook: { caFile: 'ca.pem' } } },
      { notify: { webhook: { caFile: 'ca.pem' } } },
    ],
  ])('%s', (_name, options, expected) => {
    const before = JSON.stringify(options);
    expect(redactedOptions(options)).toEqual(expected);
    expect(JSON.stringify(options)).toBe(before); // the run's own configuration is left as it is
  });
});
