import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRM_CODES, PLAIN_CODES, ROLLBACK_CODES, RUN_CODES } from '../../src/core/codes.js';
import { ISSUE_CODES } from '../../src/core/issues.js';
import { BLOCK_CODES } from '../../src/core/plan-blocks.js';
import { STATUS_MEANING, STATUSES, type BillerStatus } from '../../src/core/status.js';
import { packageRoot } from '../../src/paths.js';

describe('the statuses of a biller in one run', () => {
  it('each is listed once, and each has its meaning (no more, no fewer)', () => {
    expect(new Set(STATUSES).size).toBe(STATUSES.length);
    expect(Object.keys(STATUS_MEANING).sort()).toEqual([...STATUSES].sort());
    for (const s of STATUSES) expect(STATUS_MEANING[s].length).toBeGreaterThan(10);
  });

  // The results list billers in this order: what needs a person first, the worst at the top.
  it('comes in the order the morning reads them: act now, then fix, then wait, then done', () => {
    const rank = (s: BillerStatus) => STATUSES.indexOf(s);
    const groups: BillerStatus[][] = [
      ['rollback-failed'],
      ['failed', 'blocked', 'invalid'],
      ['interrupted', 'scheduled', 'planned'],
      ['rolled-back', 'converted', 'already-converted'],
    ];
    for (let g = 1; g < groups.length; g++)
      for (const before of groups[g - 1] ?? [])
        for (const after of groups[g] ?? [])
          expect(rank(before), `${before} before ${after}`).toBeLessThan(rank(after));
  });

  it.each<{ status: BillerStatus; says: RegExp }>([
    { status: 'rollback-failed', says: /a person must act now/ },
    { status: 'failed', says: /restored/ },
    { status: 'blocked', says: /nothing was touched/ },
    { status: 'invalid', says: /nothing was touched/ },
    { status: 'interrupted', says: /nothing was touched/ },
    { status: 'scheduled', says: /future/ },
    { status: 'planned', says: /dry run/ },
    { status: 'rolled-back', says: /read back/ },
    { status: 'converted', says: /read back/ },
    { status: 'already-converted', says: /nothing to change/ },
  ])('$status: $says', ({ status, says }) => {
    expect(STATUS_MEANING[status]).toMatch(says);
  });
});

describe("the README's table of statuses", () => {
  const HEADER = '| status | meaning | codes |';
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8').split('\n');
  const start = readme.indexOf(HEADER);
  const end = readme.indexOf('', start);
  const rows = readme
    .slice(start + 2, end)
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| |\|$/g, '').trim()));
  const codes = [ISSUE_CODES, BLOCK_CODES, CRM_CODES, ROLLBACK_CODES, RUN_CODES, PLAIN_CODES].flatMap((r) =>
    Object.keys(r),
  );
  /** The codes a cell names: each `CODE`, and each `PREFIX.*` as every code with that prefix. */
  const named = (cell: string) =>
    [...cell.matchAll(/`([A-Z_.*]+)`/g)].flatMap(([, c = '']) =>
      c.endsWith('.*') ? codes.filter((k) => k.startsWith(c.slice(0, -1))) : [c],
    );

  it('is there once, one row of three cells per line', () => {
    expect(start).toBeGreaterThan(0);
    expect(readme.lastIndexOf(HEADER)).toBe(start);
    for (const row of rows) expect(row).toHaveLength(3);
  });

  it('lists every status once, in the order of the results, with the meaning status.ts gives it', () => {
    expect(rows.map(([status]) => status)).toEqual(STATUSES.map((s) => `\`${s}\``));
    for (const [status = '', meaning] of rows)
      expect(meaning).toBe(STATUS_MEANING[status.slice(1, -1) as BillerStatus]);
  });

  it('names only codes of the registries, and each of them under some status', () => {
    const listed = rows.flatMap(([, , cell = '']) => named(cell));
    for (const [, , cell = ''] of rows)
      for (const wildcard of cell.match(/`[A-Z_]+\.\*`/g) ?? []) expect(named(wildcard), wildcard).not.toEqual([]);
    expect(listed.filter((c) => !codes.includes(c))).toEqual([]);
    expect(codes.filter((c) => !listed.includes(c))).toEqual([]);
  });
});
