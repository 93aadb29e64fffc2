/**
 * The nightly batch, top to bottom: the only place the stages meet.
 *
 *   discover input/ → read and validate every worksheet (reader workers) → block duplicates,
 *   hold back future dates → convert due billers through one bounded queue → results workbook
 *   and json → archive fully converted worksheets.
 *
 * Reading finishes before the first CRM write on purpose: a biller found in two worksheets
 * must be blocked in both, which is only known once every worksheet is read. What is kept
 * between the two phases is the validated records, not the workbooks.
 */
import { stat } from 'node:fs/promises';
import type { Biller } from './core/biller.js';
import type { FileReport } from './core/file-report.js';
import { triage } from './core/triage.js';
import type { PlanOptions } from './core/plan.js';
import { reportRows, type RunInfo } from './core/report-rows.js';
import type { SecretScrubber } from './core/scrub.js';
import type { SummaryPage } from './core/summary-page.js';
import { countByStatus, EXIT_CODES, exitCode, summaryLine, type BillerResult } from './core/summary.js';
import { convertBiller, type ApplyHooks, type BillerOutcome } from './apply/apply-biller.js';
import { applyAll } from './apply/apply-all.js';
import { archiveFile } from './read/archive.js';
import { ChangeSpill } from './report/change-spill.js';
import { discover } from './read/discover.js';
import { ConfigError } from './errors.js';
import type { Logger } from './log.js';
import { intake } from './read/intake.js';
import type { ReadPool } from './read/read-pool.js';
import { writeResults } from './report/results-workbook.js';
import type { TargetPort } from './targets/target-port.js';
import { billerResult, interruptedResult, registerSecrets } from './core/biller-results.js';
import { recoverInFlight } from './apply/recover.js';
import { CircuitBreaker, type Tripped } from './apply/breaker.js';
import type { Journal } from './journal/journal.js';

export interface RunOptions {
  mode: 'run' | 'plan';
  inputDir: string;
  outputDir: string;
  concurrency: number;
  /** YYYY-MM-DD: conversions dated after it are scheduled. */
  now: string;
  /** The config's timeZone: the results show times on its clock. */
  timeZone?: string;
  only?: ReadonlySet<string>;
  archive: boolean;
  settleMs: number;
  target: TargetPort;
  pool: ReadPool;
  planOptions: PlanOptions;
  logger: Logger;
  scrubber: SecretScrubber;
  mask: (secret: string) => string;
  commandLine: string;
  runId: string;
  /** The run journal; absent only in tests of the pipeline alone. */
  journal?: Journal;
  /** Recorded in the journal with the run. */
  meta?: { host: string; user: string; options: string; toolVersion: string };
  signal?: AbortSignal;
  onResult?: (result: BillerResult, done: number, total: number) => void;
}

export interface RunOutcome {
  info: RunInfo;
  files: FileReport[];
  billers: BillerResult[];
  results: { xlsx: string; json: string; html: string };
  /** The night's summary page, for the messages sent after it. */
  summary: SummaryPage;
  archived: string[];
  maxInFlight: number;
  /** Files left for the next run by the settle guard. */
  waiting: number;
  /** --only ids that matched no biller of the input folder. */
  unmatched: string[];
  /** The circuit breaker stopped the night: why, and its exit code. */
  stopped?: Tripped;
}

