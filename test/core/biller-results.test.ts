import { describe, expect, it } from 'vitest';
import {
  billerResult,
  interruptedResult,
  invalidResult,
  registerSecrets,
  registerSnapshotSecrets,
  scrubbedResult,
} from '../../src/core/biller-results.js';
import type { Change } from '../../src/core/change.js';
import { SECTION } from '../../src/core/checklist.js';
import type { BillerFound, FileReport } from '../../src/core/file-report.js';
import type { Issue } from '../../src/core/issues.js';
import type { FollowUp, Plan } from '../../src/core/plan.js';
import { SecretScrubber } from '../../src/core/scrub.js';
import { Secret } from '../../src/core/secret.js';
import type { BillerStatus } from '../../src/core/status.js';
import type { BillerResult } from '../../src/core/summary.js';
import { biller, mipsSnapshot } from '../support/snapshots.js';

const found: BillerFound = { billerId: 'B-1', billerName: 'Town', sheet: 'Worksheet', valid: true };
const report = (issues: Issue[] = []): FileReport => ({ file: 'a.xlsx', status: 'read', billers: [found], issues });
const change: Change = {
  billerId: 'B-1',
  section: SECTION.webServices,
  kind: 'advanced.set',
  entity: 'advanced_setting',
  key: 8,
  name: 'RTDR URL',
  before: null,
  after: 'https://x',
};
const followUp = (code: string): FollowUp => ({ billerId: 'B-1', code, section: SECTION.bif, reason: code });
const plan: Plan = {
  billerId: 'B-1',
  changes: [change],
  followUps: [followUp('FOLLOW_UP.EMAIL_NOTIFICATION'), followUp('FOLLOW_UP.IN_MAINTENANCE')],
};
const issue = (over: Partial<Issue>): Issue => ({
  code: 'WORKSHEET.URL_NOT_HTTPS',
  severity: 'error',
  file: 'a.xlsx',
  sheet: 'Worksheet',
  message: 'must start with https://',
  ...over,
});

describe('billerResult: changes and follow-ups shown only for what this night did', () => {
  it.each<{ name: string; status: BillerStatus; changes: number; followUps: string[] }>([
    {
      name: 'converted',
      status: 'converted',
      changes: 1,
      followUps: ['FOLLOW_UP.EMAIL_NOTIFICATION', 'FOLLOW_UP.IN_MAINTENANCE'],
    },
    {
      name: 'planned',
      status: 'planned',
      changes: 1,
      followUps: ['FOLLOW_UP.EMAIL_NOTIFICATION', 'FOLLOW_UP.IN_MAINTENANCE'],
    },
    {
      name: 'already converted: only what is still open',
      status: 'already-converted',
      changes: 0,
      followUps: ['FOLLOW_UP.IN_MAINTENANCE'],
    },
    { name: 'failed: nothing', status: 'failed', changes: 0, followUps: [] },
    { name: 'rollback-failed: nothing', status: 'rollback-failed', changes: 0, followUps: [] },
  ])('$name', ({ status, changes, followUps }) => {
    const r = billerResult(report(), found, { status, plan });
    expect(r.changes).toHaveLength(changes);
    expect(r.followUps.map((f) => f.code)).toEqual(followUps);
  });

  it.each([
    { name: 'no window, no row, no error: keys left out', given: { status: 'converted' as const }, want: {} },
    {
      name: 'the window in seconds, one decimal',
      given: { status: 'converted' as const, maintenanceMs: 2349 },
      want: { windowSeconds: 2.3 },
    },
    {
      name: 'an error and what still differs',
      given: {
        status: 'rollback-failed' as const,
        error: { code: 'CRM.TRANSIENT' as const, message: 'm' },
        remaining: ['x'],
      },
      want: { error: { code: 'CRM.TRANSIENT', message: 'm' }, remaining: ['x'] },
    },
  ])('$name', ({ given, want }) => {
    const r = billerResult(report(), found, given);
    expect(r).toEqual({
      billerId: 'B-1',
      billerName: 'Town',
      status: given.status,
      file: 'a.xlsx',
      sheet: 'Worksheet',
      changes: [],
      followUps: [],
      ...want,
    });
  });

  it('a table row keeps its number', () => {
    expect(billerResult(report(), { ...found, row: 9 }, { status: 'scheduled' }).row).toBe(9);
  });
});

