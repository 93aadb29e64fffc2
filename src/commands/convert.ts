/**
 * `spectrum-convert convert FILE|DIR... [--dry-run] [--only ID,...]`: convert the billers of
 * the given worksheets now, one after the other, against the configured CRM, and print every
 * change. The nightly `run` does the same over input/ with a queue and a results workbook.
 */
import { fingerprintKeyPath, type Config } from '../config.js';
import { describe, shownValues } from '../core/change.js';
import { formatIssue } from '../core/issues.js';
import type { BillerStatus } from '../core/status.js';
import { readFieldMap } from '../field-map-file.js';
import { convertBiller, type BillerOutcome } from '../apply/apply-biller.js';
import { createMasker, installationKey } from '../mask.js';
import { intake } from '../read/intake.js';
import { listInputs } from '../read/list-inputs.js';
import { createReadPool } from '../read/read-pool.js';
import type { CommandContext } from './context.js';

export interface ConvertArgs {
  paths: string[];
  dryRun: boolean;
  only?: Set<string>;
}

export async function convertCommand(
  args: ConvertArgs,
  config: Config,
  ctx: CommandContext,
): Promise<{ code: number; outcomes: BillerOutcome[] }> {
  const { io } = ctx;
  const fieldMap = await readFieldMap(config.fieldMap);
  const pool = ctx.own('reader pool', createReadPool(config.readWorkers, config.limits, fieldMap), (p) => p.close());
  const target = ctx.target();
  const mask = createMasker(installationKey(fingerprintKeyPath(config)));
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
      const outcome = await convertBiller(target, found.record, {
        dryRun: args.dryRun,
        planOptions: config.defaultInvoiceFormatGuid
          ? { defaultInvoiceFormatGuid: config.defaultInvoiceFormatGuid }
          : {},
      });
      outcomes.push(outcome);
      statuses.push(outcome.status);
      io.out(
        `${outcome.status.padEnd(18)} ${found.record.billerName} (${outcome.billerId})${outcome.error ? `: ${outcome.error.code} ${outcome.error.message}` : ''}`,
      );
      const shown = outcome.status === 'planned' || outcome.status === 'converted' ? (outcome.plan?.changes ?? []) : [];
      for (const c of shown) {
        const v = shownValues(c, mask);
        io.out(
          `    ${c.section.padEnd(38)} ${describe(c)}${v.before || v.after ? `: ${v.before || '∅'} → ${v.after || '∅'}` : ''}`,
        );
      }
      for (const r of outcome.remaining ?? []) io.out(`    STILL DIFFERENT: ${r}`);
    }
  }
  const unmatched = [...(args.only ?? [])].filter((id) => !seen.has(id));
  for (const id of unmatched)
    io.err(`WARN --only ${id}: no biller with this id in ${args.paths.join(', ')} (check the id)`);
  const bad = statuses.some((s) => s === 'failed' || s === 'blocked' || s === 'invalid') || unmatched.length > 0;
  const code = statuses.includes('rollback-failed') ? 3 : bad ? 1 : 0;
  return { code, outcomes };
}
