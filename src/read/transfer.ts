/**
 * A FileReport crossing the worker boundary. Structured cloning drops a class's private fields,
 * so the four Secret values of each biller record travel as plain strings (inside this process
 * only) and are wrapped again on arrival. Cloning also copies a string each time it occurs: the
 * file's path and the sheet's name arrive once per field origin and per issue (17 copies of each
 * per biller), so they are made one string again here; a night of 10,000 billers keeps 15 MB
 * less until its results are written. The batch thread pays a few property writes per biller.
 */
import type { Biller } from '../core/biller.js';
import type { FileReport } from '../core/file-report.js';
import { Secret } from '../core/secret.js';

const SIDES = ['rtdr', 'payments'] as const;
const PARTS = ['privateKey', 'password'] as const;

function each(report: FileReport, fn: (creds: Record<string, unknown>, part: (typeof PARTS)[number]) => void): void {
  for (const b of report.billers) {
    const record = b.record as (Biller & Record<string, Record<string, unknown>>) | undefined;
    if (!record) continue;
    for (const side of SIDES) for (const part of PARTS) fn(record[side] as unknown as Record<string, unknown>, part);
  }
}

/** Call on a report about to be posted; it is not used again in this thread. */
export function toTransfer(report: FileReport): FileReport {
  each(report, (creds, part) => {
    creds[part] = (creds[part] as Secret).reveal();
  });
  return report;
}

export function fromTransfer(report: FileReport): FileReport {
  each(report, (creds, part) => {
    creds[part] = new Secret(String(creds[part]));
  });
  const sheets = new Map<string, string>();
  const one = (sheet: string) => {
    const known = sheets.get(sheet);
    if (known !== undefined) return known;
    sheets.set(sheet, sheet);
    return sheet;
  };
  for (const b of report.billers) {
    b.sheet = one(b.sheet);
    const source = b.record?.source;
    if (!source) continue;
    if (source.file === report.file) source.file = report.file;
    source.sheet = one(source.sheet);
    for (const origin of Object.values(source.cells)) {
      if (origin.file === report.file) origin.file = report.file;
      origin.sheet = one(origin.sheet);
    }
  }
  for (const issue of report.issues) {
    if (issue.file === report.file) issue.file = report.file;
    if (issue.sheet !== undefined) issue.sheet = one(issue.sheet);
  }
  return report;
}
