import { describe, expect, it } from 'vitest';
import { crmUrlProblem, isLoopback } from '../../../src/targets/http/crm-url.js';

describe('isLoopback', () => {
  it.each([
    { name: 'localhost in capitals', host: 'LOCALHOST', want: true },
    { name: 'a .localhost name', host: 'crm.localhost', want: true },
    { name: 'a name that only ends in localhost', host: 'notlocalhost', want: false },
    { name: 'the end of 127/8', host: '127.255.255.254', want: true },
    { name: 'IPv4-mapped loopback, dotted', host: '[::ffff:127.0.0.1]', want: true },
    { name: 'IPv4-mapped loopback, as WHATWG writes it', host: '[::ffff:7f00:1]', want: true },
    { name: 'IPv6 loopback written out', host: '0:0:0:0:0:0:0:1', want: true },
    { name: 'a name starting with 127.', host: '127.example.com', want: false },
    { name: 'another IPv6', host: '[::2]', want: false },
  ])('$name', ({ host, want }) => {
    expect(isLoopback(host)).toBe(want);
  });
});

describe('crmUrlProblem', () => {
  it.each([
    { name: 'not a URL', url: 'crm.example.com', insecure: false, says: /^is not a URL$/ },
    { name: 'another scheme', url: 'ftp://crm.example.com', insecure: true, says: /^must be https:\/\/ \(got ftp:\)$/ },
    { name: 'a password only', url: 'https://:pw@crm.example.com', insecure: false, says: /user name or password/ },
    { name: 'a query', url: 'https://crm.example.com/api?k=v', insecure: true, says: /must not hold a query/ },
    { name: 'http to the mapped loopback', url: 'http://[::ffff:127.0.0.1]:8080', insecure: false, says: undefined },
    { name: 'http to a .localhost name', url: 'http://crm.localhost:8080', insecure: false, says: undefined },
    { name: 'https with a path', url: 'https://gw.example.com/crm', insecure: false, says: undefined },
  ])('$name', ({ url, insecure, says }) => {
    const problem = crmUrlProblem(url, insecure);
    if (says) expect(problem).toMatch(says);
    else expect(problem).toBeUndefined();
  });

  it('never repeats the address, which may hold a password', () => {
    for (const url of ['https://svc:Hunter2pw@crm.example.com', 'http://svc:Hunter2pw@10.0.0.1'])
      expect(crmUrlProblem(url, false)).not.toContain('Hunter2pw');
  });
});
