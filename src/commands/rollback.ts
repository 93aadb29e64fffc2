/**
 * `spectrum-convert rollback --run RUN_ID [--biller ID]... [--force]`: put the billers a run
 * converted back as they were before it, through the same engine (maintenance window, read
 * back, all or nothing per biller). A biller someone changed since the run is refused unless
 * --force. A rollback is a run of its own in the journal, with its own results workbook.
 */
import { hostname, userInfo } from 'node:os';
import { existsSync } from 'node:fs';
import { applyPlan, inMaintenance } from '../apply/apply-biller.js';
import { acquireLocks, LockedError } from '../batch/lock.js';
import { defaultJournalKeyFile, fingerprintKeyPath, journalPath, lockPaths, type Config } from '../config.js';
import { settingName } from '../core/checklist.js';
import type { FollowUp } from '../core/plan.js';
import { reportRows } from '../core/report-rows.js';
import { changesToReach } from '../core/restore.js';
import { differences } from '../core/simulate.js';
import { reveal, type BillerSnapshot } from '../core/snapshot.js';
import { countByStatus, EXIT_CODES, exitCode, summaryLine, type BillerResult } from '../core/summary.js';
import { UsageError } from '../errors.js';
import { Journal } from '../journal/journal.js';
import { createSealer, resolveJournalKey, type Sealer } from '../journal/seal.js';
import { createMasker, installationKey } from '../mask.js';
import { writeResults } from '../report/results-workbook.js';
import { openTarget } from '../targets/index.js';
import type { TargetPort } from '../targets/target-port.js';
import { newRunId, toolVersion } from './run.js';

export interface RollbackArgs { runId: string; billers?: ReadonlySet<string>; force: boolean; json: boolean; env: Record<string, string | undefined>; err: (l: string) => void; wrapTarget?: ((t: TargetPort) => TargetPort) | undefined }

/** What differs between the state a run left and the CRM now; secrets the journal only masked compare by fingerprint. */
function drift(left: BillerSnapshot, unknown: Map<number, string>, now: BillerSnapshot, sealer: Sealer): string[] {
  const known = { ...left, advancedSettings: { ...left.advancedSettings } };
  const current = { ...now, advancedSettings: { ...now.advancedSettings } };
  const out: string[] = [];
  for (const [n, sealed] of unknown) {
    const v = reveal(current.advancedSettings[n]);
    if (v === null || !sealer.matches(sealed, v)) out.push(`advanced_setting ${n}: differs`);
    delete current.advancedSettings[n];
  }
  return [...out, ...differences(known, current)].sort();
}

/** The secret settings to restore that the sealer cannot open, and whose CRM value is not already the journaled one. */
function unopenable(unknown: Map<number, string>, current: BillerSnapshot, sealer: Sealer): number[] {
  const out: number[] = [];
  for (const [n, sealed] of unknown) {
    const v = reveal(current.advancedSettings[n]);
    let same: boolean;
    try { same = v !== null && sealer.matches(sealed, v); } catch { same = false; }
    if (!same) out.push(n);
  }
  return out.sort((a, b) => a - b);
}

