import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PARTNER_MIPS_APPS, PARTNER_SPECTRUM } from '../src/core/checklist.js';
import { SecretScrubber } from '../src/core/scrub.js';
import type { BillerResult } from '../src/core/summary.js';
import { ConfigError } from '../src/errors.js';
import { Journal } from '../src/journal/journal.js';
import { createSealer } from '../src/journal/seal.js';
import { createLogger } from '../src/log.js';
import { createMasker } from '../src/mask.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { createReadPool, type ReadPool } from '../src/read/read-pool.js';
import { runBatch, type RunOptions } from '../src/run.js';
import { SqliteTarget } from '../src/targets/sqlite/sqlite-target.js';
import type { TargetPort } from '../src/targets/target-port.js';
import { makeNight, type Night } from './support/night.js';
import { fieldMap } from './support/raw.js';
import { mipsSnapshotFor } from './support/snapshots.js';
import { billerIdOf, csvText, sampleBiller, type FieldValues } from './support/workbooks.js';

const NOW = '2026-11-26';
const sample = (n: number, overrides: FieldValues = {}) => {
  const b = sampleBiller(n, overrides);
  return { ...b, id: billerIdOf(b) };
};
const b1 = sample(1);
const b2 = sample(2, { conversionDate: new Date(Date.UTC(2026, 11, 3)) });
const b3 = sample(3);
const b4 = sample(4, { rtdrUrl: 'http://insecure.example.com' });
const b5 = sample(5);
const b6 = sample(6);
const all = [b1, b2, b3, b4, b5, b6];
const csv = (...billers: typeof all) => csvText(billers.map(({ id: _, ...b }) => b));

let night: Night | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await night?.cleanup();
  night = undefined;
});

/**
 * The night of these tests, in csv (fast to read, in this thread): a.csv one due and one future biller,
 * b.csv one due, bad.csv one invalid, c.csv and d.csv the same biller, fresh.csv not settled yet.
 */
async function setup(): Promise<Night> {
  night = await makeNight(all.map(mipsSnapshotFor));
  await night.drop('a.csv', csv(b1, b2));
  await night.drop('b.csv', csv(b3));
  await night.drop('bad.csv', csv(b4));
  await night.drop('c.csv', csv(b5));
  await night.drop('d.csv', csv(b5));
  await night.drop('fresh.csv', csv(b6), { fresh: true });
  return night;
}

/** runBatch's options as the run command opens them; `order` records the pool closing and every CRM call. */
function options(n: Night, extra: Partial<RunOptions> = {}) {
  const order: string[] = [];
  const lines: string[] = [];
  const results: Array<[string, number, number]> = [];
  const sqlite = SqliteTarget.open(n.crmDb);
  const target: TargetPort = {
    name: sqlite.name,
    readSnapshot: (id) => (order.push(`read ${id}`), sqlite.readSnapshot(id)),
    apply: (c) => (order.push('apply'), sqlite.apply(c)),
    beginMaintenance: (id, owner) => (order.push('begin'), sqlite.beginMaintenance(id, owner)),
    endMaintenance: (id, owner) => (order.push('end'), sqlite.endMaintenance(id, owner)),
    close: () => sqlite.close(),
  };
  const inThread = createReadPool(0, DEFAULT_LIMITS, fieldMap);
  const pool: ReadPool = { read: (e) => inThread.read(e), close: () => (order.push('pool.close'), inThread.close()) };
  closers.push(() => target.close());
  const scrubber = new SecretScrubber();
  const o: RunOptions = {
    mode: 'run',
    inputDir: n.input,
    outputDir: n.output,
    concurrency: 2,
    now: NOW,
    archive: true,
    settleMs: 60_000,
    target,
    pool,
    planOptions: {},
    logger: createLogger({ scrubber, consoleLevel: 'debug', write: (l) => lines.push(l) }),
    scrubber,
    mask: createMasker(Buffer.alloc(32, 7)),
    commandLine: 'spectrum-convert run',
    runId: 'R1',
    onResult: (r, done, total) => results.push([r.billerId ?? '', done, total]),
    ...extra,
  };
  return { o, order, lines, results };
}

const statuses = (billers: readonly BillerResult[]) =>
  billers.map((b) => `${basename(b.file)} ${b.billerId} ${b.status}${b.error ? ` ${b.error.code}` : ''}`).sort();
const partnerOf = (n: Night, id: string) => {
  const store = n.crm();
  try {
    return store.snapshot(id)?.profile.integrationPartner;
  } finally {
    store.close();
  }
};

