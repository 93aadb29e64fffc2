import { describe, expect, it } from 'vitest';
import type { FileReport } from '../../src/core/file-report.js';
import type { RunInfo } from '../../src/core/report-rows.js';
import { STATUSES, type BillerStatus } from '../../src/core/status.js';
import { duration, headline, longDate, shortName, summaryPage, zonedTime } from '../../src/core/summary-page.js';
import { EXIT_MEANINGS } from '../../src/core/exit-meanings.js';
import { countByStatus, EXIT_CODES, sortResults, type BillerResult } from '../../src/core/summary.js';
import { STATUS_TODO, whatToDo } from '../../src/core/what-to-do.js';

const counts = (given: Partial<Record<BillerStatus, number>>) =>
  ({ ...Object.fromEntries(STATUSES.map((s) => [s, 0])), ...given }) as Record<BillerStatus, number>;

describe('headline', () => {
  it.each([
    {
      name: 'all converted',
      c: { converted: 38, 'already-converted': 2 },
      files: 0,
      mode: 'run',
      text: 'All 40 due billers converted',
      need: 0,
    },
    { name: 'one converted', c: { converted: 1 }, files: 0, mode: 'run', text: 'The 1 due biller converted', need: 0 },
    {
      name: 'people needed',
      c: { converted: 5, blocked: 2, invalid: 1 },
      files: 0,
      mode: 'run',
      text: '3 billers need a person; 5 of 8 due converted',
      need: 3,
    },
    { name: 'one person needed', c: { failed: 1 }, files: 0, mode: 'run', text: '1 biller needs a person', need: 1 },
    {
      name: 'files too',
      c: { converted: 2, invalid: 1 },
      files: 2,
      mode: 'run',
      text: '1 biller and 2 files need a person; 2 of 3 due converted',
      need: 3,
    },
    {
      name: 'rollback failed',
      c: { 'rollback-failed': 1, converted: 3 },
      files: 0,
      mode: 'run',
      text: '1 biller needs a person; 1 rollback failed: act now',
      need: 1,
    },
    {
      name: 'dry run',
      c: { planned: 4, blocked: 1 },
      files: 0,
      mode: 'plan',
      text: 'Dry run: 4 billers would be converted; 1 biller needs a person',
      need: 1,
    },
    {
      name: 'nothing due',
      c: { scheduled: 3 },
      files: 0,
      mode: 'run',
      text: 'Nothing due tonight; 3 billers scheduled',
      need: 0,
    },
    { name: 'empty', c: {}, files: 0, mode: 'run', text: 'No billers in input/ tonight', need: 0 },
  ] as const)('$name', ({ c, files, mode, text, need }) => {
    expect(headline(counts(c), files, mode, false)).toEqual({ text, needPerson: need });
  });

  it('says a night was interrupted', () => {
    expect(headline(counts({ converted: 2, interrupted: 8 }), 0, 'run', true).text).toBe(
      'Interrupted: 8 billers not started',
    );
  });
});

describe('what to do', () => {
  it.each([
    {
      status: 'invalid',
      code: 'WORKSHEET.URL_NOT_HTTPS',
      cell: 'Biller!B7',
      followUps: 0,
      todo: 'Fix Biller!B7 and leave the file in input/',
    },
    { status: 'invalid', code: 'WORKSHEET.REQUIRED_MISSING', followUps: 0, todo: STATUS_TODO.invalid },
    {
      status: 'invalid',
      code: 'FILE.ENCRYPTED',
      followUps: 0,
      todo: 'Ask for the workbook without its password, and put it in input/',
    },
    {
      status: 'failed',
      code: 'CRM.PERMISSION_DENIED',
      followUps: 0,
      todo: 'Ask the service desk for the FTP-task permission (EBPP-4234)',
    },
    { status: 'failed', code: 'CRM.SOMETHING_NEW', followUps: 0, todo: STATUS_TODO.failed },
    {
      status: 'blocked',
      code: 'BLOCKED.FTP_USER_MISSING',
      followUps: 0,
      todo: 'Create the FTP user through the normal CRM process; the next night converts the biller',
    },
    { status: 'rollback-failed', code: 'CRM.TRANSIENT', followUps: 0, todo: STATUS_TODO['rollback-failed'] },
    { status: 'converted', code: '', followUps: 2, todo: 'do the follow-ups (Follow-ups sheet)' },
    { status: 'already-converted', code: '', followUps: 0, todo: 'Nothing' },
    { status: 'planned', code: '', followUps: 2, todo: 'After the real run: do the follow-ups (Follow-ups sheet)' },
    { status: 'scheduled', code: 'SCHEDULED', followUps: 0, todo: STATUS_TODO.scheduled },
  ] as const)('$status $code', ({ status, code, followUps, todo, ...rest }) => {
    const cell = 'cell' in rest ? rest.cell : undefined;
    expect(
      whatToDo({ status, error: { code, ...(cell ? { cell } : {}) }, followUps: Array.from({ length: followUps }) }),
    ).toBe(todo);
  });

  it('has a sentence for every status', () => {
    for (const s of STATUSES) expect(STATUS_TODO[s].length).toBeGreaterThan(5);
  });
});

