/** Turning what happened to one biller into its results row, and feeding its secrets to the scrubber. Pure. */
import type { Biller } from './biller.js';
import type { Change } from './change.js';
import type { BillerFound, FileReport } from './file-report.js';
import { formatIssue } from './issues.js';
import type { FollowUp, Plan } from './plan.js';
import { Secret } from './secret.js';
import type { BillerSnapshot } from './snapshot.js';
import type { SecretScrubber } from './scrub.js';
import type { BillerStatus } from './status.js';
import type { BillerResult } from './summary.js';

/** What the results need of a biller's outcome (apply/apply-biller's BillerOutcome has it all). */
interface Settled {
  status: BillerStatus;
  plan?: Plan | undefined;
  remaining?: string[] | undefined;
  maintenanceMs?: number | undefined;
  error?: BillerResult['error'];
}

/**
 * The follow-ups a results sheet lists for a biller: all of them when it is converted (or planned)
 * this night; for one already converted, only those its CRM state shows are still open (it is still
 * in maintenance), not the same questions again every night.
 */
function followUpsOf(outcome: Settled): BillerResult['followUps'] {
  const all = outcome.plan?.followUps ?? [];
  if (outcome.status === 'converted' || outcome.status === 'planned') return all;
  return outcome.status === 'already-converted' ? all.filter((f) => OPEN_FOLLOW_UPS.has(f.code)) : [];
}
const OPEN_FOLLOW_UPS = new Set(['FOLLOW_UP.IN_MAINTENANCE']);

export function billerResult(report: FileReport, b: BillerFound, outcome: Settled): BillerResult {
  const shown = outcome.status === 'converted' || outcome.status === 'planned' ? (outcome.plan?.changes ?? []) : [];
  return {
    billerId: b.billerId,
    billerName: b.billerName,
    status: outcome.status,
    file: report.file,
    sheet: b.sheet,
    ...(b.row ? { row: b.row } : {}),
    changes: shown,
    followUps: followUpsOf(outcome),
    ...(outcome.maintenanceMs !== undefined ? { windowSeconds: Math.round(outcome.maintenanceMs / 100) / 10 } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.remaining ? { remaining: outcome.remaining } : {}),
  };
}

/** The first error of an invalid biller, named by its cell; the Errors sheet lists them all. */
export function invalidResult(report: FileReport, b: BillerFound): BillerResult {
  const mine = report.issues.filter(
    (i) =>
      i.severity === 'error' &&
      i.sheet === b.sheet &&
      (b.row === undefined || Number(/\d+$/.exec(i.cell ?? '')?.[0]) === b.row),
  );
  const first = mine[0] ?? report.issues.find((i) => i.severity === 'error');
  const more = mine.length > 1 ? ` (and ${mine.length - 1} more: see Errors)` : '';
  return billerResult(report, b, {
    status: 'invalid',
    error: {
      code: first?.code ?? 'WORKSHEET.INVALID',
      message: `${first ? formatIssue(first) : 'the worksheet is not valid'}${more}`,
      ...(first?.cell ? { cell: first.sheet ? `${first.sheet}!${first.cell}` : first.cell } : {}),
    },
  });
}

export function interruptedResult(report: FileReport, b: BillerFound): BillerResult {
  return billerResult(report, b, {
    status: 'interrupted',
    error: { code: 'RUN.INTERRUPTED', message: 'the run was stopped before this biller started; nothing was touched' },
  });
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

/** Every secret setting a CRM snapshot holds, whole and in parts (a rollback writes the journaled ones back). */
export function registerSnapshotSecrets(scrubber: SecretScrubber, snapshot: BillerSnapshot): void {
  for (const v of Object.values(snapshot.advancedSettings)) {
    if (v instanceof Secret) scrubber.add(v.reveal(), ...v.reveal().split('|'));
  }
}

/** A follow-up whose reason (it may quote what a CRM answered) has passed the scrubber. */
export function scrubbedFollowUp(scrubber: SecretScrubber, f: FollowUp): FollowUp {
  return { ...f, reason: scrubber.scrub(f.reason) };
}

/**
 * A results row whose texts have passed the scrubber before the journal, the results and the console
 * see them: an error message, its hint, what remains and the follow-ups may quote a CRM's answer or a
 * cell, and a secret in them must never be written, even if whatever cut the CRM's text let it through.
 */
export function scrubbedResult(scrubber: SecretScrubber, r: BillerResult): BillerResult {
  const s = (t: string) => scrubber.scrub(t);
  return {
    ...r,
    followUps: r.followUps.map((f) => scrubbedFollowUp(scrubber, f)),
    ...(r.error
      ? { error: { ...r.error, message: s(r.error.message), ...(r.error.hint ? { hint: s(r.error.hint) } : {}) } }
      : {}),
    ...(r.remaining ? { remaining: r.remaining.map(s) } : {}),
    ...(r.note ? { note: s(r.note) } : {}),
  };
}

/** A file's report whose issue messages and note have passed the scrubber (its billers' records are kept whole). */
export function scrubbedReport(scrubber: SecretScrubber, f: FileReport): FileReport {
  return {
    ...f,
    ...(f.note ? { note: scrubber.scrub(f.note) } : {}),
    issues: f.issues.map((i) => ({ ...i, message: scrubber.scrub(i.message) })),
  };
}
