/**
 * How the parsed flags of run, plan, rollback and history become their commands' arguments, with the checks a
 * flag needs beyond its type (a real date, a run id, one biller).
 */
import { UsageError } from '../errors.js';
import type { CommandContext } from './context.js';
import { historyCommand } from './history.js';
import { idSet, str, whole, type Parsed } from './options.js';
import { rollbackCommand } from './rollback.js';
import { runCommand } from './run.js';

type RunArgs = Parameters<typeof runCommand>[0];
type RollbackArgs = Parameters<typeof rollbackCommand>[0];
type HistoryArgs = Parameters<typeof historyCommand>[0];

function nowFlag(p: Parsed): string | undefined {
  const now = str(p.values, 'now');
  if (now === undefined) return undefined;
  const [y, m, d] = now.split('-').map(Number);
  const real = /^\d{4}-\d{2}-\d{2}$/.test(now) && new Date(Date.UTC(y!, m! - 1, d)).toISOString().slice(0, 10) === now;
  if (!real) throw new UsageError(`--now must be a date as YYYY-MM-DD (got ${now})`);
  return now;
}

/** The arguments of a night (run or plan) from its flags: pure, so its checks are tested without a night. */
export function nightArgs(mode: 'run' | 'plan', p: Parsed, argv: readonly string[]): RunArgs {
  return {
    mode: mode === 'plan' || p.values['dry-run'] === true ? 'plan' : 'run',
    now: nowFlag(p),
    only: idSet(p.values, 'only'),
    json: p.values.json === true,
    quiet: p.values.quiet === true,
    commandLine: ['spectrum-convert', ...argv].join(' '),
  };
}

export function night(mode: 'run' | 'plan') {
  return (p: Parsed, ctx: CommandContext, argv: readonly string[]) => runCommand(nightArgs(mode, p, argv), ctx);
}

/** The arguments of a rollback from its flags. */
export function rollbackArgs(p: Parsed): RollbackArgs {
  const runId = str(p.values, 'run');
  if (!runId) throw new UsageError('rollback needs --run RUN_ID (see spectrum-convert history)');
  const billers = idSet(p.values, 'biller');
  const v = p.values;
  return {
    runId,
    ...(billers ? { billers } : {}),
    force: v.force === true,
    json: v.json === true,
    dryRun: v['dry-run'] === true,
    yes: v.yes === true,
  };
}

export function rollback(p: Parsed, ctx: CommandContext): Promise<number> {
  return rollbackCommand(rollbackArgs(p), ctx);
}

/** The arguments of history from its flags. */
export function historyArgs(p: Parsed): HistoryArgs {
  const limit = str(p.values, 'limit') === undefined ? 20 : whole('limit', str(p.values, 'limit')!, 1);
  const biller = idSet(p.values, 'biller');
  if (biller && biller.size > 1) throw new UsageError('history --biller takes one biller id');
  return { limit, biller: biller ? [...biller][0] : undefined, json: p.values.json === true };
}

export function history(p: Parsed, ctx: CommandContext): number {
  return historyCommand(historyArgs(p), ctx);
}
