/**
 * The results of a run as plain rows, one list per results sheet. The xlsx and the json are
 * both written from these, so they always say the same; secrets are masked here, once.
 */
import { action, shownValues, type Change } from './change.js';
import type { FileReport } from './file-report.js';
import type { Issue } from './issues.js';
import type { FollowUp } from './plan.js';
import type { BillerStatus } from './status.js';
import { sortResults, type BillerResult } from './summary.js';
import { summaryPage, type SummaryPage } from './summary-page.js';
import { whatToDo } from './what-to-do.js';

export interface RunInfo {
  runId: string;
  mode: 'run' | 'plan' | 'rollback';
  startedAt: Date;
  endedAt: Date;
  target: string;
  concurrency: number;
  /** The date that decided which conversions were due. */
  now: string;
  commandLine: string;
  exitCode: number;
  interrupted: boolean;
  /** Whose wall clock the summary shows (the config's timeZone); UTC when absent. */
  timeZone?: string;
}

export interface ChangeRow {
  billerId: string;
  billerName: string;
  section: string;
  entity: string;
  setting: number | null;
  name: string;
  action: string;
  before: string;
  after: string;
  cell: string;
}

/** Rows that can be walked several times (the xlsx, then the json) without being held all at once. */
export interface Rows<T> {
  count: number;
  [Symbol.iterator](): Iterator<T>;
}

export interface ReportRows {
  summary: SummaryPage;
  billers: Array<{
    status: BillerStatus;
    billerId: string;
    billerName: string;
    file: string;
    sheet: string;
    row: number | null;
    changes: number;
    followUps: number;
    errorCode: string;
    message: string;
    todo: string;
    windowSeconds: number | null;
  }>;
  files: Array<{ file: string; status: string; billers: number; errors: number; warnings: number; note: string }>;
  /** Lazily, once per reader: a night's changes are by far the largest sheet (100,000+ rows). */
  changes: Rows<ChangeRow>;
  followUps: Array<{ billerId: string; billerName: string; section: string; code: string; reason: string }>;
  errors: Array<{
    file: string;
    sheet: string;
    cell: string;
    field: string;
    severity: string;
    code: string;
    message: string;
  }>;
}

/** One row of the Changes sheet; secrets masked here. */
export function changeRow(b: Pick<BillerResult, 'billerName'>, c: Change, mask: (s: string) => string): ChangeRow {
  const v = shownValues(c, mask);
  return {
    billerId: c.billerId,
    billerName: b.billerName ?? '',
    section: c.section,
    entity: c.entity,
    setting: c.entity === 'advanced_setting' ? c.key : null,
    name: c.entity === 'advanced_setting' ? c.name : String(c.key),
    action: action(c),
    before: v.before,
    after: v.after,
    cell: c.source ? `${c.source.sheet}!${c.source.cell}` : '',
  };
}

/**
 * `spilled`: change rows a long run already wrote aside as billers finished (see report/change-spill.ts),
 * so a night of 100,000 changes does not hold them all in memory.
 */
export function reportRows(
  info: RunInfo,
  files: readonly FileReport[],
  billers: readonly BillerResult[],
  mask: (s: string) => string,
  extraFollowUps: readonly FollowUp[] = [],
  spilled?: Rows<ChangeRow>,
  archived: readonly string[] = [],
): ReportRows {
  const sorted = sortResults(billers);
  return {
    summary: summaryPage(info, files, sorted, archived),
    billers: sorted.map(billerRow),
    files: files.map(fileRow),
    changes: spilled ?? {
      count: sorted.reduce((n, b) => n + b.changes.length, 0),
      *[Symbol.iterator]() {
        for (const b of sorted) for (const c of b.changes) yield changeRow(b, c, mask);
      },
    },
    followUps: [
      ...extraFollowUps.map((f) => followUpRow(f, billers.find((b) => b.billerId === f.billerId)?.billerName)),
      ...sorted.flatMap((b) => b.followUps.map((f) => followUpRow(f, b.billerName))),
    ],
    errors: files.flatMap((f) => f.issues.filter((i) => i.severity !== 'info').map(errorRow)),
  };
}

function billerRow(b: BillerResult): ReportRows['billers'][number] {
  return {
    status: b.status,
    billerId: b.billerId ?? '',
    billerName: b.billerName ?? '',
    file: b.file,
    sheet: b.sheet,
    row: b.row ?? null,
    changes: b.changeCount ?? b.changes.filter((c) => c.entity !== 'maintenance').length,
    followUps: b.followUps.length,
    errorCode: b.error?.code ?? '',
    message: [b.error?.message, b.error?.hint, ...(b.remaining ?? []).map((r) => `still different: ${r}`), b.note]
      .filter(Boolean)
      .join(' | '),
    todo: whatToDo(b),
    windowSeconds: b.windowSeconds ?? null,
  };
}

function fileRow(f: FileReport): ReportRows['files'][number] {
  return {
    file: f.file,
    status: f.status,
    billers: f.billers.length,
    errors: f.issues.filter((i) => i.severity === 'error').length,
    warnings: f.issues.filter((i) => i.severity === 'warning').length,
    note: f.note ?? '',
  };
}

function followUpRow(f: FollowUp, billerName: string | null | undefined): ReportRows['followUps'][number] {
  return { billerId: f.billerId, billerName: billerName ?? '', section: f.section, code: f.code, reason: f.reason };
}

function errorRow(i: Issue): ReportRows['errors'][number] {
  return {
    file: i.file,
    sheet: i.sheet ?? '',
    cell: i.cell ?? '',
    field: i.field ?? '',
    severity: i.severity,
    code: i.code,
    message: i.message,
  };
}
