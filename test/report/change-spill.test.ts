// @module-tag slow: 12,000 change rows written aside and read back
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ChangeSpill } from '../../src/report/change-spill.js';
import type { Change } from '../../src/core/change.js';
import { SECTION } from '../../src/core/checklist.js';
import { Secret } from '../../src/core/secret.js';
import type { BillerResult } from '../../src/core/summary.js';
import { tempDir } from '../support/intake.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('sc-spill-'));
});
afterAll(async () => {
  await cleanup();
});

function result(i: number): BillerResult {
  const billerId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const changes: Change[] = [
    {
      billerId,
      section: SECTION.maintenance,
      kind: 'maintenance.begin',
      entity: 'maintenance',
      key: 'active',
      before: false,
      after: true,
    },
    {
      billerId,
      section: SECTION.webServices,
      kind: 'advanced.set',
      entity: 'advanced_setting',
      key: 13,
      name: 'x',
      before: new Secret(`old-${i}`),
      after: new Secret(`new-${i}|pw`),
    },
    {
      billerId,
      section: SECTION.bif,
      kind: 'bif.set',
      entity: 'bif',
      key: 'IMT Spectrum/InvoiceFormatGUID',
      before: null,
      after: `Ville de Québec ☕ ${i} ${'é'.repeat(40)}`,
    },
  ];
  return {
    billerId,
    billerName: `Québec ☕ ${i}`,
    status: 'planned',
    file: 'f.xlsx',
    sheet: 'S',
    changes,
    followUps: [],
  };
}

it(
  'writes change rows aside (masked), reads them back whole across chunk and multi-byte boundaries, ' +
    'as often as asked',
  () => {
    const spill = ChangeSpill.inDir(dir, 'R1');
    const mask = (s: string) => `MASK(${s.length})`;
    const n = 12_000; // about 3 MB: several 1 MB chunks
    for (let i = 0; i < n; i++) {
      const taken = spill.take(result(i), mask);
      expect(taken.changes).toEqual([]);
      expect(taken.changeCount).toBe(2);
    }
    expect(spill.count).toBe(3 * n);
    for (let pass = 0; pass < 2; pass++) {
      let k = 0;
      for (const row of spill) {
        const i = Math.floor(k / 3);
        if (k % 3 === 2) expect(row.after).toBe(`Ville de Québec ☕ ${i} ${'é'.repeat(40)}`);
        if (k % 3 === 1)
          expect([row.before, row.after]).toEqual([`MASK(${`old-${i}`.length})`, `MASK(${`new-${i}|pw`.length})`]);
        k++;
      }
      expect(k).toBe(3 * n);
    }
    spill.remove();
    expect(existsSync(spill.path)).toBe(false);
  },
);
