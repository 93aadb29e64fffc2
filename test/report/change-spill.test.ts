// @module-tag slow: 12,000 change rows written aside and read back
import {
  chmodSync,
  existsSync,
  linkSync,
  lstatSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeSpill, keepSpill } from '../../src/report/change-spill.js';
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

describe('the spill is a file of our own', () => {
  it('is created owner-only (0600)', () => {
    const spill = ChangeSpill.inDir(dir, 'MODE');
    expect(statSync(spill.path).mode & 0o777).toBe(0o600);
    spill.remove();
  });

  it('removing it twice is once (the run removes it before it ends, and again on any way out)', () => {
    const spill = ChangeSpill.inDir(dir, 'TWICE');
    spill.remove();
    expect(() => spill.remove()).not.toThrow();
    expect(existsSync(spill.path)).toBe(false);
  });

  it('refuses, naming it, a file already there (a looser mode kept, rows written into it): left as it was', () => {
    const path = join(dir, '.changes-PLANTED.jsonl');
    writeFileSync(path, 'theirs\n', { mode: 0o644 });
    expect(() => ChangeSpill.inDir(dir, 'PLANTED')).toThrow(`the change spill ${path} already exists`);
    expect(readFileSync(path, 'utf8')).toBe('theirs\n');
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it('never follows a symlink there (to a file, or to none yet)', () => {
    const target = join(dir, 'elsewhere.txt');
    symlinkSync(target, join(dir, '.changes-DANGLING.jsonl'));
    expect(() => ChangeSpill.inDir(dir, 'DANGLING')).toThrow('already exists');
    expect(existsSync(target)).toBe(false);
    writeFileSync(target, 'precious\n');
    symlinkSync(target, join(dir, '.changes-LINKED.jsonl'));
    expect(() => ChangeSpill.inDir(dir, 'LINKED')).toThrow('already exists');
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
  });
});

describe('keepSpill keeps only a spill our run made', () => {
  const row = `${JSON.stringify({ billerId: 'B1', kind: 'advanced.set' })}\n`;
  const spillOf = (runId: string, mode = 0o600) => {
    const path = join(dir, `.changes-${runId}.jsonl`);
    writeFileSync(path, row, { mode });
    chmodSync(path, mode);
    return path;
  };

  it('keeps a private, single-linked spill under its visible name', () => {
    const path = spillOf('GOOD');
    expect(keepSpill(path, 'GOOD')).toEqual({
      kept: join(dir, 'changes-of-run-GOOD.jsonl'),
      rows: 1,
      billers: ['B1'],
      unreadable: 0,
    });
    expect(existsSync(path)).toBe(false);
  });

  it.each([
    [
      'a symbolic link',
      (runId: string) => {
        const target = spillOf(`${runId}-target`);
        const path = join(dir, `.changes-${runId}.jsonl`);
        symlinkSync(target, path);
        return path;
      },
      'is not a regular file (a symbolic link)',
    ],
    ['open to group or others', (runId: string) => spillOf(runId, 0o644), 'is open to group or others (mode 0644)'],
    [
      'with a second link',
      (runId: string) => {
        const path = spillOf(runId);
        linkSync(path, join(dir, `other-name-${runId}`));
        return path;
      },
      'has 2 links',
    ],
  ])('refuses a spill %s, saying why, and leaves it', (name, make, says) => {
    const runId = `BAD-${name.replaceAll(' ', '-')}`;
    const path = make(runId);
    expect(() => keepSpill(path, runId)).toThrow(`${path} ${says}`);
    expect(lstatSync(path)).toBeTruthy();
    expect(existsSync(join(dir, `changes-of-run-${runId}.jsonl`))).toBe(false);
  });
});
