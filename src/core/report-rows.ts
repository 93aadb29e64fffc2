/**
 * The results of a run as plain rows, one list per results sheet. The xlsx and the json are
 * both written from these, so they always say the same; secrets are masked here, once.
 */
import { action, shownValues, type Change } from './change.js';
import type { FileReport } from './file-report.js';
import type { FollowUp } from './plan.js';
import { STATUS_MEANING, type BillerStatus } from './status.js';
import { localTime } from './local-time.js';
import { countByStatus, sortResults, type BillerResult } from './summary.js';

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
  /** The configured time zone: start and end are shown in it, with the offset. */
  timeZone?: string;
}

export interface ChangeRow { billerId: string; billerName: string; section: string; entity: string; setting: number | null; name: string; action: string; before: string; after: string; cell: string }

/** Rows that can be walked several times (the xlsx, then the json) without being held all at once. */
export interface Rows<T> { count: number; [Symbol.iterator](): Iterator<T> }

export interface ReportRows {
  summary: Array<{ item: string; value: string | number | Date }>;
  billers: Array<{ status: BillerStatus; billerId: string; billerName: string; file: string; sheet: string; row: number | null; changes: number; followUps: number; errorCode: string; message: string }>;
  files: Array<{ file: string; status: string; billers: number; errors: number; warnings: number; note: string }>;
  /** Lazily, once per reader: a night's changes are by far the largest sheet (100,000+ rows). */
  changes: Rows<ChangeRow>;
  followUps: Array<{ billerId: string; billerName: string; section: string; code: string; reason: string }>;
  errors: Array<{ file: string; sheet: string; cell: string; field: string; severity: string; code: string; message: string }>;
}

/** One row of the Changes sheet; secrets masked here. */
export function changeRow(b: Pick<BillerResult, 'billerName'>, c: Change, mask: (s: string) => string): ChangeRow {
  const v = shownValues(c, mask);
  return {
    billerId: c.billerId, billerName: b.billerName ?? '', section: c.section, entity: c.entity,
    setting: c.entity === 'advanced_setting' ? c.key : null, name: c.entity === 'advanced_setting' ? c.name : String(c.key),
    action: action(c), before: v.before, after: v.after, cell: c.source ? `${c.source.sheet}!${c.source.cell}` : '',
  };
}

/**
 * `spilled`: change rows a long run already wrote aside as billers finished (see batch/change-spill.ts),
 * so a night of 100,000 changes does not hold them all in memory.
 */
export function reportRows(info: RunInfo, files: readonly FileReport[], billers: readonly BillerResult[], mask: (s: string) => string, extraFollowUps: readonly FollowUp[] = [], spilled?: Rows<ChangeRow>): ReportRows {
  const sorted = sortResults(billers);
  const counts = countByStatus(billers);
  const summary: ReportRows['summary'] = [
    { item: 'Run id', value: info.runId },
    { item: 'Mode', value: info.mode === 'plan' ? 'plan (dry run: nothing written to the CRM)' : info.mode },
    { item: 'Started', value: info.timeZone ? localTime(info.startedAt, info.timeZone) : info.startedAt },
    { item: 'Ended', value: info.timeZone ? localTime(info.endedAt, info.timeZone) : info.endedAt },
    { item: 'Duration (s)', value: Math.round((info.endedAt.getTime() - info.startedAt.getTime()) / 100) / 10 },
    { item: 'Conversions due on', value: info.now },
    { item: 'Target', value: info.target },
    { item: 'Concurrency', value: info.concurrency },
    { item: 'Files', value: files.length },
    { item: 'Billers', value: billers.length },
    ...Object.entries(counts).map(([s, n]) => ({ item: `${s}: ${STATUS_MEANING[s as BillerStatus]}`, value: n })),
    { item: 'Interrupted', value: info.interrupted ? 'yes: billers not started are "interrupted"' : 'no' },
    { item: 'Exit code', value: info.exitCode },
    { item: 'Command line', value: info.commandLine },
  ];
  const name = (b: BillerResult) => b.billerName ?? '';
  return {
    summary,
    billers: sorted.map((b) => ({
      status: b.status, billerId: b.billerId ?? '', billerName: name(b), file: b.file, sheet: b.sheet, row: b.row ?? null,
      changes: b.changeCount ?? b.changes.filter((c) => c.entity !== 'maintenance').length, followUps: b.followUps.length,
      errorCode: b.error?.code ?? '', message: [b.error?.message, b.error?.hint, ...(b.remaining ?? []).map((r) => `still different: ${r}`), b.note].filter(Boolean).join(' | '),
    })),
    files: files.map((f) => ({
      file: f.file, status: f.status, billers: f.billers.length,
      errors: f.issues.filter((i) => i.severity === 'error').length, warnings: f.issues.filter((i) => i.severity === 'warning').length, note: f.note ?? '',
    })),
    changes: spilled ?? {
      count: sorted.reduce((n, b) => n + b.changes.length, 0),
      *[Symbol.iterator]() {
        for (const b of sorted) for (const c of b.changes) yield changeRow(b, c, mask);
      },
    },
    followUps: [
      ...extraFollowUps.map((f) => ({ billerId: f.billerId, billerName: billers.find((b) => b.billerId === f.billerId)?.billerName ?? '', section: f.section, code: f.code, reason: f.reason })),
      ...sorted.flatMap((b) => b.followUps.map((f) => ({ billerId: f.billerId, billerName: name(b), section: f.section, code: f.code, reason: f.reason }))),
    ],
    errors: files.flatMap((f) => f.issues.filter((i) => i.severity !== 'info').map((i) => ({
      file: i.file, sheet: i.sheet ?? '', cell: i.cell ?? '', field: i.field ?? '', severity: i.severity, code: i.code, message: i.message,
    }))),
  };
}
