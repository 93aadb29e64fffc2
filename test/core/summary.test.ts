import { describe, expect, it } from 'vitest';
import type { FileReport } from '../../src/core/file-report.js';
import type { Issue } from '../../src/core/issues.js';
import { STATUSES, type BillerStatus } from '../../src/core/status.js';
import {
  countByStatus,
  EXIT_CODES,
  exitCode,
  sortResults,
  summaryLine,
  type BillerResult,
} from '../../src/core/summary.js';

const result = (status: BillerStatus, over: Partial<BillerResult> = {}): BillerResult => ({
  billerId: `id-${status}`,
  billerName: `name-${status}`,
  status,
  file: 'a.xlsx',
  sheet: 'Worksheet',
  changes: [],
  followUps: [],
  ...over,
});
const billers = (...statuses: BillerStatus[]) => statuses.map((s) => result(s));
const issue = (severity: Issue['severity']): Issue => ({
  code: 'WORKSHEET.UNKNOWN_LABEL',
  severity,
  file: 'f.xlsx',
  message: 'm',
});
const file = (status: FileReport['status'], ...issues: Issue[]): FileReport => ({
  file: 'f.xlsx',
  status,
  billers: [],
  issues,
});

describe('exitCode: rollback-failed (3) beats interrupted (130) beats errors (1) beats ok (0)', () => {
  const cases: Array<{
    name: string;
    billers: BillerResult[];
    files?: FileReport[];
    interrupted?: boolean;
    want: number;
  }> = [
    { name: 'nothing at all', billers: [], want: EXIT_CODES.ok },
    { name: 'all converted', billers: billers('converted', 'already-converted'), want: 0 },
    {
      name: 'statuses that need no person',
      billers: billers('scheduled', 'planned', 'rolled-back', 'converted', 'already-converted'),
      want: 0,
    },
    { name: 'a biller not started, without the stop flag', billers: billers('interrupted'), want: 0 },
    { name: 'one failed', billers: billers('converted', 'failed'), want: EXIT_CODES.someFailed },
    { name: 'one blocked', billers: billers('blocked'), want: 1 },
    { name: 'one invalid', billers: billers('invalid'), want: 1 },
    { name: 'a rejected file', billers: billers('converted'), files: [file('rejected')], want: 1 },
    { name: 'an error in a read file', billers: [], files: [file('read', issue('error'))], want: 1 },
    {
      name: 'warnings and infos only',
      billers: billers('converted'),
      files: [file('read', issue('warning'), issue('info')), file('ignored'), file('skipped')],
      want: 0,
    },
    { name: 'interrupted, nothing failed', billers: billers('converted'), interrupted: true, want: 130 },
    { name: 'interrupted beats failed', billers: billers('failed', 'invalid'), interrupted: true, want: 130 },
    {
      name: 'interrupted beats a bad file',
      billers: [],
      files: [file('rejected')],
      interrupted: true,
      want: EXIT_CODES.interrupted,
    },
    { name: 'rollback-failed alone', billers: billers('rollback-failed'), want: EXIT_CODES.rollbackFailed },
    { name: 'rollback-failed beats failed', billers: billers('failed', 'rollback-failed', 'blocked'), want: 3 },
    { name: 'rollback-failed beats interrupted', billers: billers('rollback-failed'), interrupted: true, want: 3 },
    {
      name: 'rollback-failed beats a bad file',
      billers: billers('rollback-failed'),
      files: [file('rejected', issue('error'))],
      want: 3,
    },
  ];
  it.each(cases)('$name → $want', ({ billers: b, files = [], interrupted = false, want }) => {
    expect(exitCode(b, files, interrupted)).toBe(want);
  });
});

describe('countByStatus', () => {
  it.each([
    { name: 'empty: every status, at 0', given: [] as BillerStatus[], want: {} },
    {
      name: 'each status counted',
      given: ['failed', 'converted', 'converted', 'rollback-failed'] as BillerStatus[],
      want: { failed: 1, converted: 2, 'rollback-failed': 1 },
    },
  ])('$name', ({ given, want }) => {
    const zero = Object.fromEntries(STATUSES.map((s) => [s, 0]));
    const c = countByStatus(billers(...given));
    expect(Object.keys(c)).toEqual([...STATUSES]);
    expect(c).toEqual({ ...zero, ...want });
  });
});

describe('sortResults: what needs a person first, then file, sheet and row', () => {
  const cases: Array<{ name: string; given: BillerResult[]; want: string[] }> = [
    {
      name: 'by status rank',
      given: billers('converted', 'already-converted', 'failed', 'rollback-failed', 'blocked'),
      want: ['id-rollback-failed', 'id-failed', 'id-blocked', 'id-converted', 'id-already-converted'],
    },
    {
      name: 'same status: by file',
      given: [result('failed', { billerId: 'b', file: 'b.xlsx' }), result('failed', { billerId: 'a', file: 'a.xlsx' })],
      want: ['a', 'b'],
    },
    {
      name: 'same file: by sheet',
      given: [result('failed', { billerId: 'z', sheet: 'Z' }), result('failed', { billerId: 'y', sheet: 'A' })],
      want: ['y', 'z'],
    },
    {
      name: 'same sheet: by row, a missing row first',
      given: [
        result('failed', { billerId: 'r10', row: 10 }),
        result('failed', { billerId: 'r2', row: 2 }),
        result('failed', { billerId: 'none' }),
      ],
      want: ['none', 'r2', 'r10'],
    },
    {
      name: 'status beats file',
      given: [result('converted', { billerId: 'c', file: 'a.xlsx' }), result('invalid', { billerId: 'i', file: 'z' })],
      want: ['i', 'c'],
    },
  ];
  it.each(cases)('$name', ({ given, want }) => {
    const copy = [...given];
    expect(sortResults(given).map((b) => b.billerId)).toEqual(want);
    expect(given).toEqual(copy); // the input is left as it was
  });
});

describe('summaryLine', () => {
  it.each([
    { name: 'none', given: [] as BillerStatus[], want: '0 billers' },
    { name: 'one', given: ['converted'] as BillerStatus[], want: '1 biller: 1 converted' },
    {
      name: 'in results order, zero counts left out',
      given: ['converted', 'blocked', 'converted', 'rollback-failed'] as BillerStatus[],
      want: '4 billers: 1 rollback-failed, 1 blocked, 2 converted',
    },
  ])('$name', ({ given, want }) => {
    expect(summaryLine(billers(...given))).toBe(want);
  });
});
