import { describe, expect, it } from 'vitest';
import { fileIsValid, reportToJson, type FileReport } from '../../src/core/file-report.js';
import type { Issue } from '../../src/core/issues.js';
import { Secret } from '../../src/core/secret.js';
import { biller } from '../support/snapshots.js';

const issue = (severity: Issue['severity'], over: Partial<Issue> = {}): Issue => ({
  code: 'WORKSHEET.URL_NOT_HTTPS',
  severity,
  file: 'a.xlsx',
  message: `a ${severity}`,
  ...over,
});
const report = (over: Partial<FileReport> = {}): FileReport => ({
  file: 'a.xlsx',
  status: 'read',
  billers: [],
  issues: [],
  ...over,
});

describe('fileIsValid: read, and no error in it', () => {
  it.each([
    { name: 'read and clean', given: report(), want: true },
    { name: 'warnings and infos only', given: report({ issues: [issue('warning'), issue('info')] }), want: true },
    { name: 'one error', given: report({ issues: [issue('warning'), issue('error')] }), want: false },
    { name: 'rejected without issues', given: report({ status: 'rejected' }), want: false },
    { name: 'ignored', given: report({ status: 'ignored' }), want: true },
    { name: 'skipped', given: report({ status: 'skipped' }), want: true },
  ])('$name → $want', ({ given, want }) => {
    expect(fileIsValid(given)).toBe(want);
  });
});

describe('reportToJson: the contract of validate --json', () => {
  it.each([
    {
      name: 'no note, no row: the keys are left out',
      given: report({ billers: [{ billerId: 'B', billerName: 'N', sheet: 'S', valid: false }] }),
      want: {
        file: 'a.xlsx',
        status: 'read',
        billers: [{ billerId: 'B', billerName: 'N', sheet: 'S', valid: false }],
        issues: [],
      },
    },
    {
      name: 'a note and a table row are kept',
      given: report({
        status: 'skipped',
        note: 'still copying',
        billers: [{ billerId: null, billerName: null, sheet: 'T', row: 4, valid: false }],
      }),
      want: {
        file: 'a.xlsx',
        status: 'skipped',
        note: 'still copying',
        billers: [{ billerId: null, billerName: null, sheet: 'T', row: 4, valid: false }],
        issues: [],
      },
    },
    {
      name: 'an issue without a place: nulls, not missing keys',
      given: report({ issues: [issue('error')] }),
      want: {
        file: 'a.xlsx',
        status: 'read',
        billers: [],
        issues: [
          {
            code: 'WORKSHEET.URL_NOT_HTTPS',
            severity: 'error',
            file: 'a.xlsx',
            sheet: null,
            cell: null,
            field: null,
            message: 'a error',
          },
        ],
      },
    },
    {
      name: 'an issue with its place',
      given: report({ issues: [issue('warning', { sheet: 'S', cell: 'C7', field: 'RTDR URL' })] }),
      want: {
        file: 'a.xlsx',
        status: 'read',
        billers: [],
        issues: [
          {
            code: 'WORKSHEET.URL_NOT_HTTPS',
            severity: 'warning',
            file: 'a.xlsx',
            sheet: 'S',
            cell: 'C7',
            field: 'RTDR URL',
            message: 'a warning',
          },
        ],
      },
    },
  ])('$name', ({ given, want }) => {
    expect(reportToJson(given)).toEqual(want);
  });

  it('a valid biller goes out without its record, which holds secrets', () => {
    const record = biller();
    const json = JSON.stringify(
      reportToJson(
        report({
          billers: [{ billerId: record.billerId, billerName: record.billerName, sheet: 'S', valid: true, record }],
        }),
      ),
    );
    expect(json).not.toContain('record');
    expect(json).not.toContain(record.rtdr.password.reveal());
    expect(json).not.toContain(new Secret('x').toString());
  });
});
