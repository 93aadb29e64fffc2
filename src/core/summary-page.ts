/**
 * The morning summary of a night, as data: a title, a headline, the statuses with their counts and
 * what to do, the files archived and left, the run's facts. The Summary sheet, the json twin, the
 * mail and the html page are all written from it, so they say the same. Pure.
 */
import { EXIT_MEANINGS } from './exit-meanings.js';
import type { FileReport } from './file-report.js';
import type { RunInfo } from './report-rows.js';
import { localTime } from './local-time.js';
import { STATUS_MEANING, STATUSES, type BillerStatus } from './status.js';
import { countByStatus, type BillerResult } from './summary.js';
import { STATUS_TODO } from './what-to-do.js';

interface StatusLine {
  status: BillerStatus;
  count: number;
  meaning: string;
  todo: string;
  /** The row (from 1, header included) of the first biller of this status on the Billers sheet. */
  firstRow: number;
}

export interface SummaryPage {
  title: string;
  headline: string;
  /** How many billers (and rejected files) need a person: what decides the headline's colour. */
  needPerson: number;
  statuses: StatusLine[];
  archived: string[];
  left: Array<{ file: string; why: string }>;
  facts: Array<{ item: string; value: string | number; note?: string }>;
}

const NEEDS_PERSON: readonly BillerStatus[] = ['rollback-failed', 'failed', 'blocked', 'invalid'];
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The file's name without its folders: what a person recognises in input/. */
export function shortName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** "2026-12-01 02:15:03 -05:00": the wall clock of the time zone, with its offset, never a bare UTC time. */
export function zonedTime(at: Date, timeZone: string): string {
  return localTime(at, timeZone);
}

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${Math.max(0, Math.round(ms / 100) / 10)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "Tuesday 1 December 2026" for the day YYYY-MM-DD (a calendar date: no zone applies). */
export function longDate(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return Number.isNaN(d.getTime())
    ? day
    : new Intl.DateTimeFormat('en-GB', {
        timeZone: 'UTC',
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }).format(d);
}

export function headline(
  counts: Record<BillerStatus, number>,
  rejectedFiles: number,
  mode: RunInfo['mode'],
  interrupted: boolean,
): { text: string; needPerson: number } {
  const billers = NEEDS_PERSON.reduce((n, s) => n + counts[s], 0);
  const needPerson = billers + rejectedFiles;
  const done = counts.converted + counts['already-converted'];
  const due = done + billers + counts.interrupted + counts.planned;
  const who = [billers ? plural(billers, 'biller') : '', rejectedFiles ? plural(rejectedFiles, 'file') : '']
    .filter(Boolean)
    .join(' and ');
  const verb = needPerson === 1 ? 'needs' : 'need';
  if (counts['rollback-failed'])
    return {
      text: `${who} ${verb} a person; ${plural(counts['rollback-failed'], 'rollback')} failed: act now`,
      needPerson,
    };
  const andPerson = needPerson ? `; ${who} ${verb} a person` : '';
  if (mode === 'plan')
    return { text: `Dry run: ${plural(counts.planned, 'biller')} would be converted${andPerson}`, needPerson };
  if (interrupted)
    return { text: `Interrupted: ${plural(counts.interrupted, 'biller')} not started${andPerson}`, needPerson };
  if (needPerson)
    return { text: `${who} ${verb} a person${done ? `; ${done} of ${due} due converted` : ''}`, needPerson };
  if (due === 0)
    return {
      text: counts.scheduled
        ? `Nothing due tonight; ${plural(counts.scheduled, 'biller')} scheduled`
        : 'No billers in input/ tonight',
      needPerson,
    };
  return { text: due === 1 ? 'The 1 due biller converted' : `All ${due} due billers converted`, needPerson };
}

/** Why a file is still in input/ the morning after. */
function whyLeft(f: FileReport, mine: readonly BillerResult[], mode: RunInfo['mode']): string {
  if (f.status === 'rejected') return `rejected${f.issues[0] ? `: ${f.issues[0].code}` : ''}`;
  if (f.status === 'ignored' || f.status === 'skipped') return f.note ?? f.status;
  if (mode === 'plan') return 'dry run: nothing is archived';
  const open = STATUSES.filter(
    (s) => s !== 'converted' && s !== 'already-converted' && mine.some((b) => b.status === s),
  );
  const c = countByStatus(mine);
  // All converted yet still here: the archive stage noted why (changed since it was read, …).
  return open.length
    ? open.map((s) => `${c[s]} ${s}`).join(', ')
    : `converted (${f.note ?? 'not archived: see the log'})`;
}

/** `archived`: the input files (as the file reports name them) moved to the archive. */
export function summaryPage(
  info: RunInfo,
  files: readonly FileReport[],
  sorted: readonly BillerResult[],
  archived: readonly string[],
): SummaryPage {
  const zone = info.timeZone ?? 'UTC';
  const counts = countByStatus(sorted);
  const rejected = files.filter((f) => f.status === 'rejected').length;
  const head = headline(counts, rejected, info.mode, info.interrupted);
  const statuses = STATUSES.filter((s) => counts[s] > 0).map((s) => ({
    status: s,
    count: counts[s],
    meaning: STATUS_MEANING[s],
    todo: STATUS_TODO[s],
    firstRow: sorted.findIndex((b) => b.status === s) + 2,
  }));
  const gone = new Set(archived);
  const left = files
    .filter((f) => !gone.has(f.file))
    .map((f) => ({
      file: shortName(f.file),
      why: whyLeft(
        f,
        sorted.filter((b) => b.file === f.file),
        info.mode,
      ),
    }));
  const kind =
    info.mode === 'plan' ? 'Rehearsal (plan) of the night' : info.mode === 'rollback' ? 'Rollback' : 'Conversion night';
  return {
    title: `Spectrum conversion · ${kind} of ${longDate(info.now)} (${zone})`,
    headline: head.text,
    needPerson: head.needPerson,
    statuses,
    archived: archived.map(shortName),
    left,
    facts: runFacts(info, files.length, sorted.length, zone),
  };
}

/** The Summary's facts table: what ran, when, on what, and with which exit code. */
function runFacts(info: RunInfo, files: number, billers: number, zone: string): SummaryPage['facts'] {
  return [
    { item: 'Run id', value: info.runId },
    { item: 'Mode', value: info.mode === 'plan' ? 'plan (dry run: nothing written to the CRM)' : info.mode },
    { item: 'Target', value: info.target },
    { item: 'Concurrency', value: info.concurrency, note: 'billers converted at a time' },
    { item: 'Started', value: zonedTime(info.startedAt, zone) },
    { item: 'Ended', value: zonedTime(info.endedAt, zone) },
    { item: 'Duration', value: duration(info.endedAt.getTime() - info.startedAt.getTime()) },
    { item: 'Conversions due on', value: info.now },
    { item: 'Files', value: files },
    { item: 'Billers', value: billers },
    { item: 'Exit code', value: info.exitCode, note: EXIT_MEANINGS[info.exitCode] ?? '' },
    { item: 'Command line', value: info.commandLine },
  ];
}
