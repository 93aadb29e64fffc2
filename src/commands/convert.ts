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
import { openTarget } from '../targets/index.js';
import type { Printer } from './crm.js';

export interface ConvertArgs { paths: string[]; dryRun: boolean; only?: Set<string>; env: Record<string, string | undefined> }

export async function convertCommand(args: ConvertArgs, config: Config, io: Printer): Promise<{ code: number; outcomes: BillerOutcome[] }> {
  const fieldMap = await readFieldMap(config.fieldMap);
  const pool = createReadPool(config.readWorkers, config.limits, fieldMap);
  const target = openTarget(config, { env: args.env });
  const mask = createMasker(installationKey(fingerprintKeyPath(config)));
  const outcomes: BillerOutcome[] = [];
  const statuses: BillerStatus[] = [];
  try {
    for await (const report of intake(await listInputs(args.paths), { pool })) {
      for (const issue of report.issues.filter((i) => i.severity === 'error')) io.out(`✖ ${formatIssue(issue)}`);
      for (const found of report.billers) {
        if (args.only && !args.only.has(found.billerId ?? '')) continue;
        if (!found.record) { statuses.push('invalid'); io.out(`invalid            ${found.billerName ?? '?'} (${found.billerId ?? 'no id'}) in ${report.file}`); continue; }
        const outcome = await convertBiller(target, found.record, { dryRun: args.dryRun, planOptions: config.defaultInvoiceFormatGuid ? { defaultInvoiceFormatGuid: config.defaultInvoiceFormatGuid } : {} });
        outcomes.push(outcome);
        statuses.push(outcome.status);
        io.out(`${outcome.status.padEnd(18)} ${found.record.billerName} (${outcome.billerId})${outcome.error ? `: ${outcome.error.code} ${outcome.error.message}` : ''}`);
        const shown = outcome.status === 'planned' || outcome.status === 'converted' ? outcome.plan?.changes ?? [] : [];
        for (const c of shown) {
          const v = shownValues(c, mask);
          io.out(`    ${c.section.padEnd(38)} ${describe(c)}${v.before || v.after ? `: ${v.before || '∅'} → ${v.after || '∅'}` : ''}`);
        }
        for (const r of outcome.remaining ?? []) io.out(`    STILL DIFFERENT: ${r}`);
      }
    }
  } finally {
    await target.close();
    await pool.close();
  }
  const code = statuses.includes('rollback-failed') ? 3 : statuses.some((s) => s === 'failed' || s === 'blocked' || s === 'invalid') ? 1 : 0;
  return { code, outcomes };
}
