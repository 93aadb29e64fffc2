/**
 * Which billers of the night go to the CRM. Every biller found is, in this order: left out by --only, blocked
 * as a duplicate (found in two worksheets: which copy is right is a person's call), invalid, scheduled (its
 * conversion date is after `now`), or due. Pure: it runs after every worksheet is read, since a duplicate is
 * known only then.
 */
import type { Biller } from './biller.js';
import { billerResult, invalidResult } from './biller-results.js';
import { duplicateBillers } from './duplicates.js';
import type { BillerFound, FileReport } from './file-report.js';
import type { BillerResult } from './summary.js';

/** A biller that goes to the CRM tonight, with the worksheet it came from. */
export interface DueBiller {
  report: FileReport;
  found: BillerFound;
  record: Biller;
}

export interface Triage {
  /** The billers decided without the CRM: blocked, invalid, scheduled. */
  settled: BillerResult[];
  due: DueBiller[];
  /** --only ids that matched no biller of the input folder. */
  unmatched: string[];
}

const idOf = (b: BillerFound) => (b.billerId ?? '').toUpperCase();

/** `only`: upper-cased biller ids (--only); absent means every biller. `now`: YYYY-MM-DD. */
export function triage(files: readonly FileReport[], now: string, only?: ReadonlySet<string>): Triage {
  const all = files.flatMap((report) => report.billers.map((found) => ({ report, found })));
  const seen = new Set(all.map(({ found }) => idOf(found)));
  const unmatched = [...(only ?? [])].filter((id) => !seen.has(id));
  const chosen = all.filter(({ found }) => !only || only.has(idOf(found)));
  const dups = duplicateBillers(chosen.map(({ report, found }) => ({ billerId: found.billerId, file: report.file })));
  const settled: BillerResult[] = [];
  const due: DueBiller[] = [];
  for (const { report, found } of chosen) {
    const others = found.billerId ? dups.get(found.billerId.toUpperCase()) : undefined;
    if (others) settled.push(duplicate(report, found, others));
    else if (!found.record) settled.push(invalidResult(report, found));
    else if (found.record.conversionDate && found.record.conversionDate > now)
      settled.push(scheduled(report, found, found.record.conversionDate, now));
    else due.push({ report, found, record: found.record });
  }
  return { settled, due, unmatched };
}

function duplicate(report: FileReport, b: BillerFound, files: readonly string[]): BillerResult {
  return billerResult(report, b, {
    status: 'blocked',
    error: {
      code: 'BLOCKED.DUPLICATE',
      message: `biller ${b.billerId} appears in ${files.length} worksheets (${files.join(', ')}); keep it in one`,
    },
  });
}

function scheduled(report: FileReport, b: BillerFound, date: string, now: string): BillerResult {
  return billerResult(report, b, {
    status: 'scheduled',
    error: { code: 'SCHEDULED', message: `conversion date ${date} is after ${now}` },
  });
}