export async function runBatch(o: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const log = o.logger;
  if (
    !(await stat(o.inputDir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new ConfigError(`the input folder ${o.inputDir} does not exist`);
  const journal = o.journal;
  journal?.startRun({
    id: o.runId,
    kind: o.mode,
    startedAt: startedAt.toISOString(),
    pid: process.pid,
    host: o.meta?.host ?? '',
    user: o.meta?.user ?? '',
    options: o.meta?.options ?? '{}',
    toolVersion: o.meta?.toolVersion ?? '',
    ofRun: null,
  });
  log.info(
    `${o.mode === 'plan' ? 'Planning' : 'Converting'} billers due on ${o.now} from ${o.inputDir} (run ${o.runId}, target ${o.target.name}, concurrency ${o.concurrency})`,
    { event: 'run.start' },
  );

  // 0. Finish the job of a run that died mid-biller: restore what it left half converted.
  const recoveries = journal && o.mode === 'run' ? await recoverInFlight(journal, o.target, log) : [];
  const unrecovered = new Map(recoveries.filter((r) => !r.ok).map((r) => [r.billerId, r.fromRun] as const));

  // 1. Read and validate every worksheet that is ready.
  const { ready, waiting } = await discover(o.inputDir, o.settleMs);
  const files: FileReport[] = [...waiting];
  for await (const report of intake(ready, { pool: o.pool })) {
    files.push(report);
    for (const found of report.billers) if (found.record) registerSecrets(o.scrubber, found.record);
    log.debug(
      `read ${report.file}: ${report.status}, ${report.billers.length} billers, ${report.issues.length} issues`,
      { event: 'file.read', file: report.file, status: report.status },
    );
  }
  for (const f of waiting) log.warn(`${f.file}: ${f.note}`, { event: 'file.waiting', file: f.file });
  // Reading is over: give the reader workers' memory back before the night's largest structures grow.
  await o.pool.close();

  // 2. Decide per biller: invalid, blocked as duplicate, scheduled, or due.
  const { settled, due, unmatched } = triage(files, o.now, o.only);
  for (const id of unmatched)
    log.warn(`--only ${id}: no worksheet in ${o.inputDir} has this biller (check the id)`, {
      event: 'only.unmatched',
      billerId: id,
    });

  // 3. Convert the due billers through one bounded queue.
  let done = 0;
  const total = due.length + settled.length;
  const shaOf = new Map(files.map((f) => [f.file, f.sha256 ?? null]));
  for (const r of settled) {
    journal?.billerEnd(o.runId, r, { sha256: shaOf.get(r.file) ?? null, undone: false });
    o.onResult?.(r, ++done, total);
    log.info(
      `${r.status} ${r.billerName ?? '(no name)'} (${r.billerId ?? 'no id'})${r.error ? `: ${r.error.code} ${r.error.message}` : ''}`,
      { event: 'biller.done', billerId: r.billerId, status: r.status, code: r.error?.code },
    );
  }
  const spill = ChangeSpill.inDir(o.outputDir, o.runId);
  // The queue stops on Ctrl-C, or when the CRM refuses us billers in a row (the circuit breaker).
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) stop.abort();
  const breaker = new CircuitBreaker(o.target.name, () => stop.abort());
  const { results: converted, stats } = await applyAll(
    due,
    o.concurrency,
    async ({ report, found: b, record }) => {
      const last = journal?.lastConversion(record.billerId);
      const meta = {
        billerId: record.billerId,
        billerName: record.billerName,
        file: report.file,
        sha256: report.sha256 ?? null,
        sheet: b.sheet,
        row: b.row ?? null,
      };
      const stranded = unrecovered.get(record.billerId);
      const outcome = await convertSafely(
        o,
        record,
        stranded,
        journal
          ? {
              began: (before, plan) => journal.billerBegin(o.runId, meta, before, plan.changes),
              applied: (index) => journal.changeApplied(o.runId, record.billerId, index),
            }
          : {},
      );
      breaker.record(outcome.error);
      for (const c of outcome.plan?.changes ?? []) registerSecrets(o.scrubber, c);
      const note = last ? sinceLast(last, report.sha256, outcome.status) : undefined;
      const result = { ...billerResult(report, b, outcome), ...(note ? { note } : {}) };
      journal?.billerEnd(o.runId, result, {
        sha256: meta.sha256,
        note,
        undone: outcome.status === 'failed' || outcome.status === 'rollback-failed',
        after: outcome.after,
      });
      if (stranded && (outcome.status === 'converted' || outcome.status === 'already-converted'))
        journal?.recovered(stranded, record.billerId, `superseded: converted by run ${o.runId}`);
      o.onResult?.(result, ++done, total);
      log.info(
        `${result.status} ${record.billerName} (${record.billerId})${result.error ? `: ${result.error.code} ${result.error.message}` : ''}`,
        {
          event: 'biller.done',
          billerId: record.billerId,
          status: result.status,
          code: result.error?.code,
          changes: result.changes.length,
        },
      );
      return spill.take(result, o.mask);
    },
    ({ report, found: b }) => {
      const r = interruptedResult(report, b);
      journal?.billerEnd(o.runId, r, { sha256: report.sha256 ?? null, undone: false });
      return r;
    },
    stop.signal,
  );
  o.signal?.removeEventListener('abort', onAbort);
  const stopped = breaker.tripped;
  if (stopped) log.error(stopped.message, { event: 'run.breaker', refusal: stopped.refusal });

  // 4. Report, then archive.
  const billers = [...settled, ...converted];
  const interrupted = stop.signal.aborted;
  // Archived before the results are written, so that the Summary lists what really moved.
  const moved = o.mode === 'run' && o.archive && !interrupted ? await archiveConverted(o, files, billers) : [];
  const archived = moved.map((m) => m.to);
  const info: RunInfo = {
    runId: o.runId,
    mode: o.mode,
    startedAt,
    endedAt: new Date(),
    target: o.target.name,
    concurrency: o.concurrency,
    now: o.now,
    commandLine: o.commandLine,
    exitCode: nightCode(exitCode(billers, files, interrupted), stopped, unmatched),
    interrupted,
    ...(o.timeZone ? { timeZone: o.timeZone } : {}),
  };
  const rows = reportRows(
    info,
    files,
    billers,
    o.mask,
    recoveries.map((r) => r.followUp),
    spill,
    moved.map((m) => m.from),
  );
  let results: Awaited<ReturnType<typeof writeResults>>;
  try {
    results = await writeResults(o.outputDir, startedAt, rows, { ...info, counts: countByStatus(billers), ...rows });
  } finally {
    spill.remove();
  }
  journal?.endRun(o.runId, {
    endedAt: info.endedAt.toISOString(),
    counts: countByStatus(billers),
    exitCode: info.exitCode,
    state: interrupted ? 'interrupted' : 'done',
    results: results.xlsx,
  });
  // verbose: in the log file; the console gets the same line from the command on stdout.
  log.verbose(`${summaryLine(billers)}. Results: ${results.xlsx}`, {
    event: 'run.end',
    counts: countByStatus(billers),
    exitCode: info.exitCode,
    results: results.xlsx,
    archived: archived.length,
  });
  return {
    info,
    files,
    billers,
    results,
    archived,
    maxInFlight: stats.maxInFlight,
    summary: rows.summary,
    waiting: waiting.length,
    unmatched,
    ...(stopped ? { stopped } : {}),
  };
}

/** rollback-failed beats the breaker, which beats Ctrl-C; an --only id matching nothing is work for the morning. */
function nightCode(code: number, stopped: Tripped | undefined, unmatched: readonly string[]): number {
  if (code === EXIT_CODES.rollbackFailed) return code;
  if (stopped) return stopped.code;
  return code === EXIT_CODES.ok && unmatched.length ? EXIT_CODES.someFailed : code;
}

/** A biller's conversion never throws into the batch: an unexpected error is that biller's failure. */
async function convertSafely(
  o: RunOptions,
  record: Biller,
  stranded: string | undefined,
  hooks: ApplyHooks,
): Promise<BillerOutcome> {
  try {
    // A window a dead run of ours left open (its restore failed) is ours to convert in and close, as that run.
    const lease = stranded ? { owner: stranded, ownWindow: true } : { owner: o.runId };
    return await convertBiller(o.target, record, {
      dryRun: o.mode === 'plan',
      planOptions: o.planOptions,
      hooks,
      ...lease,
    });
  } catch (e) {
    o.logger.error(`unexpected error converting ${record.billerId}`, {
      event: 'biller.crash',
      billerId: record.billerId,
      error: e,
    });
    return {
      billerId: record.billerId,
      status: 'failed',
      applied: [],
      error: { code: 'INTERNAL', message: (e as Error).message, step: 'convert' },
    };
  }
}

async function archiveConverted(
  o: RunOptions,
  files: readonly FileReport[],
  billers: readonly BillerResult[],
): Promise<Array<{ from: string; to: string }>> {
  const moved: Array<{ from: string; to: string }> = [];
  const day = o.now;
  for (const f of files) {
    const mine = billers.filter((b) => b.file === f.file);
    const complete = f.status === 'read' && f.billers.length > 0 && mine.length === f.billers.length;
    if (!complete || !mine.every((b) => b.status === 'converted' || b.status === 'already-converted')) continue;
    try {
      moved.push({ from: f.file, to: await archiveFile(f.file, o.inputDir, day, f.sha256) });
    } catch (e) {
      o.logger.warn(`not archived: ${(e as Error).message}`, { event: 'archive.failed', file: f.file });
    }
  }
  return moved;
}

/** What the journal says about this biller's last conversion, for the results. */
function sinceLast(
  last: { runId: string; sha256: string | null },
  sha256: string | undefined,
  status: string,
): string | undefined {
  if (last.sha256 && sha256 && last.sha256 !== sha256)
    return `the worksheet changed since the conversion in run ${last.runId}`;
  if (status === 'already-converted') return `unchanged since run ${last.runId}, and the CRM still matches`;
  if (status === 'converted' || status === 'planned')
    return `same worksheet as run ${last.runId}, but the CRM changed since: converted again`;
  return undefined;
}
