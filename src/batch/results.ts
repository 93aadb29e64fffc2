/** Turning what happened to one biller into its results row, and feeding its secrets to the scrubber. */
import type { BillerOutcome } from '../apply/apply-biller.js';
import type { Biller } from '../core/biller.js';
import type { Change } from '../core/change.js';
import type { BillerFound, FileReport } from '../core/file-report.js';
import { formatIssue } from '../core/issues.js';
import { Secret } from '../core/secret.js';
import type { SecretScrubber } from '../core/scrub.js';
import type { BillerResult } from '../core/summary.js';

type Settled = Pick<BillerOutcome, 'status' | 'plan' | 'remaining'> & { error?: BillerResult['error'] };

export function billerResult(report: FileReport, b: BillerFound, outcome: Settled): BillerResult {
  const shown = outcome.status === 'converted' || outcome.status === 'planned' ? outcome.plan?.changes ?? [] : [];
  return {
    billerId: b.billerId, billerName: b.billerName, status: outcome.status, file: report.file, sheet: b.sheet, ...(b.row ? { row: b.row } : {}),
    changes: shown,
    followUps: outcome.status === 'converted' || outcome.status === 'planned' || outcome.status === 'already-converted' ? outcome.plan?.followUps ?? [] : [],
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.remaining ? { remaining: outcome.remaining } : {}),
  };
}

/** The first error of an invalid biller, named by its cell; the Errors sheet lists them all. */
export function invalidResult(report: FileReport, b: BillerFound): BillerResult {
  const mine = report.issues.filter((i) => i.severity === 'error' && i.sheet === b.sheet && (b.row === undefined || Number(/\d+$/.exec(i.cell ?? '')?.[0]) === b.row));
  const first = mine[0] ?? report.issues.find((i) => i.severity === 'error');
  return billerResult(report, b, {
    status: 'invalid',
    error: { code: first?.code ?? 'WORKSHEET.INVALID', message: `${first ? formatIssue(first) : 'the worksheet is not valid'}${mine.length > 1 ? ` (and ${mine.length - 1} more: see Errors)` : ''}` },
  });
}

export function interruptedResult(report: FileReport, b: BillerFound): BillerResult {
  return billerResult(report, b, { status: 'interrupted', error: { code: 'RUN.INTERRUPTED', message: 'the run was stopped before this biller started; nothing was touched' } });
}

/** Every secret a biller or a change carries, whole and in parts, so no log line can show it. */
export function registerSecrets(scrubber: SecretScrubber, from: Biller | Change): void {
  if ('rtdr' in from) {
    for (const c of [from.rtdr, from.payments]) {
      scrubber.add(c.privateKey.reveal(), c.password.reveal(), `${c.privateKey.reveal()}|${c.password.reveal()}`);
    }
    return;
  }
  for (const v of [from.before, from.after]) {
    if (v instanceof Secret) scrubber.add(v.reveal(), ...v.reveal().split('|'));
  }
}
