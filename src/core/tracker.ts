/**
 * The conversion tracker: how far the whole conversion has come, from the journal's story of every
 * biller across nights. One row per biller ever seen with its current state, one row per night
 * with its counts, and the burn-up (converted so far against all billers known). Pure.
 */
import { FOLLOW_UPS } from './checklist.js';
import { shortName } from './summary-page.js';

/** What the tracker needs of the journal (see journal/journal-reader.ts). */
export interface TrackerInput {
  runs: ReadonlyArray<{
    id: string;
    kind: string;
    startedAt: string;
    state: string;
    counts: Record<string, number> | null;
    now?: string | null;
  }>;
  billers: ReadonlyArray<{
    runId: string;
    billerId: string;
    billerName: string | null;
    file: string | null;
    status: string | null;
    errorCode: string | null;
    errorMessage: string | null;
    inFlight: boolean;
  }>;
}

export type TrackerState = 'converted' | 'scheduled' | 'pending' | 'blocked' | 'invalid' | 'failed' | 'rollback-failed';

export interface TrackerBiller {
  billerId: string;
  billerName: string;
  state: TrackerState;
  /** The night (YYYY-MM-DD, timeZone) and run of the state: converted on, scheduled in, blocked since… */
  night: string;
  runId: string;
  /** The code, the reason or the scheduled date. */
  detail: string;
  file: string;
  openFollowUps: string;
  /** Nights it was in a run. */
  seen: number;
}

interface TrackerNight {
  night: string;
  runId: string;
  counts: Record<string, number>;
  convertedSoFar: number;
  known: number;
}

export interface Tracker {
  headline: string;
  totals: Record<TrackerState, number> & { known: number };
  billers: TrackerBiller[];
  nights: TrackerNight[];
}

export const TRACKER_STATES: readonly TrackerState[] = [
  'rollback-failed',
  'failed',
  'blocked',
  'invalid',
  'pending',
  'scheduled',
  'converted',
];
/** The questions of a conversion night; nothing in the journal says they were answered, so they show until then. */
const ASK = FOLLOW_UPS.map((f) => f.reason).join(' ');

/** The night a run belongs to: the date it converted for (--now), else its start's date on `timeZone`'s calendar. */
export function nightOf(startedAt: string, timeZone: string, now?: string | null): string {
  if (now) return now;
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(startedAt),
  );
}

type Row = TrackerInput['billers'][number];

const CRASHED = {
  state: 'failed',
  detail: 'RUN.CRASHED: its run stopped mid-conversion; the next run restores it',
  openFollowUps: 'check it is restored',
} as const;

/** "for 2027-01-31", from a scheduled row's message. */
function forDate(r: Row): string {
  const date = /conversion date (\d{4}-\d{2}-\d{2})/.exec(r.errorMessage ?? '')?.[1];
  return date ? `for ${date}` : 'for a later night';
}

/** A biller's state after one more journal row; a conversion stands until a rollback undoes it. */
function next(prev: TrackerBiller | undefined, r: Row, night: string): TrackerBiller {
  const base = {
    billerId: r.billerId,
    billerName: r.billerName ?? prev?.billerName ?? '',
    night,
    runId: r.runId,
    file: r.file ? shortName(r.file) : (prev?.file ?? ''),
    seen: (prev?.seen ?? 0) + 1,
  };
  const keep = (note?: string): TrackerBiller =>
    prev
      ? { ...prev, seen: base.seen, ...(note ? { detail: note } : {}) }
      : { ...base, state: 'pending', detail: note ?? '', openFollowUps: '' };
  if (r.inFlight) return { ...base, ...CRASHED };
  switch (r.status) {
    case 'converted':
      return { ...base, state: 'converted', detail: '', openFollowUps: ASK };
    case 'already-converted':
      return prev?.state === 'converted'
        ? keep()
        : { ...base, state: 'converted', detail: 'found already converted', openFollowUps: '' };
    case 'rolled-back':
      return { ...base, state: 'pending', detail: `rolled back by run ${r.runId}`, openFollowUps: '' };
    case 'rollback-failed':
      return {
        ...base,
        state: 'rollback-failed',
        detail: r.errorCode ?? '',
        openFollowUps: 'restore by hand what the results list',
      };
    case 'interrupted':
      return keep(prev ? undefined : 'interrupted before it started');
    case 'scheduled':
      return prev?.state === 'converted'
        ? keep()
        : { ...base, state: 'scheduled', detail: forDate(r), openFollowUps: '' };
    case 'blocked':
    case 'invalid':
    case 'failed':
      // A biller converted before stays converted: a later night's refusal (a stale worksheet) is only noted.
      if (prev?.state === 'converted')
        return keep(`converted; later ${r.status} (${r.errorCode ?? ''}) in run ${r.runId}`);
      return { ...base, state: r.status, detail: r.errorCode ?? '', openFollowUps: '' };
    default:
      return keep();
  }
}

export function buildTracker(input: TrackerInput, timeZone: string): Tracker {
  const runs = input.runs.filter((r) => r.kind === 'run' || r.kind === 'rollback');
  const byRun = new Map<string, Row[]>();
  for (const b of input.billers) if (b.billerId) byRun.set(b.runId, [...(byRun.get(b.runId) ?? []), b]);
  const state = new Map<string, TrackerBiller>();
  const nights: TrackerNight[] = [];
  for (const run of runs) {
    const night = nightOf(run.startedAt, timeZone, run.now);
    for (const r of byRun.get(run.id) ?? []) {
      const key = r.billerId.toUpperCase();
      state.set(key, next(state.get(key), r, night));
    }
    if (run.kind !== 'run') continue;
    const convertedSoFar = [...state.values()].filter((b) => b.state === 'converted').length;
    nights.push({ night, runId: run.id, counts: run.counts ?? {}, convertedSoFar, known: state.size });
  }
  const billers = [...state.values()].sort(
    (a, b) => TRACKER_STATES.indexOf(a.state) - TRACKER_STATES.indexOf(b.state) || a.billerId.localeCompare(b.billerId),
  );
  const totals = Object.fromEntries(
    TRACKER_STATES.map((s) => [s, billers.filter((b) => b.state === s).length]),
  ) as Tracker['totals'];
  totals.known = billers.length;
  return { headline: trackerHeadline(totals), totals, billers, nights };
}

function trackerHeadline(t: Tracker['totals']): string {
  if (!t.known) return 'No biller in the journal yet';
  const person = t['rollback-failed'] + t.failed + t.blocked + t.invalid;
  const rest = [
    t.scheduled ? `${t.scheduled} scheduled` : '',
    t.pending ? `${t.pending} pending` : '',
    person ? `${person} need${person === 1 ? 's' : ''} a person` : '',
  ].filter(Boolean);
  return `${t.converted} of ${t.known} billers converted${rest.length ? `; ${rest.join(', ')}` : ''}`;
}
