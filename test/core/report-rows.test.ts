import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { SECTION } from '../../src/core/checklist.js';
import type { FileReport } from '../../src/core/file-report.js';
import type { Issue } from '../../src/core/issues.js';
import type { FollowUp } from '../../src/core/plan.js';
import { changeRow, reportRows, type ChangeRow, type Rows, type RunInfo } from '../../src/core/report-rows.js';
import { Secret } from '../../src/core/secret.js';
import type { BillerStatus } from '../../src/core/status.js';
import type { BillerResult } from '../../src/core/summary.js';
import { STATUS_TODO } from '../../src/core/what-to-do.js';

const info: RunInfo = {
  runId: 'r1',
  mode: 'run',
  startedAt: new Date('2026-12-01T07:00:00Z'),
  endedAt: new Date('2026-12-01T07:01:00Z'),
  target: 'sqlite',
  concurrency: 4,
  now: '2026-12-01',
  commandLine: 'spectrum-convert run',
  exitCode: 1,
  interrupted: false,
};
const mask = (s: string) => `<masked ${s.length}>`;
const base = { billerId: 'B-1', section: SECTION.webServices } as const;
const setting = (key: number, after: string | Secret, before: string | null = null): Change => ({
  ...base,
  kind: 'advanced.set',
  entity: 'advanced_setting',
  key,
  name: `setting ${key}`,
  before,
  after,
  source: { file: 'a.xlsx', sheet: 'Worksheet', cell: `C${key}` },
});
const maintenance: Change = {
  ...base,
  section: SECTION.maintenance,
  kind: 'maintenance.begin',
  entity: 'maintenance',
  key: 'active',
  before: false,
  after: true,
};
const result = (status: BillerStatus, over: Partial<BillerResult> = {}): BillerResult => ({
  billerId: 'B-1',
  billerName: 'Town of One',
  status,
  file: 'a.xlsx',
  sheet: 'Worksheet',
  changes: [],
  followUps: [],
  ...over,
});
const followUp = (billerId: string, code: string): FollowUp => ({ billerId, code, section: SECTION.ftp, reason: code });
const issue = (severity: Issue['severity'], over: Partial<Issue> = {}): Issue => ({
  code: 'WORKSHEET.URL_NOT_HTTPS',
  severity,
  file: 'a.xlsx',
  message: `a ${severity}`,
  ...over,
});
const fileReport = (over: Partial<FileReport> = {}): FileReport => ({
  file: 'a.xlsx',
  status: 'read',
  billers: [],
  issues: [],
  ...over,
});
const rowsOf = (b: BillerResult[], files: FileReport[] = [], extra: FollowUp[] = [], spilled?: Rows<ChangeRow>) =>
  reportRows(info, files, b, mask, extra, spilled);

describe('the Billers sheet: one row per biller', () => {
  it.each<{ name: string; given: BillerResult; want: Partial<ReturnType<typeof rowsOf>['billers'][number]> }>([
    {
      name: 'a converted biller: its changes counted without the maintenance window',
      given: result('converted', { changes: [maintenance, setting(8, 'x'), setting(9, 'y')], windowSeconds: 2.5 }),
      want: { status: 'converted', changes: 2, errorCode: '', message: '', todo: 'Nothing', windowSeconds: 2.5 },
    },
    {
      name: 'changes written aside: the count they left',
      given: result('converted', { changes: [], changeCount: 1234 }),
      want: { changes: 1234 },
    },
    {
      name: 'no id, name or row: empty cells, not "null"',
      given: result('invalid', { billerId: null, billerName: null }),
      want: { billerId: '', billerName: '', row: null, windowSeconds: null, todo: STATUS_TODO.invalid },
    },
    {
      name: 'a table row keeps its row number',
      given: result('scheduled', { row: 7 }),
      want: { row: 7, todo: STATUS_TODO.scheduled },
    },
    {
      name: 'an error: its code, its message and hint joined',
      given: result('blocked', {
        error: { code: 'BLOCKED.FTP_USER_MISSING', message: 'no FTP user', hint: 'create it' },
      }),
      want: {
        errorCode: 'BLOCKED.FTP_USER_MISSING',
        message: 'no FTP user | create it',
        todo: 'Create the FTP user through the normal CRM process; the next night converts the biller',
      },
    },
    {
      name: 'rollback-failed: what still differs, then the journal note',
      given: result('rollback-failed', {
        error: { code: 'CRM.TRANSIENT', message: 'timeout' },
        remaining: ['advanced_setting 8', 'maintenance active'],
        note: 'worksheet changed since run r0',
      }),
      want: {
        message:
          'timeout | still different: advanced_setting 8 | still different: maintenance active | ' +
          'worksheet changed since run r0',
        todo: STATUS_TODO['rollback-failed'],
      },
    },
    {
      name: 'follow-ups counted',
      given: result('converted', { followUps: [followUp('B-1', 'F1'), followUp('B-1', 'F2')] }),
      want: { followUps: 2, todo: 'do the follow-ups (Follow-ups sheet)' },
    },
  ])('$name', ({ given, want }) => {
    const rows = rowsOf([given]);
    expect(rows.billers).toHaveLength(1);
    expect(rows.billers[0]).toMatchObject(want);
  });

  it('sorted as the results are: what needs a person first', () => {
    const rows = rowsOf([result('converted', { billerId: 'c' }), result('failed', { billerId: 'f' })]);
    expect(rows.billers.map((b) => b.billerId)).toEqual(['f', 'c']);
  });
});

