import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/core/change.js';
import { SECTION } from '../../../src/core/checklist.js';
import { Secret } from '../../../src/core/secret.js';
import { packageRoot } from '../../../src/paths.js';
import { changeFor, requestFor } from '../../../src/targets/http/routes.js';
import { mipsSnapshot } from '../../support/snapshots.js';
import { plan } from '../../../src/core/plan.js';
import { biller } from '../../support/snapshots.js';
import { inverse } from '../../../src/core/change.js';

const doc = JSON.parse(readFileSync(join(packageRoot, 'docs', 'crm-api.openapi.json'), 'utf8')) as {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
};

function documented(method: string, path: string): boolean {
  return Object.entries(doc.paths).some(([template, ops]) => {
    const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return re.test(path) && method.toLowerCase() in ops;
  });
}

it('every request the client makes is in the OpenAPI document, and the server reads it back as the same change', () => {
  expect(doc.openapi).toBe('3.1.0');
  const changes = plan(biller(), mipsSnapshot()).changes;
  for (const c of [...changes, ...changes.map(inverse)]) {
    const req = requestFor(c);
    expect(documented(req.method, req.path), `${req.method} ${req.path}`).toBe(true);
    const back = changeFor(req.method, req.path, req.body as Record<string, unknown> | undefined);
    expect(back?.change?.entity).toBe(c.entity);
    expect(String(back?.change?.key)).toBe(String(c.key));
  }
  expect(documented('GET', `/v1/billers/${mipsSnapshot().billerId}`)).toBe(true);
});

describe('requestFor', () => {
  const base = { billerId: 'B/1 ü', section: SECTION.webServices };
  it.each([
    {
      name: 'maintenance begin',
      change: { ...base, kind: 'maintenance.begin', entity: 'maintenance', key: 'active', before: false, after: true },
      want: { method: 'PUT', path: '/v1/billers/B%2F1%20%C3%BC/maintenance', body: { active: true }, ftp: false },
    },
    {
      name: 'a bif removed',
      change: { ...base, kind: 'bif.set', entity: 'bif', key: 'a/b', before: 'x', after: null },
      want: { method: 'DELETE', path: '/v1/billers/B%2F1%20%C3%BC/bif/a%2Fb', ftp: false },
    },
    {
      name: 'a zip setting (an FTP request)',
      change: {
        ...base,
        kind: 'ftp.zip.set',
        entity: 'ftp_zip',
        key: 'u1',
        before: null,
        after: { path: '/z', backup: true, deleteZipFiles: false, active: true },
      },
      want: {
        method: 'PUT',
        path: '/v1/billers/B%2F1%20%C3%BC/ftp-users/u1/zip-setting',
        body: { path: '/z', backup: true, deleteZipFiles: false, active: true },
        ftp: true,
      },
    },
    {
      name: 'a non-payment data pump selection',
      change: {
        ...base,
        kind: 'datapump.select',
        entity: 'datapump_nonpayment',
        key: 'P Q',
        before: false,
        after: true,
      },
      want: {
        method: 'PUT',
        path: '/v1/billers/B%2F1%20%C3%BC/datapump/non-payment/P%20Q',
        body: { selected: true },
        ftp: false,
      },
    },
    {
      name: 'a secret advanced setting, revealed for the CRM',
      change: {
        ...base,
        kind: 'advanced.set',
        entity: 'advanced_setting',
        key: 13,
        name: '',
        before: null,
        after: new Secret('k|p'),
      },
      want: {
        method: 'PUT',
        path: '/v1/billers/B%2F1%20%C3%BC/advanced-settings/13',
        body: { value: 'k|p' },
        ftp: false,
      },
    },
  ] as Array<{ name: string; change: Change; want: unknown }>)('$name', ({ change, want }) => {
    expect(requestFor(change)).toEqual(want);
    const req = requestFor(change);
    expect(changeFor(req.method, req.path, req.body as Record<string, unknown> | undefined)?.billerId).toBe('B/1 ü');
  });
});

describe('changeFor refuses what is not in the contract', () => {
  const b = '/v1/billers/B1';
  it.each([
    { name: 'another API version', method: 'GET', path: '/v2/billers/B1', body: undefined },
    { name: 'no biller id', method: 'GET', path: '/v1/billers/', body: undefined },
    { name: 'maintenance as text', method: 'PUT', path: `${b}/maintenance`, body: { active: 'true' } },
    { name: 'maintenance deleted', method: 'DELETE', path: `${b}/maintenance`, body: { active: true } },
    { name: 'an empty partner', method: 'PUT', path: `${b}/profile/integration-partner`, body: { value: '' } },
    { name: 'a bif without a value', method: 'PUT', path: `${b}/bif/k`, body: {} },
    {
      name: 'a pdf setting missing a field',
      method: 'PUT',
      path: `${b}/ftp-users/u/pdf-setting`,
      body: { path: '/p' },
    },
    {
      name: 'a pdf setting without its move action',
      method: 'PUT',
      path: `${b}/ftp-users/u/pdf-setting`,
      body: { path: '/p', backup: true, active: true },
    },
    {
      name: 'a zip setting with a text flag',
      method: 'PUT',
      path: `${b}/ftp-users/u/zip-setting`,
      body: { path: '/z', backup: 'yes', deleteZipFiles: false, active: true },
    },
    { name: 'a selection as a number', method: 'PUT', path: `${b}/datapump/payment/P`, body: { selected: 1 } },
    { name: 'another data pump group', method: 'PUT', path: `${b}/datapump/other/P`, body: { selected: true } },
    {
      name: 'a setting number of 7 digits',
      method: 'PUT',
      path: `${b}/advanced-settings/1234567`,
      body: { value: 'v' },
    },
    { name: 'an unknown resource', method: 'PUT', path: `${b}/elsewhere`, body: { value: 'v' } },
  ])('$name', ({ method, path, body }) => {
    expect(changeFor(method, path, body as Record<string, unknown> | undefined)?.change).toBeUndefined();
  });

  it.each([
    { name: 'the biller', path: b },
    { name: 'its advanced settings', path: `${b}/advanced-settings` },
  ])('a read of $name is a route with no change', ({ path }) => {
    expect(changeFor('GET', path, undefined)).toEqual({ billerId: 'B1', ftp: false });
  });

  it('a DELETE of a setting is its removal', () => {
    expect(changeFor('DELETE', `${b}/advanced-settings/42`, undefined)?.change).toMatchObject({
      kind: 'advanced.remove',
      key: 42,
      after: null,
    });
  });
});
