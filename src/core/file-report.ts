/** What intake says about one input file: the contract of `validate --json` and of the results. */
import type { Biller } from './biller.js';
import type { Issue } from './issues.js';

export type FileStatus = 'read' | 'rejected' | 'ignored' | 'skipped';

export interface BillerFound {
  billerId: string | null;
  billerName: string | null;
  sheet: string;
  /** The row of a biller in a table layout. */
  row?: number;
  valid: boolean;
  /** The validated record, when valid. Holds secrets: never serialised as is. */
  record?: Biller;
}

export interface FileReport {
  /** The path as the operator gave it (or folder/name). */
  file: string;
  status: FileStatus;
  /** sha256 of the file's bytes, when it was read: the journal knows a worksheet by its content. */
  sha256?: string;
  /** Why a file was skipped or ignored, or why a converted one was not archived. */
  note?: string;
  billers: BillerFound[];
  issues: Issue[];
}

/** A file is valid when it was read and nothing in it is an error. */
export function fileIsValid(report: FileReport): boolean {
  return report.status !== 'rejected' && !report.issues.some((i) => i.severity === 'error');
}

/** The JSON shape of a report: billers without their records (which hold secrets). */
export function reportToJson(report: FileReport): object {
  return {
    file: report.file,
    status: report.status,
    ...(report.note ? { note: report.note } : {}),
    billers: report.billers.map(({ billerId, billerName, sheet, row, valid }) => ({
      billerId,
      billerName,
      sheet,
      ...(row ? { row } : {}),
      valid,
    })),
    issues: report.issues.map((i) => ({
      code: i.code,
      severity: i.severity,
      file: i.file,
      sheet: i.sheet ?? null,
      cell: i.cell ?? null,
      field: i.field ?? null,
      message: i.message,
    })),
  };
}
