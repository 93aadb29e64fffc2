/**
 * `spectrum-convert rollback --run RUN_ID [--biller ID]... [--force]`: put the billers a run
 * converted back as they were before it, through the same engine (maintenance window, read
 * back, all or nothing per biller). A biller someone changed since the run is refused unless
 * --force. A rollback is a run of its own in the journal, with its own results workbook.
 */
import { hostname, userInfo } from 'node:os';
import { existsSync } from 'node:fs';
import { applyPlan, inMaintenance } from '../apply/apply-biller.js';
import { journalPath, lockPaths } from '../config.js';
import { settingName } from '../core/checklist.js';
import type { FollowUp } from '../core/plan.js';
import { reportRows } from '../core/report-rows.js';
import { changesToReach } from '../core/restore.js';
import { differences } from '../core/simulate.js';
import type { Change } from '../core/change.js';
import { reveal, type BillerSnapshot } from '../core/snapshot.js';
import { countByStatus, EXIT_CODES, exitCodeOf, summaryLine, type BillerResult } from '../core/summary.js';
import { UsageError } from '../errors.js';
import type { Journal } from '../journal/journal.js';
import { RunLedger } from '../journal/run-ledger.js';
import type { Sealer } from '../journal/seal.js';
import type { TargetPort } from '../targets/target-port.js';
import { requireCrm } from '../targets/index.js';
import { confirm } from './confirm.js';
import type { CommandContext } from './context.js';
import { newRunId, toolVersion } from './run.js';

export interface RollbackArgs {
  runId: string;
  billers?: ReadonlySet<string>;
  force: boolean;
  json: boolean;
  dryRun: boolean;
  yes: boolean;
}

/**
 * What differs between the state a run left and the CRM now; secrets the journal only masked compare by fingerprint.
 */
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
    try {
      same = v !== null && sealer.matches(sealed, v);
    } catch {
      same = false;
    }
    if (!same) out.push(n);
  }
  return out.sort((a, b) => a - b);
}

type Converted = ReturnType<Journal['converted']>[number];
type Assessment =
  | { kind: 'gone' }
  | { kind: 'needs-key'; locked: number[] }
  | { kind: 'changed'; drift: string[] }
  | { kind: 'maintenance' }
  | { kind: 'restore'; changes: Change[]; drift: string[] };

/**
 * What rolling back one biller means now: it is gone, someone changed it since (refused unless --force), or these
 * changes.
 */
function assess(c: Converted, current: BillerSnapshot | null, sealer: Sealer, force: boolean): Assessment {
  if (!current) return { kind: 'gone' };
  // All or nothing: a secret the journal cannot open (no key, another key) that differs from the CRM's
  // would be left converted beside restored settings, so the biller is refused before any write.
  const locked = unopenable(c.before.unknownSecrets, current, sealer);
  if (locked.length) return { kind: 'needs-key', locked };
  const changedSince = drift(c.after.snapshot, c.after.unknownSecrets, current, sealer);
  if (changedSince.length && !force) return { kind: 'changed', drift: changedSince };
  if (current.maintenance) return { kind: 'maintenance' };
  return {
    kind: 'restore',
    changes: changesToReach(current, c.before.snapshot, new Set(c.before.unknownSecrets.keys())),
    drift: changedSince,
  };
}

/** The preview: one line per biller, before anything is written. */
async function preview(
  args: RollbackArgs,
  chosen: readonly Converted[],
  target: TargetPort,
  sealer: Sealer,
  err: (l: string) => void,
): Promise<number> {
  let restoring = 0;
  for (const c of chosen) {
    const a = assess(c, await target.readSnapshot(c.record.billerId), sealer, args.force);
    const who = `${c.record.billerId} ${c.record.billerName}`;
    if (a.kind === 'gone') err(`  ${who}: no longer in the CRM (will fail)`);
    else if (a.kind === 'needs-key')
      err(
        `  ${who}: will be refused: Advanced Settings ${a.locked.join(', ')} need the journal key of run ${args.runId}`,
      );
    else if (a.kind === 'maintenance') err(`  ${who}: in a maintenance window now, will be refused`);
    else if (a.kind === 'changed')
      err(
        `  ${who}: changed since run ${args.runId}, will be refused (--force to roll back anyway): ` +
          `${a.drift.join('; ')}`,
      );
    else {
      restoring++;
      const what = a.changes.length ? `${plural(a.changes.length, 'change')} to restore` : 'already as before the run';
      err(`  ${who}: ${what}${a.drift.length ? ' (changed since the run: --force)' : ''}`);
    }
  }
  return restoring;
}

