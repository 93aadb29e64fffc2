/**
 * A FileReport crossing the worker boundary. Structured cloning drops a class's private fields,
 * so the four Secret values of each biller record travel as plain strings (inside this process
 * only) and are wrapped again on arrival. Only those four fields are touched: the batch thread
 * pays a few property writes per biller, not a walk over every report.
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
  each(report, (creds, part) => { creds[part] = (creds[part] as Secret).reveal(); });
  return report;
}

export function fromTransfer(report: FileReport): FileReport {
  each(report, (creds, part) => { creds[part] = new Secret(String(creds[part])); });
  return report;
}