describe('the Files sheet: errors and warnings counted, infos not', () => {
  it.each<{ name: string; given: FileReport; want: object }>([
    {
      name: 'a clean file',
      given: fileReport({ billers: [{ billerId: 'B', billerName: 'N', sheet: 'S', valid: true }] }),
      want: { file: 'a.xlsx', status: 'read', billers: 1, errors: 0, warnings: 0, note: '' },
    },
    {
      name: 'a file with issues of each severity',
      given: fileReport({ issues: [issue('error'), issue('error'), issue('warning'), issue('info')] }),
      want: { errors: 2, warnings: 1 },
    },
    {
      name: 'a skipped file says why',
      given: fileReport({ status: 'skipped', note: 'still copying' }),
      want: { status: 'skipped', note: 'still copying' },
    },
  ])('$name', ({ given, want }) => {
    expect(rowsOf([], [given]).files).toEqual([expect.objectContaining(want)]);
  });
});

describe('the Changes sheet', () => {
  it.each<{ name: string; change: Change; want: Partial<ChangeRow> }>([
    {
      name: 'an advanced setting: its number and name, its worksheet cell',
      change: setting(8, 'https://new', 'https://old'),
      want: {
        entity: 'advanced_setting',
        setting: 8,
        name: 'setting 8',
        action: 'update',
        before: 'https://old',
        after: 'https://new',
        cell: 'Worksheet!C8',
      },
    },
    {
      name: 'a secret: masked',
      change: setting(10, new Secret('key|password')),
      want: { setting: 10, action: 'add', before: '', after: '<masked 12>' },
    },
    {
      name: 'another entity: no setting number, the key as its name, no cell',
      change: maintenance,
      want: { entity: 'maintenance', setting: null, name: 'active', before: 'false', after: 'true', cell: '' },
    },
  ])('$name', ({ change, want }) => {
    const row = changeRow({ billerName: 'Town of One' }, change, mask);
    expect(row).toMatchObject({ billerId: 'B-1', billerName: 'Town of One', section: change.section, ...want });
  });

  it('walked lazily, as often as needed, every change of every biller in results order', () => {
    const rows = rowsOf([
      result('converted', { billerId: 'c', changes: [maintenance, setting(8, 'x')] }),
      result('failed', { billerId: 'f', billerName: 'F', changes: [setting(9, 'y')] }),
    ]);
    expect(rows.changes.count).toBe(3);
    const names = () => [...rows.changes].map((r) => `${r.billerName}:${r.name}`);
    expect(names()).toEqual(['F:setting 9', 'Town of One:active', 'Town of One:setting 8']);
    expect(names()).toEqual(names());
  });

  it('rows already written aside are used as they are', () => {
    const spilled: Rows<ChangeRow> = { count: 99, *[Symbol.iterator]() {} };
    expect(rowsOf([result('converted', { changes: [setting(8, 'x')] })], [], [], spilled).changes).toBe(spilled);
  });
});

describe('the Follow-ups sheet', () => {
  it.each<{ name: string; billers: BillerResult[]; extra: FollowUp[]; want: string[] }>([
    { name: 'none', billers: [result('converted')], extra: [], want: [] },
    {
      name: "each biller's, in results order",
      billers: [
        result('converted', { billerId: 'c', billerName: 'C', followUps: [followUp('c', 'F1')] }),
        result('planned', { billerId: 'p', billerName: 'P', followUps: [followUp('p', 'F2'), followUp('p', 'F3')] }),
      ],
      extra: [],
      want: ['P:F2', 'P:F3', 'C:F1'],
    },
    {
      name: "the run's own first, named from the billers when known",
      billers: [result('converted', { billerId: 'c', billerName: 'C', followUps: [followUp('c', 'F1')] })],
      extra: [followUp('c', 'RUN'), followUp('gone', 'LOST')],
      want: ['C:RUN', ':LOST', 'C:F1'],
    },
  ])('$name', ({ billers, extra, want }) => {
    expect(rowsOf(billers, [], extra).followUps.map((f) => `${f.billerName}:${f.code}`)).toEqual(want);
  });
});

describe('the Errors sheet: errors and warnings of every file, infos left out', () => {
  it.each<{ name: string; files: FileReport[]; want: object[] }>([
    { name: 'no issues', files: [fileReport()], want: [] },
    {
      name: 'an error with its place',
      files: [fileReport({ issues: [issue('error', { sheet: 'S', cell: 'B7', field: 'RTDR URL' })] })],
      want: [{ file: 'a.xlsx', sheet: 'S', cell: 'B7', field: 'RTDR URL', severity: 'error', message: 'a error' }],
    },
    {
      name: 'no place: empty cells',
      files: [fileReport({ issues: [issue('warning'), issue('info')] })],
      want: [{ sheet: '', cell: '', field: '', severity: 'warning', code: 'WORKSHEET.URL_NOT_HTTPS' }],
    },
    {
      name: 'files in their order',
      files: [
        fileReport({ file: 'z.xlsx', issues: [issue('error', { file: 'z.xlsx' })] }),
        fileReport({ file: 'a.xlsx', issues: [issue('error')] }),
      ],
      want: [{ file: 'z.xlsx' }, { file: 'a.xlsx' }],
    },
  ])('$name', ({ files, want }) => {
    expect(rowsOf([], files).errors).toEqual(want.map((w) => expect.objectContaining(w)));
  });
});
