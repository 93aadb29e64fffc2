import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { readJournalHistory } from '../../src/journal/journal-reader.js';
import { JOURNAL_MIGRATIONS } from '../../src/journal/schema.js';
import { tempDir } from '../support/intake.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sc-jr-'));
});
afterEach(() => cleanup());

interface RunRow {
  id: string;
  started: string;
  options?: string;
  ended?: string | null;
  counts?: string | null;
  exit?: number | null;
}

function journal(runs: RunRow[], billers: Array<[run: string, biller: string, started: string, inFlight?: number]>) {
  const path = join(dir, 'journal.sqlite');
  const db = new Database(path);
  migrate(db, JOURNAL_MIGRATIONS, 'run journal');
  const run = db.prepare(
    `INSERT INTO runs (id, kind, started_at, ended_at, host, user, pid, options, tool_version, state, ` +
      `counts, exit_code, results)
     VALUES (?, 'run', ?, ?, 'h', 'u', 1, ?, '0.1.0', 'done', ?, ?, ?)`,
  );
  for (const r of runs)
    run.run(r.id, r.started, r.ended ?? null, r.options ?? '{}', r.counts ?? null, r.exit ?? null, `${r.id}.xlsx`);
  const biller = db.prepare(
    `INSERT INTO billers (run_id, biller_id, biller_name, status, error_code, in_flight, started_at)
     VALUES (?, ?, 'Town', 'failed', 'CRM.ERROR', ?, ?)`,
  );
  for (const [r, b, started, inFlight] of billers) biller.run(r, b, inFlight ?? 0, started);
  db.close();
  return path;
}

describe('readJournalHistory', () => {
  it('no journal yet: empty, and no file is made', () => {
    const path = join(dir, 'none.sqlite');
    expect(readJournalHistory(path)).toEqual({ runs: [], billers: [] });
    expect(() => new Database(path, { fileMustExist: true })).toThrow();
  });

  it('runs oldest first, billers in run order then start order, fields as types', () => {
    const path = journal(
      [
        {
          id: 'R2',
          started: '2026-12-02T01:00:00Z',
          counts: '{"converted":2}',
          exit: 0,
          ended: '2026-12-02T01:05:00Z',
        },
        { id: 'R1', started: '2026-12-01T01:00:00Z' },
      ],
      [
        ['R2', 'B9', '2026-12-02T01:01:00Z'],
        ['R1', 'B2', '2026-12-01T01:02:00Z', 1],
        ['R1', 'B1', '2026-12-01T01:01:00Z'],
      ],
    );
    const h = readJournalHistory(path);
    expect(h.runs.map((r) => r.id)).toEqual(['R1', 'R2']);
    expect(h.runs[1]).toEqual({
      id: 'R2',
      kind: 'run',
      startedAt: '2026-12-02T01:00:00Z',
      endedAt: '2026-12-02T01:05:00Z',
      state: 'done',
      counts: { converted: 2 },
      exitCode: 0,
      results: 'R2.xlsx',
      now: null,
    });
    expect(h.runs[0]).toMatchObject({ endedAt: null, counts: null, exitCode: null });
    expect(h.billers.map((b) => [b.runId, b.billerId, b.inFlight])).toEqual([
      ['R1', 'B1', false],
      ['R1', 'B2', true],
      ['R2', 'B9', false],
    ]);
    expect(h.billers[0]).toMatchObject({ billerName: 'Town', file: null, status: 'failed', errorCode: 'CRM.ERROR' });
  });

  it.each([
    { name: 'a --now date', options: '{"now":"2030-06-01"}', now: '2030-06-01' },
    { name: 'no --now', options: '{"concurrency":4}', now: null },
    { name: 'a --now that is not a date', options: '{"now":"tomorrow"}', now: null },
    { name: 'a --now that is not text', options: '{"now":20300601}', now: null },
    { name: 'options that are not JSON', options: '{oops', now: null },
  ])('the due date of a run with $name', ({ options, now }) => {
    const path = journal([{ id: 'R1', started: '2026-12-01T01:00:00Z', options }], []);
    expect(readJournalHistory(path).runs[0]?.now).toBe(now);
  });

  it('opens read-only: the file is not migrated or written', () => {
    const path = journal([{ id: 'R1', started: '2026-12-01T01:00:00Z' }], []);
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    expect(readJournalHistory(path).runs).toHaveLength(1);
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(999);
    after.close();
  });
});