describe('times and names for people', () => {
  it.each([
    { zone: 'UTC', text: '2026-12-01 07:15:03 +00:00' },
    { zone: 'America/New_York', text: '2026-12-01 02:15:03 -05:00' },
    { zone: 'Asia/Kolkata', text: '2026-12-01 12:45:03 +05:30' },
    { zone: 'America/New_York', at: '2026-07-01T06:15:03Z', text: '2026-07-01 02:15:03 -04:00' },
  ])('$zone $text', ({ zone, at, text }) => {
    expect(zonedTime(new Date(at ?? '2026-12-01T07:15:03Z'), zone)).toBe(text);
  });

  it('writes durations, dates and short names', () => {
    expect([400, 12_340, 72_000, 3_725_000].map(duration)).toEqual(['0.4 s', '12.3 s', '1 min 12 s', '1 h 2 min']);
    expect(longDate('2026-12-01')).toBe('Tuesday, 1 December 2026');
    expect(shortName('/srv/input/a b.xlsx')).toBe('a b.xlsx');
    expect(shortName('C:\\drop\\x.csv')).toBe('x.csv');
  });
});

describe('summaryPage', () => {
  const biller = (status: BillerStatus, file: string, extra: Partial<BillerResult> = {}): BillerResult => ({
    billerId: `${status}-${file}`,
    billerName: status,
    status,
    file,
    sheet: 'S',
    changes: [],
    followUps: [],
    ...extra,
  });
  const file = (path: string, status: FileReport['status'] = 'read', extra: Partial<FileReport> = {}): FileReport => ({
    file: path,
    status,
    billers: [],
    issues: [],
    ...extra,
  });
  const info: RunInfo = {
    runId: 'R1',
    mode: 'run',
    startedAt: new Date('2026-12-01T07:15:00Z'),
    endedAt: new Date('2026-12-01T07:16:12Z'),
    target: 'sqlite',
    concurrency: 4,
    now: '2026-12-01',
    commandLine: 'spectrum-convert run',
    exitCode: 1,
    interrupted: false,
    timeZone: 'America/New_York',
  };

  it('links each status to its first row on the Billers sheet and says which files stay and why', () => {
    const billers = sortResults([
      biller('converted', '/in/a.xlsx'),
      biller('converted', '/in/b.xlsx'),
      biller('blocked', '/in/b.xlsx'),
      biller('invalid', '/in/c.xlsx'),
      biller('invalid', '/in/c.xlsx'),
    ]);
    const page = summaryPage(
      info,
      [
        file('/in/a.xlsx'),
        file('/in/b.xlsx'),
        file('/in/c.xlsx'),
        file('/in/notes.txt', 'ignored', { note: 'not a spreadsheet' }),
      ],
      billers,
      ['/in/a.xlsx'],
    );
    expect(page.title).toBe('Spectrum conversion · Conversion night of Tuesday, 1 December 2026 (America/New_York)');
    expect(page.headline).toBe('3 billers need a person; 2 of 5 due converted');
    expect(page.statuses.map((s) => [s.status, s.count, s.firstRow])).toEqual([
      ['blocked', 1, 2],
      ['invalid', 2, 3],
      ['converted', 2, 5],
    ]);
    expect(billers[page.statuses[2]!.firstRow - 2]!.status).toBe('converted');
    expect(page.archived).toEqual(['a.xlsx']);
    expect(page.left).toEqual([
      { file: 'b.xlsx', why: '1 blocked' },
      { file: 'c.xlsx', why: '2 invalid' },
      { file: 'notes.txt', why: 'not a spreadsheet' },
    ]);
    const fact = (item: string) => page.facts.find((f) => f.item === item);
    expect(fact('Started')?.value).toBe('2026-12-01 02:15:00 -05:00');
    expect(fact('Duration')?.value).toBe('1 min 12 s');
    expect(fact('Exit code')).toEqual({
      item: 'Exit code',
      value: 1,
      note: expect.stringContaining('work for the morning'),
    });
    expect(countByStatus(billers).converted).toBe(2);
  });

  // The Summary sheet had its own short table, without 69 and 70: a night the CRM refused showed an empty note.
  it.each(Object.values(EXIT_CODES))('explains exit code %i beside it, in the words of --help', (exitCode) => {
    const page = summaryPage({ ...info, exitCode }, [], [], []);
    const fact = page.facts.find((f) => f.item === 'Exit code');
    expect(fact?.value).toBe(exitCode);
    expect(fact?.note).toBe(EXIT_MEANINGS[exitCode]);
    expect(fact?.note).toMatch(/\w{4}/);
  });
});
