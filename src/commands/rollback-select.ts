/**
 * What a rollback is about: the run (refused before the CRM is touched when there is no journal, or the journal
 * holds no run of that id) and which of the billers it converted; a --biller id the run did not convert is
 * warned about, never dropped in silence.
 */
import { existsSync } from 'node:fs';
import { journalPath } from '../config.js';
import { crmMatch, type CrmIdentity } from '../core/crm-match.js';
import { UsageError } from '../errors.js';
import type { Journal, RunRecord } from '../journal/journal.js';
import type { Sealer } from '../journal/seal.js';
import type { Masker } from '../mask.js';
import type { CommandContext } from './context.js';

export interface RollbackArgs {
  runId: string;
  billers?: ReadonlySet<string>;
  force: boolean;
  json: boolean;
  dryRun: boolean;
  yes: boolean;
}

/** A biller the run converted, as the journal decoded it: its record, the state before, the state it left. */
export type ConvertedBiller = ReturnType<Journal['converted']>[number];

export interface RollbackJournal {
  journal: Journal;
  sealer: Sealer;
  mask: Masker;
  run: RunRecord;
}

/** The journal, opened with its key (through the context), and the run to roll back. */
export function openRollbackJournal(runId: string, ctx: CommandContext): RollbackJournal {
  const path = journalPath(ctx.config);
  if (!existsSync(path)) throw new UsageError(`no journal at ${path}: nothing to roll back`);
  const mask = ctx.masker();
  const sealer = ctx.sealer(mask);
  const journal = ctx.journal(sealer);
  const run = journal.run(runId);
  if (!run || run.kind !== 'run')
    throw new UsageError(`run ${runId} is not in the journal (see spectrum-convert history)`);
  return { journal, sealer, mask, run };
}

/** The converted billers chosen by `only` (all without it), and the ids of `only` the run did not convert. */
export function selectBillers(
  converted: readonly ConvertedBiller[],
  args: Pick<RollbackArgs, 'runId' | 'billers'>,
  warn: (line: string) => void,
): { chosen: ConvertedBiller[]; unmatched: string[] } {
  const only = args.billers;
  const chosen = converted.filter((c) => !only || only.has(c.record.billerId));
  const unmatched = [...(only ?? [])].filter((b) => !converted.some((c) => c.record.billerId === b));
  for (const b of unmatched)
    warn(
      `WARN --biller ${b}: run ${args.runId} converted no biller with this id (see spectrum-convert history ` +
        `--biller ${b})`,
    );
  return { chosen, unmatched };
}

/**
 * A rollback writes a run's before-states into tonight's CRM: refused, before the CRM is touched, when the
 * run converted another one. A run of an earlier version did not record its CRM: said, and each biller is
 * still compared with the state that run left (changed since: refused unless --force).
 */
export function requireSameCrm(
  runId: string,
  recorded: CrmIdentity | null,
  tonight: CrmIdentity | null,
  warn: (line: string) => void,
): void {
  const match = crmMatch(recorded, tonight);
  if (match === 'same') return;
  const here = tonight ? tonight.label : 'a CRM not known';
  if (match === 'other' && recorded)
    throw new UsageError(
      `run ${runId} converted ${recorded.label}, not ${here}: rolling it back here would write its states ` +
        `before into another CRM. Nothing was written; roll it back against ${recorded.label}`,
    );
  warn(
    `WARN run ${runId} did not record which CRM it converted (an earlier version started it): whether it is ` +
      `${here} cannot be checked; each biller is compared with the state that run left instead`,
  );
}