export async function rollbackCommand(args: RollbackArgs, config: Config, out: (line: string) => void): Promise<number> {
  if (!existsSync(journalPath(config))) throw new UsageError(`no journal at ${journalPath(config)}: nothing to roll back`);
  const mask = createMasker(installationKey(fingerprintKeyPath(config), { journal: journalPath(config), warn: args.err }));
  const sealer = createSealer(resolveJournalKey(args.env, config.journalKeyFile, defaultJournalKeyFile(args.env)), mask);
  const journal = Journal.open(journalPath(config), sealer);
  const id = newRunId();
  let lock;
  try {
    const run = journal.run(args.runId);
    if (!run || run.kind !== 'run') throw new UsageError(`run ${args.runId} is not in the journal (see spectrum-convert history)`);
    try {
      lock = acquireLocks(lockPaths(config), id);
    } catch (e) {
      if (e instanceof LockedError) { args.err(`spectrum-convert: ${e.message}`); return EXIT_CODES.locked; }
      throw e;
    }
    const startedAt = new Date();
    journal.startRun({ id, kind: 'rollback', startedAt: startedAt.toISOString(), host: hostname(), user: userInfo().username, pid: process.pid, options: JSON.stringify({ run: args.runId, billers: args.billers ? [...args.billers] : 'all', force: args.force }), toolVersion: toolVersion(), ofRun: args.runId });
    const base = openTarget(config, { env: args.env });
    const target = args.wrapTarget ? args.wrapTarget(base) : base;
    const results: BillerResult[] = [];
    const followUps: FollowUp[] = [];
    try {
      for (const { record, before, after } of journal.converted(args.runId)) {
        if (args.billers && !args.billers.has(record.billerId)) continue;
        const row = { billerId: record.billerId, billerName: record.billerName, file: record.file ?? '', sheet: record.sheet ?? '', ...(record.row ? { row: record.row } : {}), changes: [], followUps: [] };
        const current = await target.readSnapshot(record.billerId);
        if (!current) { results.push({ ...row, status: 'failed', error: { code: 'CRM.NOT_FOUND', message: 'the biller is no longer in the CRM' } }); continue; }
        // All or nothing: a secret the journal cannot open (no key, another key) that differs from the CRM's
        // would be left converted beside restored settings, so the biller is refused before any write.
        const locked = unopenable(before.unknownSecrets, current, sealer);
        if (locked.length) {
          results.push({ ...row, status: 'blocked', error: { code: 'ROLLBACK.NEEDS_KEY', message: `Advanced Settings ${locked.map((n) => `${n} (${settingName(n)})`).join(', ')} must be restored but the journal holds ${sealer.canOpen ? 'them sealed with another key' : 'only their fingerprints (no journal key was configured)'}: nothing was changed. Set SPECTRUM_CONVERT_JOURNAL_KEY or journalKeyFile to the key of run ${args.runId}, then roll back again` } });
          continue;
        }
        const changedSince = drift(after.snapshot, after.unknownSecrets, current, sealer);
        if (changedSince.length && !args.force) {
          results.push({ ...row, status: 'blocked', error: { code: 'ROLLBACK.CHANGED_SINCE', message: `changed since run ${args.runId}, not overwritten (use --force to roll back anyway): ${changedSince.join('; ')}` } });
          continue;
        }
        if (current.maintenance) { results.push({ ...row, status: 'blocked', error: inMaintenance(current) }); continue; }
        const changes = changesToReach(current, before.snapshot, new Set(before.unknownSecrets.keys()));
        const meta = { billerId: record.billerId, billerName: record.billerName, file: record.file ?? '', sha256: record.sha256, sheet: record.sheet ?? '', row: record.row };
        const outcome = changes.length
          ? await applyPlan(target, current, { billerId: record.billerId, changes, followUps: [] }, { began: (b, p) => journal.billerBegin(id, meta, b, p.changes), applied: (i) => journal.changeApplied(id, record.billerId, i) }, id)
          : undefined;
        const status = !outcome || outcome.status === 'converted' ? 'rolled-back' : outcome.status;
        const result: BillerResult = { ...row, status, changes: status === 'rolled-back' ? changes : [], ...(outcome?.error ? { error: outcome.error } : {}), ...(outcome?.remaining ? { remaining: outcome.remaining } : {}) };
        journal.billerEnd(id, result, { sha256: record.sha256, undone: status !== 'rolled-back', note: `rollback of run ${args.runId}` });
        results.push(result);
      }
    } finally {
      await target.close();
    }
    const code = exitCode(results, [], false);
    const info = { runId: id, mode: 'rollback' as const, startedAt, endedAt: new Date(), target: target.name, concurrency: 1, now: startedAt.toISOString().slice(0, 10), commandLine: `spectrum-convert rollback --run ${args.runId}`, exitCode: code, interrupted: false };
    const rows = reportRows(info, [], results, mask, followUps);
    const written = await writeResults(config.output, startedAt, rows, { ...info, counts: countByStatus(results), ...rows });
    journal.endRun(id, { endedAt: info.endedAt.toISOString(), counts: countByStatus(results), exitCode: code, state: 'done', results: written.xlsx });
    if (args.json) out(JSON.stringify({ runId: id, rollbackOf: args.runId, exitCode: code, counts: countByStatus(results), results: written }, null, 2));
    else {
      for (const r of results) out(`${r.status.padEnd(16)} ${r.billerName ?? ''} (${r.billerId ?? ''})${r.error ? `: ${r.error.code} ${r.error.message}` : ''}`);
      for (const f of followUps) out(`follow-up ${f.billerId}: ${f.reason}`);
      out(`${summaryLine(results)}\nResults: ${written.xlsx}\nRollback run id: ${id}`);
    }
    return code;
  } finally {
    lock?.release();
    journal.close();
  }
}
