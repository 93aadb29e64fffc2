/**
 * What a night says to the people and tools watching it: the summary line (for --quiet and cron, with the
 * local date, run id, counts, files left waiting and the results path) and, on a terminal, the billers that
 * need a person after the progress bar, coloured unless NO_COLOR.
 */
import { crmDbPath, type Config } from '../config.js';
import { localTime } from '../core/local-time.js';
import { countByStatus, sortResults, summaryLine, type BillerResult } from '../core/summary.js';
import type { RunOutcome } from '../run.js';
import type { CommandIo } from './context.js';

const NEEDS_A_PERSON = new Set(['rollback-failed', 'failed', 'blocked', 'invalid']);
const COLOUR: Record<string, string> = {
  'rollback-failed': '\x1b[1;31m',
  failed: '\x1b[31m',
  blocked: '\x1b[33m',
  invalid: '\x1b[33m',
};

/** `7 billers: 5 converted, 2 blocked; 1 file left for the next run (still being written)`. */
export function countsLine(billers: readonly BillerResult[], waiting: number, settleSeconds: number): string {
  const left = waiting
    ? `; ${waiting} file${waiting === 1 ? '' : 's'} left for the next run (modified less than ${settleSeconds} s ago)`
    : '';
  return `${summaryLine(billers)}${left}`;
}

/** The one line of --quiet: enough for a cron log to answer "what happened that night". */
export function quietLine(o: RunOutcome, timeZone: string, settleSeconds: number): string {
  return (
    `${localTime(o.info.startedAt, timeZone)} ${o.info.mode} ${o.info.runId} exit ${o.info.exitCode}: ` +
    `${countsLine(o.billers, o.waiting, settleSeconds)}. Results: ${o.results.xlsx}`
  );
}

/** One line per biller that needs a person: status, biller, code. */
export function needsAPerson(billers: readonly BillerResult[], colour: boolean): string[] {
  return sortResults(billers.filter((b) => NEEDS_A_PERSON.has(b.status))).map((b) => {
    const status = b.status.padEnd(16);
    const shown = colour ? `${COLOUR[b.status] ?? ''}${status}\x1b[0m` : status;
    const line = `${shown} ${b.billerId ?? '(no id)'} ${b.billerName ?? ''}`;
    return `${line}  ${b.error?.code ?? ''}`.trimEnd();
  });
}

/** How the night is told: the json document, the --quiet line, or the counts and where the results are. */
export interface NightReport {
  mode: 'run' | 'plan';
  json: boolean;
  quiet: boolean;
  /** stderr is a terminal that showed the progress bar: list the billers that need a person. */
  tty: boolean;
  warnings: readonly string[];
}

export function reportNight(r: NightReport, o: RunOutcome, config: Config, io: CommandIo): void {
  if (r.tty && io.stderr)
    for (const line of needsAPerson(o.billers, !('NO_COLOR' in io.env))) io.stderr.write(`${line}\n`);
  if (r.json) {
    io.out(JSON.stringify(nightJson(r, o, config), null, 2));
    return;
  }
  const warned = r.warnings.map((w) => ` (warning: ${w})`).join('');
  if (r.quiet) {
    io.out(`${quietLine(o, config.timeZone, config.settleSeconds)}${warned}`);
    return;
  }
  const stamp = io.stdoutTTY ? '' : `${localTime(new Date(), config.timeZone)} `;
  for (const line of [
    `${countsLine(o.billers, o.waiting, config.settleSeconds)}${warned}`,
    `Results: ${o.results.xlsx}`,
    `Run id: ${o.info.runId}`,
  ])
    io.out(`${stamp}${line}`);
}

function nightJson(r: NightReport, o: RunOutcome, config: Config): object {
  return {
    runId: o.info.runId,
    mode: r.mode,
    exitCode: o.info.exitCode,
    counts: countByStatus(o.billers),
    results: o.results,
    archived: o.archived,
    warnings: r.warnings,
    waiting: o.waiting,
    unmatched: o.unmatched,
    ...(o.stopped ? { stopped: o.stopped.message } : {}),
    crmDb: config.target === 'sqlite' ? crmDbPath(config) : undefined,
  };
}
