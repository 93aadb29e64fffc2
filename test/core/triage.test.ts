import { describe, expect, it } from 'vitest';
import type { BillerFound, FileReport } from '../../src/core/file-report.js';
import { triage } from '../../src/core/triage.js';
import { biller } from '../support/snapshots.js';

const ID = ['6F9619FF-8B86-D011-B42D-00C04FC964F1', '6F9619FF-8B86-D011-B42D-00C04FC964F2'] as const;
const NOW = '2026-11-26';

/** A valid biller found in a worksheet; `date` is its conversion date (empty: due now). */
function valid(billerId: string, date = '2026-11-01'): BillerFound {
  const record = biller({ billerId, conversionDate: date });
  return { billerId, billerName: record.billerName, sheet: 'Biller', valid: true, record };
}
function invalid(billerId: string | null): BillerFound {
  return { billerId, billerName: null, sheet: 'Biller', valid: false };
}
function file(name: string, ...billers: BillerFound[]): FileReport {
  const issues = billers.some((b) => !b.valid)
    ? [
        {
          code: 'WORKSHEET.REQUIRED_MISSING' as const,
          severity: 'error' as const,
          file: name,
          sheet: 'Biller',
          message: 'x',
        },
      ]
    : [];
  return { file: name, status: 'read', sha256: 'f'.repeat(64), billers, issues };
}

type Verdict = [string | null, string, string?];
const cases: Array<{
  name: string;
  files: FileReport[];
  only?: string[];
  settled: Verdict[];
  due: Array<[string, string]>;
  unmatched?: string[];
}> = [
  { name: 'nothing found', files: [], settled: [], due: [] },
  {
    name: 'a valid biller dated today or earlier is due',
    files: [file('a.xlsx', valid(ID[0], NOW), valid(ID[1], '2026-01-01'))],
    settled: [],
    due: [
      [ID[0], 'a.xlsx'],
      [ID[1], 'a.xlsx'],
    ],
  },
  {
    name: 'a conversion date after now is scheduled',
    files: [file('a.xlsx', valid(ID[0], '2026-11-27'))],
    settled: [[ID[0], 'scheduled', 'SCHEDULED']],
    due: [],
  },
  {
    name: 'an invalid biller is invalid, with the first error code',
    files: [file('a.xlsx', invalid(ID[0]))],
    settled: [[ID[0], 'invalid', 'WORKSHEET.REQUIRED_MISSING']],
    due: [],
  },
  {
    name: 'a biller in two worksheets is blocked in both, even when one copy is invalid or scheduled',
    files: [file('a.xlsx', valid(ID[0])), file('b.xlsx', invalid(ID[0])), file('c.xlsx', valid(ID[0], '2030-01-01'))],
    settled: [
      [ID[0], 'blocked', 'BLOCKED.DUPLICATE'],
      [ID[0], 'blocked', 'BLOCKED.DUPLICATE'],
      [ID[0], 'blocked', 'BLOCKED.DUPLICATE'],
    ],
    due: [],
  },
  {
    name: 'duplicates are found whatever the case of the id',
    files: [file('a.xlsx', valid(ID[0])), file('b.xlsx', valid(ID[0].toLowerCase()))],
    settled: [
      [ID[0], 'blocked', 'BLOCKED.DUPLICATE'],
      [ID[0].toLowerCase(), 'blocked', 'BLOCKED.DUPLICATE'],
    ],
    due: [],
  },
  {
    name: 'two billers without an id are not duplicates of each other',
    files: [file('a.xlsx', invalid(null)), file('b.xlsx', invalid(null))],
    settled: [
      [null, 'invalid', 'WORKSHEET.REQUIRED_MISSING'],
      [null, 'invalid', 'WORKSHEET.REQUIRED_MISSING'],
    ],
    due: [],
  },
  {
    name: '--only keeps the chosen billers and names the ids that matched nothing',
    files: [file('a.xlsx', valid(ID[0]), valid(ID[1]))],
    only: [ID[1], 'NOPE'],
    settled: [],
    due: [[ID[1], 'a.xlsx']],
    unmatched: ['NOPE'],
  },
  {
    name: '--only compares upper-cased ids, and a biller left out is no duplicate',
    files: [file('a.xlsx', valid(ID[0].toLowerCase())), file('b.xlsx', valid(ID[1]), valid(ID[0]))],
    only: [ID[1]],
    settled: [],
    due: [[ID[1], 'b.xlsx']],
  },
];

describe('triage', () => {
  it.each(cases)('$name', ({ files, only, settled, due, unmatched }) => {
    const t = triage(files, NOW, only ? new Set(only) : undefined);
    expect(t.settled.map((r) => [r.billerId, r.status, r.error?.code].filter((v) => v !== undefined))).toEqual(
      settled.map((v) => v.filter((x) => x !== undefined)),
    );
    expect(t.due.map((d) => [d.record.billerId, d.report.file])).toEqual(due);
    expect(t.unmatched).toEqual(unmatched ?? []);
  });

  it('says which worksheets hold a duplicate, and when a scheduled biller is due', () => {
    const dup = triage([file('a.xlsx', valid(ID[0])), file('b.xlsx', valid(ID[0]))], NOW).settled[0];
    expect(dup?.error?.message).toBe(`biller ${ID[0]} appears in 2 worksheets (a.xlsx, b.xlsx); keep it in one`);
    const later = triage([file('a.xlsx', valid(ID[0], '2026-12-01'))], NOW).settled[0];
    expect(later?.error?.message).toBe('conversion date 2026-12-01 is after 2026-11-26');
  });
});