describe('invalidResult: the first error of this biller, by its cell', () => {
  it.each<{ name: string; b: BillerFound; issues: Issue[]; want: object }>([
    {
      name: 'one error',
      b: found,
      issues: [issue({ cell: 'C7', field: 'RTDR URL' })],
      want: {
        code: 'WORKSHEET.URL_NOT_HTTPS',
        message: 'a.xlsx › Worksheet!C7 › RTDR URL: must start with https://',
        cell: 'Worksheet!C7',
      },
    },
    {
      name: 'several: the first, and how many more',
      b: found,
      issues: [issue({ cell: 'C7' }), issue({ code: 'WORKSHEET.GUID_INVALID', cell: 'C9' }), issue({ cell: 'C11' })],
      want: { code: 'WORKSHEET.URL_NOT_HTTPS', message: expect.stringMatching(/\(and 2 more: see Errors\)$/) },
    },
    {
      name: 'warnings are not the reason',
      b: found,
      issues: [issue({ severity: 'warning', code: 'WORKSHEET.DATE_AMBIGUOUS', cell: 'C3' }), issue({ cell: 'C7' })],
      want: { code: 'WORKSHEET.URL_NOT_HTTPS', cell: 'Worksheet!C7' },
    },
    {
      name: "a table biller: its own row's error, not another row's",
      b: { ...found, row: 5 },
      issues: [issue({ cell: 'D4' }), issue({ code: 'WORKSHEET.GUID_INVALID', cell: 'D5' })],
      want: { code: 'WORKSHEET.GUID_INVALID', cell: 'Worksheet!D5' },
    },
    {
      name: 'none of its own: the file’s first error',
      b: { ...found, sheet: 'Other' },
      issues: [issue({ cell: 'C7' })],
      want: { code: 'WORKSHEET.URL_NOT_HTTPS', cell: 'Worksheet!C7' },
    },
    {
      name: 'no error at all',
      b: found,
      issues: [],
      want: { code: 'WORKSHEET.INVALID', message: 'the worksheet is not valid' },
    },
  ])('$name', ({ b, issues, want }) => {
    const r = invalidResult(report(issues), b);
    expect(r.status).toBe('invalid');
    expect(r.error).toMatchObject(want);
  });
});

it('interruptedResult: nothing was touched', () => {
  expect(interruptedResult(report(), found)).toMatchObject({
    status: 'interrupted',
    changes: [],
    error: { code: 'RUN.INTERRUPTED' },
  });
});

describe('registerSecrets: every secret, whole and in parts', () => {
  it('of a biller', () => {
    const b = biller();
    const s = new SecretScrubber();
    registerSecrets(s, b);
    const text = [b.rtdr, b.payments].map((c) => `${c.privateKey.reveal()} ${c.password.reveal()}`).join(' ');
    expect(s.scrub(text)).not.toMatch(/UNIQUE/);
    expect(s.scrub(`${b.rtdr.privateKey.reveal()}|${b.rtdr.password.reveal()}`)).not.toMatch(/UNIQUE/);
  });

  it.each([
    {
      name: 'a secret setting: the pair and each part',
      before: null,
      after: new Secret('keyPart1|pwPart22'),
      hidden: ['keyPart1', 'pwPart22'],
    },
    {
      name: 'both sides',
      before: new Secret('oldSecret9'),
      after: new Secret('newSecret9'),
      hidden: ['oldSecret9', 'newSecret9'],
    },
    { name: 'a plain setting is no secret', before: null, after: 'https://x.example', hidden: [] },
  ])('of a change: $name', ({ before, after, hidden }) => {
    const s = new SecretScrubber();
    registerSecrets(s, { ...change, key: 10, before, after });
    for (const h of hidden) expect(s.scrub(`x ${h} y`)).toBe('x [REDACTED] y');
    expect(s.scrub('x https://x.example y')).toBe('x https://x.example y');
  });
});

describe('scrubbedResult: every text of a results row passes the scrubber, the structured fields do not', () => {
  const scrubber = new SecretScrubber();
  scrubber.add('s3cret-Pass', 'tok-ABCDEFGH');
  const row = (over: Partial<BillerResult>): BillerResult => ({
    billerId: 'B-1',
    billerName: 'Town',
    status: 'failed',
    file: 'a.xlsx',
    sheet: 'Worksheet',
    changes: [],
    followUps: [],
    ...over,
  });
  const hostile = 'the CRM said "s3cret-Pass" to Bearer tok-ABCDEFGH';
  const clean = 'the CRM said "[REDACTED]" to Bearer [REDACTED]';
  it.each<[string, Partial<BillerResult>, Partial<BillerResult>]>([
    [
      'error message and hint',
      { error: { code: 'CRM.ERROR', message: hostile, hint: hostile, step: 'apply' } },
      { error: { code: 'CRM.ERROR', message: clean, hint: clean, step: 'apply' } },
    ],
    ['what remains', { remaining: [hostile, 'advanced_setting 9'] }, { remaining: [clean, 'advanced_setting 9'] }],
    ['the note', { note: hostile }, { note: clean }],
    [
      'follow-up reasons (the code is an enum: kept)',
      { followUps: [{ ...followUp('FOLLOW_UP.IN_MAINTENANCE'), reason: hostile }] },
      { followUps: [{ ...followUp('FOLLOW_UP.IN_MAINTENANCE'), reason: clean }] },
    ],
    ['nothing to scrub: the row as it was', { note: 'ok' }, { note: 'ok' }],
  ])('%s', (_name, over, expected) => {
    expect(scrubbedResult(scrubber, row(over))).toEqual(row(expected));
  });
  it('adds no empty fields', () => {
    expect(Object.keys(scrubbedResult(scrubber, row({})))).toEqual(Object.keys(row({})));
  });
});

describe('registerSnapshotSecrets: the secret settings of a CRM snapshot, whole and in parts', () => {
  it('registers 10 and 13 and their halves, not the plain settings', () => {
    const scrubber = new SecretScrubber();
    const snapshot = {
      ...mipsSnapshot(),
      advancedSettings: {
        8: 'https://rtdr.example',
        10: new Secret('privKeyAAA|passwordBBB'),
        13: new Secret('k2k2k2k2'),
      },
    };
    registerSnapshotSecrets(scrubber, snapshot);
    expect(scrubber.scrub('privKeyAAA|passwordBBB passwordBBB k2k2k2k2 https://rtdr.example')).toBe(
      '[REDACTED] [REDACTED] [REDACTED] https://rtdr.example',
    );
  });
});
