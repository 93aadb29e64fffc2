import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
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
