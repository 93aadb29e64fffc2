import { describe, expect, it } from 'vitest';
import { STATUSES, type BillerStatus } from '../../src/core/status.js';
import { STATUS_TODO, whatToDo } from '../../src/core/what-to-do.js';

type Given = { status: BillerStatus; error?: { code: string; cell?: string }; followUps: unknown[] };

describe('whatToDo: one sentence per biller, by status and code', () => {
  it.each<{ name: string; given: Given; want: string }>([
    {
      name: 'rollback-failed beats any code',
      given: { status: 'rollback-failed', error: { code: 'CRM.TRANSIENT' }, followUps: [] },
      want: STATUS_TODO['rollback-failed'],
    },
    { name: 'converted, nothing to ask', given: { status: 'converted', followUps: [] }, want: 'Nothing' },
    {
      name: 'converted with follow-ups',
      given: { status: 'converted', followUps: [{}] },
      want: 'do the follow-ups (Follow-ups sheet)',
    },
    { name: 'already converted', given: { status: 'already-converted', followUps: [] }, want: 'Nothing' },
    {
      name: 'planned with follow-ups: after the real run',
      given: { status: 'planned', followUps: [{}, {}] },
      want: 'After the real run: do the follow-ups (Follow-ups sheet)',
    },
    {
      name: 'a converted biller ignores a code',
      given: { status: 'converted', error: { code: 'CRM.TRANSIENT' }, followUps: [] },
      want: 'Nothing',
    },
    {
      name: 'a known code says more than its status',
      given: { status: 'blocked', error: { code: 'BLOCKED.DUPLICATE' }, followUps: [] },
      want: 'Remove the stale worksheet from input/: the biller is in two',
    },
    {
      name: 'a known code beats the cell of an invalid biller',
      given: { status: 'invalid', error: { code: 'FILE.ENCRYPTED', cell: 'S!B7' }, followUps: [] },
      want: 'Ask for the workbook without its password, and put it in input/',
    },
    {
      name: 'invalid names its cell',
      given: { status: 'invalid', error: { code: 'WORKSHEET.URL_NOT_HTTPS', cell: 'Biller!C7' }, followUps: [] },
      want: 'Fix Biller!C7 and leave the file in input/',
    },
    {
      name: 'invalid without a cell',
      given: { status: 'invalid', error: { code: 'WORKSHEET.URL_NOT_HTTPS' }, followUps: [] },
      want: STATUS_TODO.invalid,
    },
    {
      name: 'an unknown code: the status says',
      given: { status: 'failed', error: { code: 'SOMETHING.NEW' }, followUps: [] },
      want: STATUS_TODO.failed,
    },
    { name: 'no error at all', given: { status: 'scheduled', followUps: [] }, want: STATUS_TODO.scheduled },
  ])('$name', ({ given, want }) => {
    expect(whatToDo(given)).toBe(want);
  });

  it('every status has a sentence', () => {
    for (const s of STATUSES) expect(STATUS_TODO[s].length).toBeGreaterThan(3);
  });
});
