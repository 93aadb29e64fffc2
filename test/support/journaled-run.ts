/**
 * A night as the journal records one, without worksheets or reader workers: billers converted by the engine
 * (convertBiller) in a real embedded CRM, journaled through the run ledger, with the secrets sealed by the
 * command context's own wiring. What rollback tests start from; fast enough for table tests.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { convertBiller } from '../../src/apply/apply-biller.js';
import { withContext } from '../../src/commands/context.js';
import { crmIdentity, loadConfig, type Config } from '../../src/config.js';
import type { Biller } from '../../src/core/biller.js';
import type { BillerSnapshot } from '../../src/core/snapshot.js';
import { RunLedger } from '../../src/journal/run-ledger.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { SqliteTarget } from '../../src/targets/sqlite/sqlite-target.js';
import { tempDir } from './intake.js';
import { biller, mipsSnapshotFor } from './snapshots.js';
import { plainText, sampleBiller } from './workbooks.js';

export const RUN_ID = '20261126T021500Z-beef';

export interface JournaledRun {
  dir: string;
  config: Config;
  /** The environment the night ran with (the journal key, or a config home of its own without one). */
  env: Record<string, string>;
  /** The billers converted, in the journal's order (by id), and each one's CRM state before the night. */
  billers: Biller[];
  before: BillerSnapshot[];
  runId: string;
  crm(): CrmStore;
  /** The CLI flags that point at this night's folders and CRM. */
  args(...extra: string[]): string[];
  cleanup(): Promise<void>;
}

/** sampleBiller(n) as the engine's Biller (validated like a worksheet's). */
function sampleRecord(n: number): Biller {
  const values = Object.entries(sampleBiller(n)).filter(([k]) => k !== 'conversionDate');
  return biller(Object.fromEntries(values.map(([k, v]) => [k, plainText(v)])));
}

/**
 * Converts sampleBiller(n) for each n, journaled as run RUN_ID. `key`: the journal key (hex) the night sealed
 * secrets with; without one the journal holds fingerprints only (XDG_CONFIG_HOME is the test's own, so no key
 * file of another test is found).
 */
export async function journaledRun(
  numbers: readonly number[],
  key?: string,
  /** The CRM state before the night, as the test wants it (default: each biller's MIPS state). */
  shape: (s: BillerSnapshot) => BillerSnapshot = (s) => s,
): Promise<JournaledRun> {
  const { dir, cleanup } = await tempDir('sc-rollback-');
  const input = join(dir, 'input');
  const output = join(dir, 'output');
  const crmDb = join(output, 'crm.db');
  await mkdir(input, { recursive: true });
  await mkdir(output, { recursive: true });
  const env: Record<string, string> = key
    ? { SPECTRUM_CONVERT_JOURNAL_KEY: key }
    : { XDG_CONFIG_HOME: join(dir, 'config') };
  const records = numbers.map(sampleRecord).sort((a, b) => a.billerId.localeCompare(b.billerId));
  const before = records.map((r) => shape(mipsSnapshotFor({ ...r, ftpUsername: r.ftpUsername })));
  const store = CrmStore.open(crmDb);
  store.putSnapshots(before);
  const config = await loadConfig({ env, overrides: { input, output, crmDb } });
  try {
    await convertAll(config, env, records, new SqliteTarget(store));
  } finally {
    store.close();
  }
  return {
    dir,
    config,
    env,
    billers: records,
    before,
    runId: RUN_ID,
    crm: () => CrmStore.open(crmDb),
    args: (...extra) => ['--input', input, '--output', output, '--crm-db', crmDb, ...extra],
    cleanup,
  };
}

async function convertAll(config: Config, env: Record<string, string>, records: Biller[], target: SqliteTarget) {
  const io = { out: () => {}, err: () => {}, env };
  await withContext(config, io, async (ctx) => {
    const journal = ctx.journal(ctx.sealer(ctx.masker()));
    const run = { id: RUN_ID, kind: 'run' as const, ofRun: null, host: 'h', user: 'ops', options: '{}' };
    // The CRM it converted, recorded as a night of this version does (rollback checks it).
    const crm = crmIdentity(config);
    const ledger = RunLedger.start(journal, { ...run, toolVersion: '0.0.0', ...(crm ? { crm } : {}) });
    for (const [i, b] of records.entries()) {
      const where = { file: 'table.xlsx', sheet: 'Billers', row: i + 2 };
      const meta = { billerId: b.billerId, billerName: b.billerName, sha256: 'a'.repeat(64), ...where };
      const outcome = await convertBiller(target, b, { hooks: ledger.hooks(meta), owner: RUN_ID });
      if (outcome.status !== 'converted') throw new Error(`${b.billerId} not converted: ${outcome.error?.message}`);
      const result = { ...where, billerId: b.billerId, billerName: b.billerName, status: outcome.status };
      ledger.billerEnd(
        { ...result, changes: outcome.applied, followUps: [] },
        { sha256: meta.sha256, undone: false, after: outcome.after },
      );
    }
    const ended = { endedAt: new Date().toISOString(), counts: { converted: records.length }, exitCode: 0 };
    journal.endRun(RUN_ID, { ...ended, state: 'done', results: null });
  });
}
