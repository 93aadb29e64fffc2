import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import type { Assessment } from '../../src/core/rollback-assess.js';
import { previewLine, refusalError } from '../../src/core/rollback-messages.js';
import { mipsSnapshot } from '../support/snapshots.js';

const RUN = '20261126T021500Z-beef';
const WHO = 'B-1 Town of Example';
const current = mipsSnapshot();
const changes = (n: number) => Array.from({ length: n }, () => ({}) as Change);

describe('previewLine: one line per biller, before anything is written', () => {
  it.each<[string, Assessment, string]>([
    ['gone', { kind: 'gone' }, `  ${WHO}: no longer in the CRM (will fail)`],
    [
      'needs-key',
      { kind: 'needs-key', locked: [10, 13] },
      `  ${WHO}: will be refused: Advanced Settings 10, 13 need the journal key of run ${RUN}`,
    ],
    ['maintenance', { kind: 'maintenance', current }, `  ${WHO}: in a maintenance window now, will be refused`],
    [
      'changed',
      { kind: 'changed', drift: ['advanced_setting 8: differs', 'advanced_setting 9: differs'] },
      `  ${WHO}: changed since run ${RUN}, will be refused (--force to roll back anyway): ` +
        'advanced_setting 8: differs; advanced_setting 9: differs',
    ],
    ['one change', { kind: 'restore', current, changes: changes(1), drift: [] }, `  ${WHO}: 1 change to restore`],
    ['changes', { kind: 'restore', current, changes: changes(7), drift: [] }, `  ${WHO}: 7 changes to restore`],
    ['nothing to restore', { kind: 'restore', current, changes: [], drift: [] }, `  ${WHO}: already as before the run`],
    [
      'forced over a change since',
      { kind: 'restore', current, changes: changes(2), drift: ['advanced_setting 9: differs'] },
      `  ${WHO}: 2 changes to restore (changed since the run: --force)`,
    ],
  ])('%s', (_name, a, line) => {
    expect(previewLine(WHO, a, RUN)).toBe(line);
  });
});

describe('refusalError: why a biller is not rolled back', () => {
  it('gone: CRM.NOT_FOUND', () => {
    expect(refusalError({ kind: 'gone' }, RUN, true)).toEqual({
      code: 'CRM.NOT_FOUND',
      message: 'the biller is no longer in the CRM',
    });
  });

  it('changed since: ROLLBACK.CHANGED_SINCE naming each difference', () => {
    expect(refusalError({ kind: 'changed', drift: ['a: differs', 'b: missing'] }, RUN, true)).toEqual({
      code: 'ROLLBACK.CHANGED_SINCE',
      message: `changed since run ${RUN}, not overwritten (use --force to roll back anyway): a: differs; b: missing`,
    });
  });

  it.each([
    [false, 'only their fingerprints (no journal key was configured)'],
    [true, 'them sealed with another key'],
  ])(
    'needs a key (a key configured: %s): ROLLBACK.NEEDS_KEY naming each setting and what the journal holds',
    (canOpen, holds) => {
      expect(refusalError({ kind: 'needs-key', locked: [10, 22] }, RUN, canOpen)).toEqual({
        code: 'ROLLBACK.NEEDS_KEY',
        message:
          'Advanced Settings 10 (RTDR Key or Password if Applicable), 22 (Remote PDF EndPoint/WebService Password) ' +
          `must be restored but the journal holds ${holds}: nothing was changed. Set SPECTRUM_CONVERT_JOURNAL_KEY or ` +
          `journalKeyFile to the key of run ${RUN}, then roll back again`,
      });
    },
  );
});