export async function rollbackCommand(args: RollbackArgs, ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const out = io.out;
  if (!existsSync(journalPath(config)))
    throw new UsageError(`no journal at ${journalPath(config)}: nothing to roll back`);
  const mask = ctx.masker();
  const sealer = ctx.sealer(mask);
  const journal = ctx.journal(sealer);
  const id = newRunId();
  const run = journal.run(args.runId);
  if (!run || run.kind !== 'run')
    throw new UsageError(`run ${args.runId} is not in the journal (see spectrum-convert history)`);
  requireCrm(config);
  ctx.lock(lockPaths(config), id);
  const target = ctx.target();
  const converted = journal.converted(args.runId);
  const chosen = converted.filter((c) => !args.billers || args.billers.has(c.record.billerId));
  const unmatched = [...(args.billers ?? [])].filter((b) => !converted.some((c) => c.record.billerId === b));
  for (const b of unmatched)
    io.err(
      `WARN --biller ${b}: run ${args.runId} converted no biller with this id (see spectrum-convert history ` +
        `--biller ${b})`,
    );
  io.err(`rollback of run ${args.runId} (${run.startedAt}): ${chosen.length} biller${chosen.length === 1 ? '' : 's'}`);
  const restoring = await preview(args, chosen, target, sealer, io.err);
  if (!chosen.length) return unmatched.length ? EXIT_CODES.someFailed : EXIT_CODES.ok;
  const billers = args.billers ? ` --biller ${[...args.billers].join(',')}` : '';
  const rerun = `spectrum-convert rollback --run ${args.runId}${billers}${args.force ? ' --force' : ''}`;
  const decision = await confirm(io, {
    what: `roll back ${restoring} biller(s) of run ${args.runId}`,
    rerun,
    yes: args.yes,
    dryRun: args.dryRun,
  });
  if (decision !== 'go') return decision === 'dry-run' && !unmatched.length ? EXIT_CODES.ok : EXIT_CODES.someFailed;
  const ledger = RunLedger.start(journal, {
    id,
    kind: 'rollback',
    host: hostname(),
    user: userInfo().username,
    options: JSON.stringify({ run: args.runId, billers: args.billers ? [...args.billers] : 'all', force: args.force }),
    toolVersion: toolVersion(),
    ofRun: args.runId,
  });
  const startedAt = ledger.startedAt;
  const results: BillerResult[] = [];
  const followUps: FollowUp[] = [];
  for (const c of chosen) {
    const { record } = c;
    const row = {
      billerId: record.billerId,
      billerName: record.billerName,
      file: record.file ?? '',
      sheet: record.sheet ?? '',
      ...(record.row ? { row: record.row } : {}),
      changes: [],
      followUps: [],
    };
    // Read again: the preview may be minutes old when a person confirmed it.
    const current = await target.readSnapshot(record.billerId);
    const a = assess(c, current, sealer, args.force);
    if (a.kind === 'gone' || !current) {
      results.push({
        ...row,
        status: 'failed',
        error: { code: 'CRM.NOT_FOUND', message: 'the biller is no longer in the CRM' },
      });
      continue;
    }
    if (a.kind === 'needs-key') {
      const what = sealer.canOpen
        ? 'them sealed with another key'
        : 'only their fingerprints (no journal key was configured)';
      results.push({
        ...row,
        status: 'blocked',
        error: {
          code: 'ROLLBACK.NEEDS_KEY',
          message:
            `Advanced Settings ${a.locked.map((n) => `${n} (${settingName(n)})`).join(', ')} must be restored ` +
            `but the journal holds ${what}: nothing was changed. Set SPECTRUM_CONVERT_JOURNAL_KEY or journalKeyFile ` +
            `to the key of run ${args.runId}, then roll back again`,
        },
      });
      continue;
    }
    if (a.kind === 'maintenance') {
      results.push({ ...row, status: 'blocked', error: inMaintenance(current) });
      continue;
    }
    if (a.kind === 'changed') {
      results.push({
        ...row,
        status: 'blocked',
        error: {
          code: 'ROLLBACK.CHANGED_SINCE',
          message:
            `changed since run ${args.runId}, not overwritten (use --force to roll back anyway): ` +
            `${a.drift.join('; ')}`,
        },
      });
      continue;
    }
    const changes = a.changes;
    const meta = {
      billerId: record.billerId,
      billerName: record.billerName,
      file: record.file ?? '',
      sha256: record.sha256,
      sheet: record.sheet ?? '',
      row: record.row,
    };
    const outcome = changes.length
      ? await applyPlan(target, current, { billerId: record.billerId, changes, followUps: [] }, ledger.hooks(meta), id)
      : undefined;
    const status = !outcome || outcome.status === 'converted' ? 'rolled-back' : outcome.status;
    const result: BillerResult = {
      ...row,
      status,
      changes: status === 'rolled-back' ? changes : [],
      ...(outcome?.error ? { error: outcome.error } : {}),
      ...(outcome?.remaining ? { remaining: outcome.remaining } : {}),
    };
    ledger.billerEnd(result, {
      sha256: record.sha256,
      undone: outcome?.undone ?? false,
      note: `rollback of run ${args.runId}`,
    });
    results.push(result);
  }
  const code = exitCodeOf(
    results.map((r) => r.status),
    { unmatched: unmatched.length },
  );
  const info = {
    runId: id,
    mode: 'rollback' as const,
    startedAt,
    endedAt: new Date(),
    target: target.name,
    concurrency: 1,
    now: startedAt.toISOString().slice(0, 10),
    commandLine: `spectrum-convert rollback --run ${args.runId}`,
    exitCode: code,
    interrupted: false,
    timeZone: config.timeZone,
  };
  const rows = reportRows(info, [], results, mask, followUps);
  const written = await ledger.finish(config.output, info, rows, results);
  if (args.json)
    out(
      JSON.stringify(
        {
          runId: id,
          rollbackOf: args.runId,
          exitCode: code,
          counts: countByStatus(results),
          results: written,
          unmatched,
        },
        null,
        2,
      ),
    );
  else {
    for (const r of results)
      out(
        `${r.status.padEnd(16)} ${r.billerName ?? ''} (${r.billerId ?? ''})` +
          (r.error ? `: ${r.error.code} ${r.error.message}` : ''),
      );
    for (const f of followUps) out(`follow-up ${f.billerId}: ${f.reason}`);
    out(`${summaryLine(results)}\nResults: ${written.xlsx}\nRollback run id: ${id}`);
  }
  return code;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
