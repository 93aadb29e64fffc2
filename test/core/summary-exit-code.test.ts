/** The exit-code rule of run, plan, convert and rollback: which fact wins when several hold. */
import { describe, expect, it } from 'vitest';
import type { FileReport } from '../../src/core/file-report.js';
import type { BillerStatus } from '../../src/core/status.js';
import { EXIT_CODES, exitCode, exitCodeOf, type BillerResult, type ExitFacts } from '../../src/core/summary.js';

const { ok, someFailed, usage, rollbackFailed, unavailable, interrupted } = EXIT_CODES;

const cases: Array<{ name: string; statuses: BillerStatus[]; facts?: ExitFacts; code: number }> = [
  { name: 'nothing to do', statuses: [], code: ok },
  { name: 'all converted or settled', statuses: ['converted', 'already-converted', 'scheduled', 'planned'], code: ok },
  { name: 'rolled back', statuses: ['rolled-back'], code: ok },
  { name: 'interrupted billers alone are not errors', statuses: ['interrupted'], code: ok },
  { name: 'a failed biller', statuses: ['converted', 'failed'], code: someFailed },
  { name: 'a blocked biller', statuses: ['blocked'], code: someFailed },
  { name: 'an invalid biller', statuses: ['invalid'], code: someFailed },
  { name: 'a bad file, no biller', statuses: [], facts: { badFile: true }, code: someFailed },
  { name: 'an id that matched nothing', statuses: ['converted'], facts: { unmatched: 1 }, code: someFailed },
  { name: 'no id unmatched', statuses: ['converted'], facts: { unmatched: 0 }, code: ok },
  { name: 'Ctrl-C beats errors', statuses: ['failed'], facts: { interrupted: true, unmatched: 2 }, code: interrupted },
  { name: 'Ctrl-C with all converted', statuses: ['converted'], facts: { interrupted: true }, code: interrupted },
  {
    name: 'rollback-failed beats Ctrl-C and errors',
    statuses: ['failed', 'rollback-failed'],
    facts: { interrupted: true, badFile: true },
    code: rollbackFailed,
  },
  {
    name: 'the breaker beats Ctrl-C',
    statuses: ['interrupted'],
    facts: { stopped: unavailable, interrupted: true },
    code: unavailable,
  },
  { name: 'the breaker on a bad URL path: 2', statuses: ['failed'], facts: { stopped: usage }, code: usage },
  {
    name: 'rollback-failed beats the breaker',
    statuses: ['rollback-failed'],
    facts: { stopped: unavailable },
    code: rollbackFailed,
  },
];

describe('exitCodeOf', () => {
  it.each(cases)('$name → $code', ({ statuses, facts, code }) => {
    expect(exitCodeOf(statuses, facts)).toBe(code);
  });
});

const result = (status: BillerStatus): BillerResult => ({
  billerId: 'B',
  billerName: 'b',
  status,
  file: 'f.xlsx',
  sheet: 'S',
  changes: [],
  followUps: [],
});
const file = (f: Partial<FileReport>): FileReport => ({
  file: 'f.xlsx',
  status: 'read',
  billers: [],
  issues: [],
  ...f,
});

describe('exitCode of results and files', () => {
  it.each([
    { name: 'a rejected file', files: [file({ status: 'rejected' })], code: someFailed },
    {
      name: 'an error issue in a file read',
      files: [file({ issues: [{ code: 'WORKSHEET.NO_BILLER', severity: 'error', file: 'f.xlsx', message: 'm' }] })],
      code: someFailed,
    },
    {
      name: 'a warning only',
      files: [
        file({ issues: [{ code: 'WORKSHEET.FORMULA_RESULT', severity: 'warning', file: 'f.xlsx', message: 'm' }] }),
      ],
      code: ok,
    },
    { name: 'an ignored file', files: [file({ status: 'ignored' })], code: ok },
  ])('$name → $code', ({ files, code }) => {
    expect(exitCode([result('converted')], files, false)).toBe(code);
  });

  it('interrupted and rollback-failed through the results', () => {
    expect(exitCode([result('converted')], [], true)).toBe(interrupted);
    expect(exitCode([result('rollback-failed')], [file({ status: 'rejected' })], true)).toBe(rollbackFailed);
  });
});