describe('runBatch: the stages of a night, in order', () => {
  it('reads everything, triages, converts the due, archives what is done, and writes the results', async () => {
    const n = await setup();
    const { o, order, lines, results } = options(n, { timeZone: 'America/Chicago' });
    const out = await runBatch(o);

    expect(statuses(out.billers)).toEqual(
      [
        `a.csv ${b1.id} converted`,
        `a.csv ${b2.id} scheduled SCHEDULED`,
        `b.csv ${b3.id} converted`,
        `bad.csv ${b4.id} invalid WORKSHEET.URL_NOT_HTTPS`,
        `c.csv ${b5.id} blocked BLOCKED.DUPLICATE`,
        `d.csv ${b5.id} blocked BLOCKED.DUPLICATE`,
      ].sort(),
    );
    // Reading is over (its workers given back) before the CRM is first called.
    expect(order[0]).toBe('pool.close');
    // Only the due billers reach the CRM (each read before and read back after).
    const read = new Set(order.filter((x) => x.startsWith('read ')));
    expect([...read].sort()).toEqual([`read ${b1.id}`, `read ${b3.id}`].sort());
    expect([partnerOf(n, b1.id), partnerOf(n, b3.id)]).toEqual([PARTNER_SPECTRUM, PARTNER_SPECTRUM]);
    for (const b of [b2, b4, b5, b6]) expect(partnerOf(n, b.id)).toBe(PARTNER_MIPS_APPS);

    // The file not settled yet is left for the next night, unread; only b.csv was wholly converted.
    expect(out.waiting).toBe(1);
    expect(out.billers.some((b) => b.billerId === b6.id)).toBe(false);
    expect(out.archived).toEqual([join(n.input, 'archive', NOW, 'b.csv')]);
    expect(existsSync(join(n.input, 'b.csv'))).toBe(false);
    for (const f of ['a.csv', 'bad.csv', 'c.csv', 'd.csv', 'fresh.csv'])
      expect(existsSync(join(n.input, f))).toBe(true);

    expect(out.info).toMatchObject({ runId: 'R1', mode: 'run', now: NOW, exitCode: 1, interrupted: false });
    expect(out.info.timeZone).toBe('America/Chicago');
    expect(out.maxInFlight).toBeLessThanOrEqual(2);
    expect(out.unmatched).toEqual([]);
    const json = JSON.parse(readFileSync(out.results.json, 'utf8')) as { billers: unknown[] };
    expect(json.billers).toHaveLength(6);
    for (const p of Object.values(out.results)) expect(existsSync(p)).toBe(true);
    // Every biller is told once, counted against the night's total.
    expect(results.map(([, done, total]) => [done, total])).toEqual([1, 2, 3, 4, 5, 6].map((d) => [d, 6]));
    expect(lines[0]).toMatch(new RegExp(`^Converting billers due on ${NOW} from .*\\(run R1, target sqlite:`));
    expect(lines.some((l) => /fresh\.csv/.test(l) && /^WARN/.test(l))).toBe(true);
    // No secret of a worksheet reaches the log.
    expect(lines.join('\n')).not.toMatch(/rtdrPW-|payPW-|KEY\d!/);
  });

  it('a plan reads and decides the same, and writes nothing to the CRM nor moves any file', async () => {
    const n = await setup();
    const { o, order } = options(n, { mode: 'plan' });
    const out = await runBatch(o);
    expect(statuses(out.billers).filter((s) => s.includes('planned'))).toEqual(
      [`a.csv ${b1.id} planned`, `b.csv ${b3.id} planned`].sort(),
    );
    expect(order.filter((x) => !x.startsWith('read ') && x !== 'pool.close')).toEqual([]);
    expect(partnerOf(n, b1.id)).toBe(PARTNER_MIPS_APPS);
    expect(out.archived).toEqual([]);
    expect(existsSync(join(n.input, 'b.csv'))).toBe(true);
  });

  it('--only converts the billers named; an id no worksheet holds is warned about, and the night exits 1', async () => {
    const n = await setup();
    const only = new Set([b3.id, 'AAAAAAAA-0000-4000-8000-000000000000']);
    const { o, lines } = options(n, { only, archive: false });
    const out = await runBatch(o);
    expect(statuses(out.billers)).toEqual([`b.csv ${b3.id} converted`]);
    expect(out.unmatched).toEqual(['AAAAAAAA-0000-4000-8000-000000000000']);
    expect(out.info.exitCode).toBe(1);
    expect(lines).toContainEqual(expect.stringMatching(/^WARN --only AAAAAAAA-.*no worksheet in .* has this biller/));
    expect(partnerOf(n, b1.id)).toBe(PARTNER_MIPS_APPS);
    // Archiving off: b.csv, wholly converted, stays where it was.
    expect(out.archived).toEqual([]);
    expect(existsSync(join(n.input, 'b.csv'))).toBe(true);
  });

  it('a night stopped before it starts converts nothing, archives nothing, and says it was interrupted', async () => {
    const n = await setup();
    const stop = new AbortController();
    stop.abort();
    const { o } = options(n, { signal: stop.signal, archive: true });
    const out = await runBatch(o);
    expect(out.billers.filter((b) => b.status === 'interrupted').map((b) => b.billerId)).toEqual(
      expect.arrayContaining([b1.id, b3.id]),
    );
    expect(out.info).toMatchObject({ interrupted: true, exitCode: 130 });
    expect(out.archived).toEqual([]);
    expect(partnerOf(n, b3.id)).toBe(PARTNER_MIPS_APPS);
  });

  it('records the run in the journal, with its billers and its results', async () => {
    const n = await setup();
    const { o } = options(n);
    const journal = Journal.open(join(n.output, 'journal.db'), createSealer(undefined, o.mask));
    closers.push(() => Promise.resolve(journal.close()));
    const meta = { host: 'h', user: 'u', options: '{}', toolVersion: '0.0.0' };
    const out = await runBatch({ ...o, journal, meta });
    expect(journal.runs(5)).toMatchObject([{ id: 'R1', kind: 'run', exitCode: 1, results: out.results.xlsx }]);
    expect(journal.billerHistory(b3.id)).toMatchObject([{ runId: 'R1', status: 'converted' }]);
    expect(journal.billerHistory(b5.id)).toHaveLength(2);
  });

  it('an input folder that does not exist is a configuration error naming it, before anything is written', async () => {
    const n = await setup();
    const missing = join(n.dir, 'no-such-input');
    await expect(runBatch(options(n, { inputDir: missing }).o)).rejects.toThrow(
      new ConfigError(`the input folder ${missing} does not exist`),
    );
    expect(existsSync(join(n.output, 'logs'))).toBe(false);
    expect(partnerOf(n, b1.id)).toBe(PARTNER_MIPS_APPS);
  });
});
