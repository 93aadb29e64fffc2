import { describe, expect, it } from 'vitest';
import { runFields, str, type Row } from '../../src/journal/journal-rows.js';

const RUN: Row = {
  id: 'R1',
  kind: 'run',
  started_at: '2026-12-01T08:15:00Z',
  ended_at: '2026-12-01T08:16:00Z',
  state: 'done',
  counts: '{"converted":2,"blocked":1}',
  exit_code: 1,
  results: 'output/results-2026-12-01T081500.xlsx',
  host: 'night-host',
};

describe('str', () => {
  it.each<[string | number | null | undefined, string | null]>([
    [null, null],
    [undefined, null],
    ['', ''],
    ['text', 'text'],
    [0, '0'],
    [42, '42'],
  ])('%j -> %j', (v, text) => {
    expect(str(v)).toBe(text);
  });
});

describe('runFields: the columns of a run every reader reads, typed', () => {
  it('an ended run: every field, and only those (the host is not one)', () => {
    expect(runFields(RUN)).toEqual({
      id: 'R1',
      kind: 'run',
      startedAt: '2026-12-01T08:15:00Z',
      endedAt: '2026-12-01T08:16:00Z',
      state: 'done',
      counts: { converted: 2, blocked: 1 },
      exitCode: 1,
      results: 'output/results-2026-12-01T081500.xlsx',
    });
  });

  it.each<[string, Row, Partial<ReturnType<typeof runFields>>]>([
    [
      'a run still going',
      { ended_at: null, counts: null, exit_code: null, results: null },
      {
        endedAt: null,
        counts: null,
        exitCode: null,
        results: null,
      },
    ],
    ['exit code 0 is a code, not "none"', { exit_code: 0 }, { exitCode: 0 }],
    ['empty counts text is no counts', { counts: '' }, { counts: null }],
    ['counts of a night with no billers', { counts: '{}' }, { counts: {} }],
    ['an id stored as a number is text', { id: 7 }, { id: '7' }],
  ])('%s', (_what, columns, fields) => {
    expect(runFields({ ...RUN, ...columns })).toMatchObject(fields);
  });

  it('counts that are not JSON are an error, not a silent empty night', () => {
    expect(() => runFields({ ...RUN, counts: '{oops' })).toThrow(SyntaxError);
  });
});
