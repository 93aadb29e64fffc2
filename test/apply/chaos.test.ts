// @module-tag slow: a 120 s run of random faults
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { chaos } from '../../bench/chaos.js';

it(
  'chaos at small size: killed at a random moment and run again; ' +
    'every biller converted or original, journal and store agree',
  async () => {
    const r = await chaos(join(tmpdir(), `sc-chaos-test-${process.pid}`), 1, 24, 3);
    expect(r.violations).toEqual([]);
    expect(r.converted + r.original).toBe(24);
  },
  120_000,
);
