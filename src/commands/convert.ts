/**
 * `spectrum-convert convert FILE|DIR... [--dry-run] [--only ID,...]`: convert the billers of
 * the given worksheets now, one after the other, against the configured CRM, and print every
 * change. The nightly `run` does the same over input/ with a queue and a results workbook.
 */
import { crmLockPath } from '../config.js';
import { describe, shownValues } from '../core/change.js';
import type { Biller } from '../core/biller.js';
import { formatIssue } from '../core/issues.js';
import type { BillerStatus } from '../core/status.js';
import { exitCodeOf } from '../core/summary.js';
import { convertBiller, type BillerOutcome } from '../apply/apply-biller.js';
import type { Masker } from '../mask.js';
import { intake } from '../read/intake.js';
import { listInputs } from '../read/list-inputs.js';
import { requireCrm } from '../targets/index.js';
import type { TargetPort } from '../targets/target-port.js';
import type { CommandContext } from './context.js';

export interface ConvertArgs {
  paths: string[];
  dryRun: boolean;
  only?: Set<string>;
}

export async function convertCommand(
  args: ConvertArgs,
  ctx: CommandContext,
): Promise<{ code: number; outcomes: BillerOutcome[] }> {
  const { config, io } = ctx;
  requireCrm(config);
  ctx.lock(crmLockPath(config), 'convert');
  const pool = await ctx.readPool();
  const target = ctx.target();
  const mask = ctx.masker();
  const outcomes: BillerOutcome[] = [];
  const statuses: BillerStatus[] = [];
  const seen = new Set<string>();
  for await (const report of intake(await listInputs(args.paths), { pool })) {
    for (const issue of report.issues.filter((i) => i.severity === 'error')) io.out(`✖ ${formatIssue(issue)}`);
    for (const found of report.billers) {
      seen.add((found.billerId ?? '').toUpperCase());
      if (args.only && !args.only.has((found.billerId ?? '').toUpperCase())) continue;
      if (!found.record) {
        statuses.push('invalid');
        io.out(`invalid            ${found.billerName ?? '?'} (${found.billerId ?? 'no id'}) in ${report.file}`);
        continue;
      }
      const outcome = await convertOne(found.record, args.dryRun, target, mask, ctx);
      outcomes.push(outcome);
      statuses.push(outcome.status);
    }
  }
  const unmatched = [...(args.only ?? [])].filter((id) => !seen.has(id));
  for (const id of unmatched)
    io.err(`WARN --only ${id}: no biller with this id in ${args.paths.join(', ')} (check the id)`);
  return { code: exitCodeOf(statuses, { unmatched: unmatched.length }), outcomes };
}

/** Convert one biller and print its outcome and the changes planned or made (secrets masked). */
async function convertOne(
  record: Biller,
  dryRun: boolean,
  target: TargetPort,
  mask: Masker,
  ctx: CommandContext,
): Promise<BillerOutcome> {
  const { config, io } = ctx;
  const outcome = await convertBiller(target, record, {
    dryRun,
    planOptions: config.defaultInvoiceFormatGuid ? { defaultInvoiceFormatGuid: config.defaultInvoiceFormatGuid } : {},
  });
  io.out(
    `${outcome.status.padEnd(18)} ${record.billerName} (${outcome.billerId})` +
      `${outcome.error ? `: ${outcome.error.code} ${outcome.error.message}` : ''}`,
  );
  const shown = outcome.status === 'planned' || outcome.status === 'converted' ? (outcome.plan?.changes ?? []) : [];
  for (const c of shown) {
    const v = shownValues(c, mask);
    io.out(
      `    ${c.section.padEnd(38)} ${describe(c)}` +
        `${v.before || v.after ? `: ${v.before || '∅'} → ${v.after || '∅'}` : ''}`,
    );
  }
  for (const r of outcome.remaining ?? []) io.out(`    STILL DIFFERENT: ${r}`);
  return outcome;
}
