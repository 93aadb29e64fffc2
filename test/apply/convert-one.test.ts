import { afterEach, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/apply/breaker.js';
import { RunTakenOverError } from '../../src/errors.js';
import { convertOne, settleOne, sinceLast, skipOne, type ConvertContext } from '../../src/apply/convert-one.js';
import type { BillerFound, FileReport } from '../../src/core/file-report.js';
import { SecretScrubber } from '../../src/core/scrub.js';
import type { BillerSnapshot } from '../../src/core/snapshot.js';
import type { BillerResult } from '../../src/core/summary.js';
import type { DueBiller } from '../../src/core/triage.js';
import { Journal } from '../../src/journal/journal.js';
import { RunLedger } from '../../src/journal/run-ledger.js';
import { createSealer } from '../../src/journal/seal.js';
import { createLogger } from '../../src/log.js';
import { createMasker } from '../../src/mask.js';
import { ChangeSpill } from '../../src/report/change-spill.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { SqliteTarget } from '../../src/targets/sqlite/sqlite-target.js';
import type { TargetPort } from '../../src/targets/target-port.js';
import { tempDir } from '../support/intake.js';
import { biller, mipsSnapshot } from '../support/snapshots.js';

const mask = createMasker(Buffer.alloc(32, 7));
const record = biller();
const found: BillerFound = { billerId: record.billerId, billerName: record.billerName, sheet: 'Biller', valid: true };
const report = (sha = 'a'.repeat(64)): FileReport => ({
  file: 'w.xlsx',
  status: 'read',
  sha256: sha,
  billers: [found],
  issues: [],
});
const due = (sha?: string): DueBiller => ({ report: report(sha), found: { ...found, record }, record });

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** A night of one: an in-memory CRM and journal, a spill in a temporary folder, log lines captured. */
async function night(runId = 'R1', target?: TargetPort) {
  const t = await tempDir('sc-convert-one-');
  const store = CrmStore.open(':memory:');
  store.putSnapshots([mipsSnapshot()]);
  const journal = Journal.open(':memory:', createSealer(Buffer.alloc(32, 9), mask));
  const ledger = RunLedger.start(journal, {
    id: runId,
    kind: 'run',
    ofRun: null,
    host: 'h',
    user: 'u',
    options: '{}',
    toolVersion: '0',
  });
  const lines: string[] = [];
  const done: BillerResult[] = [];
  const spill = ChangeSpill.inDir(t.dir, runId);
  const scrubber = new SecretScrubber();
  const c: ConvertContext = {
    mode: 'run',
    runId,
    target: target ?? new SqliteTarget(store),
    planOptions: {},
    logger: createLogger({ scrubber, consoleLevel: 'info', write: (l) => lines.push(l) }),
    scrubber,
    mask,
    ledger,
    breaker: new CircuitBreaker('test', () => {}),
    spill,
    unrecovered: new Map(),
    done: (r) => done.push(r),
  };
  cleanup = async () => {
    spill.remove();
    journal.close();
    store.close();
    await t.cleanup();
  };
  return { c, journal, store, lines, done };
}

describe('convertOne', () => {
  it('converts, journals, registers the secrets of its changes, logs one line and spills the changes', async () => {
    const { c, journal, lines, done } = await night();
    const r = await convertOne(due(), c);
    expect(r).toMatchObject({ status: 'converted', billerId: record.billerId, changes: [] });
    expect(r.changeCount).toBeGreaterThan(10);
    expect(c.spill.count).toBeGreaterThan(10);
    expect(done.map((d) => d.status)).toEqual(['converted']);
    expect(lines).toEqual([`converted ${record.billerName} (${record.billerId})`]);
    expect(journal.billerHistory(record.billerId).map((h) => [h.runId, h.status, h.touched])).toEqual([
      ['R1', 'converted', true],
    ]);
    expect(journal.converted('R1')).toHaveLength(1);
    // The changes carry the CRM's old MIPS secrets (10 and 13): known to the scrubber now.
    expect(c.scrubber.scrub('before oldK|oldP, oldK2|oldP2 after')).not.toMatch(/oldK|oldP/);
  });

  it('a biller the journal converted before gets a note: unchanged, or its worksheet changed since', async () => {
    const first = await night('R1');
    await convertOne(due(), first.c);
    const again = await convertOne(due(), { ...first.c, runId: 'R2' });
    expect(again).toMatchObject({
      status: 'already-converted',
      note: 'unchanged since run R1, and the CRM still matches',
    });
    const changed = await convertOne(due('b'.repeat(64)), first.c);
    expect(changed.note).toBe('the worksheet changed since the conversion in run R1');
  });

  it('an unexpected error is that biller’s failure (INTERNAL), logged, journaled, and the breaker told', async () => {
    const broken: TargetPort = {
      name: 'broken',
      readSnapshot: () => Promise.resolve({ billerId: record.billerId } as unknown as BillerSnapshot),
      apply: () => Promise.resolve(),
      beginMaintenance: () => Promise.resolve(),
      endMaintenance: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const { c, journal, lines, done } = await night('R1', broken);
    const r = await convertOne(due(), c);
    expect(r).toMatchObject({ status: 'failed', error: { code: 'INTERNAL', step: 'convert' } });
    expect(lines[0]).toBe(`ERROR unexpected error converting ${record.billerId}`);
    expect(lines[1]).toMatch(new RegExp(`^failed ${record.billerName} \\(${record.billerId}\\): INTERNAL `));
    expect(done).toHaveLength(1);
    expect(journal.billerHistory(record.billerId).map((h) => [h.status, h.errorCode])).toEqual([
      ['failed', 'INTERNAL'],
    ]);
  });

  it('a plan (dry run) writes nothing to the CRM and journals the biller as planned', async () => {
    const { c, journal, store } = await night();
    const r = await convertOne(due(), { ...c, mode: 'plan' });
    expect(r.status).toBe('planned');
    expect(store.snapshot(record.billerId)?.profile.integrationPartner).toBe(mipsSnapshot().profile.integrationPartner);
    expect(journal.billerHistory(record.billerId).map((h) => [h.status, h.touched])).toEqual([['planned', false]]);
  });
});

describe('a run taken over (#13)', () => {
  it('stops the night at its next biller: thrown, not one more failed biller; nothing written', async () => {
    const { c, done, store } = await night();
    const before = JSON.stringify(store.snapshot(record.billerId));
    const hooks = c.ledger.hooks.bind(c.ledger);
    c.ledger.hooks = (meta) => ({
      ...hooks(meta),
      began: () => {
        throw new RunTakenOverError('R1', `it stopped before its first write to ${meta.billerId}`);
      },
    });
    await expect(convertOne(due(), c)).rejects.toThrow(RunTakenOverError);
    expect(done).toEqual([]);
    expect(JSON.stringify(store.snapshot(record.billerId))).toBe(before);
  });
});

describe('settleOne and skipOne', () => {
  it('a settled biller is journaled, counted and logged, named even without a name or id', async () => {
    const { c, journal, lines, done } = await night();
    const r: BillerResult = {
      billerId: null,
      billerName: null,
      status: 'invalid',
      file: 'w.xlsx',
      sheet: 'Biller',
      changes: [],
      followUps: [],
      error: { code: 'WORKSHEET.REQUIRED_MISSING', message: 'Biller ID is required' },
    };
    settleOne(r, 'a'.repeat(64), c);
    expect(done).toEqual([r]);
    expect(lines).toEqual(['invalid (no name) (no id): WORKSHEET.REQUIRED_MISSING Biller ID is required']);
    expect(journal.billerHistory('').map((h) => [h.status, h.sha256])).toEqual([['invalid', 'a'.repeat(64)]]);
  });

  it('a settled biller whose message quotes a known secret is journaled, counted and returned scrubbed', async () => {
    const { c, journal, lines, done } = await night();
    c.scrubber.add('Zq9-secret-value');
    const r: BillerResult = {
      billerId: 'B-9',
      billerName: 'Town',
      status: 'invalid',
      file: 'w.xlsx',
      sheet: 'Biller',
      changes: [],
      followUps: [],
      error: { code: 'WORKSHEET.REQUIRED_MISSING', message: 'found Zq9-secret-value where a name belongs' },
    };
    const settled = settleOne(r, 'a'.repeat(64), c);
    expect(settled.error?.message).toBe('found [REDACTED] where a name belongs');
    expect(done).toEqual([settled]);
    expect(lines.join('\n')).not.toContain('Zq9');
    expect(JSON.stringify(journal.billerHistory('B-9'))).not.toContain('Zq9');
  });

  it('a biller the queue never started is interrupted, journaled, and nothing else', async () => {
    const { c, journal, lines, done } = await night();
    const r = skipOne(due(), c);
    expect(r).toMatchObject({ status: 'interrupted', error: { code: 'RUN.INTERRUPTED' } });
    expect([lines, done]).toEqual([[], []]);
    expect(journal.billerHistory(record.billerId).map((h) => [h.status, h.touched])).toEqual([['interrupted', false]]);
  });
});

describe('sinceLast', () => {
  it.each([
    { name: 'the worksheet changed', last: 'x', sha: 'y', status: 'converted', note: 'the worksheet changed since' },
    { name: 'unchanged, CRM matches', last: 'x', sha: 'x', status: 'already-converted', note: 'unchanged since run' },
    { name: 'CRM changed since', last: 'x', sha: 'x', status: 'converted', note: 'but the CRM changed since' },
    { name: 'planned again', last: 'x', sha: 'x', status: 'planned', note: 'but the CRM changed since' },
    { name: 'no sha then: by status', last: null, sha: 'y', status: 'already-converted', note: 'unchanged since run' },
    { name: 'failed: nothing to say', last: 'x', sha: 'x', status: 'failed', note: undefined },
  ])('$name', ({ last, sha, status, note }) => {
    const got = sinceLast({ runId: 'R0', sha256: last }, sha, status);
    if (note === undefined) expect(got).toBeUndefined();
    else expect(got).toContain(note);
  });
});
