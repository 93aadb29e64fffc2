/**
 * The nightly batch, top to bottom: the only place the stages meet.
 *
 *   discover input/ → read and validate every worksheet (reader workers) → triage: block duplicates,
 *   hold back future dates → convert due billers through one bounded queue → archive fully
 *   converted worksheets → results workbook and json.
 *
 * Reading finishes before the first CRM write on purpose: a biller found in two worksheets
 * must be blocked in both, which is only known once every worksheet is read. What is kept
 * between the two phases is the validated records, not the workbooks.
 */
import { stat } from 'node:fs/promises';
import { registerSecrets, scrubbedFollowUp, scrubbedReport } from './core/biller-results.js';
import type { CrmIdentity } from './core/crm-match.js';
import type { FileReport } from './core/file-report.js';
import type { FollowUp, PlanOptions } from './core/plan.js';
import { reportRows, type RunInfo } from './core/report-rows.js';
import type { SecretScrubber } from './core/scrub.js';
import type { SummaryPage } from './core/summary-page.js';
import { countByStatus, exitCode, summaryLine, type BillerResult } from './core/summary.js';
import { triage } from './core/triage.js';
import { convertAll } from './apply/apply-all.js';
import type { Tripped } from './apply/breaker.js';
import { settleOne, type ConvertContext } from './apply/convert-one.js';
import { recoverInFlight, type Recovery } from './apply/recover.js';
import { leftInFlight } from './apply/recover-runs.js';
import { ConfigError } from './errors.js';
import type { Journal } from './journal/journal.js';
import { RunLedger } from './journal/run-ledger.js';
import type { Logger } from './log.js';
import { archiveConverted, type Archived } from './read/archive.js';
import { discover } from './read/discover.js';
import { intake } from './read/intake.js';
import type { ReadPool } from './read/read-pool.js';
import { ChangeSpill } from './report/change-spill.js';
import type { TargetPort } from './targets/target-port.js';

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
  /** Follow-ups found before the night (billers left in flight to a live run: apply/recover-runs.ts). */
  followUps?: readonly FollowUp[];
  /** Recorded in the journal with the run. */
  meta?: { host: string; user: string; options: string; toolVersion: string };
  /** The CRM `target` writes to, recorded with the run; crash recovery restores only runs on it (crm-match.ts). */
  crm?: CrmIdentity | null;
  signal?: AbortSignal;
  onResult?: (result: BillerResult, done: number, total: number) => void;
}

export interface RunOutcome {
  info: RunInfo;
  /** The input files; one that was converted but could not be archived carries the reason in its note. */
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
  await requireFolder(o.inputDir);
  const ledger = startLedger(o);
  logStart(o);
  const { recoveries, elsewhere } = await recoverStage(o);
  const { files, waiting } = await readAll(o);
  const { settled, due, unmatched } = triage(files, o.now, o.only);
  warnUnmatched(o, unmatched);
  const c = convertContext(o, ledger, recoveries, settled.length + due.length);
  const settledRows = settled.map((r) => settleOne(r, files.find((f) => f.file === r.file)?.sha256 ?? null, c));
  const night = await convertAll(due, o.concurrency, c, o.signal);
  const billers = [...settledRows, ...night.results];
  // Archived before the results are written, so that the Summary lists what really moved.
  const archive = await archiveStage(o, files, billers, night.interrupted);
  const code = exitCode(billers, files, night.interrupted, {
    unmatched: unmatched.length,
    ...(night.stopped ? { stopped: night.stopped.code } : {}),
  });
  const info = runInfo(o, ledger.startedAt, code, night.interrupted);
  const followUps = [...(o.followUps ?? []), ...elsewhere, ...recoveries.map((r) => r.followUp)];
  const moved = archive.moved.map((m) => m.from);
  const scrubbed = followUps.map((f) => scrubbedFollowUp(o.scrubber, f));
  const rows = reportRows(info, archive.files, billers, o.mask, scrubbed, c.spill, moved);
  const results = await ledger
    .finish(o.outputDir, info, rows, billers, () => c.spill.remove())
    .finally(() => c.spill.remove());
  const archived = archive.moved.map((m) => m.to);
  logEnd(o.logger, billers, info, results.xlsx, archived.length);
  const stopped = night.stopped ? { stopped: night.stopped } : {};
  const counts = { maxInFlight: night.maxInFlight, waiting: waiting.length, unmatched };
  return { info, files: archive.files, billers, results, archived, summary: rows.summary, ...counts, ...stopped };
}

/** The run in the journal, with a lease whose renewal troubles reach the log. */
function startLedger(o: RunOptions): RunLedger {
  const meta = { host: '', user: '', options: '{}', toolVersion: '', ...o.meta };
  const crmOf = o.crm ? { crm: o.crm } : {};
  return RunLedger.start(o.journal, { id: o.runId, kind: o.mode, ofRun: null, ...meta, ...crmOf }, (line) =>
    o.logger.warn(line, { event: 'journal.lease' }),
  );
}

/**
 * Finish the job of a run that died mid-biller first: restore what it left half converted in this CRM; the
 * follow-ups of what dead runs left in flight on another CRM (or on none recorded), not restored here.
 */
async function recoverStage(o: RunOptions): Promise<{ recoveries: Recovery[]; elsewhere: FollowUp[] }> {
  if (!o.journal || o.mode !== 'run') return { recoveries: [], elsewhere: [] };
  const crm = o.crm ?? null;
  const recoveries = await recoverInFlight(o.journal, o.target, o.logger, crm);
  return { recoveries, elsewhere: leftInFlight(o.journal, crm, o.logger) };
}

function logStart(o: RunOptions): void {
  const verb = o.mode === 'plan' ? 'Planning' : 'Converting';
  const how = `run ${o.runId}, target ${o.target.name}, concurrency ${o.concurrency}`;
  o.logger.info(`${verb} billers due on ${o.now} from ${o.inputDir} (${how})`, { event: 'run.start' });
}

/** Only a night that converted (not a plan, not one stopped early) moves worksheets, and only when asked to. */
async function archiveStage(
  o: RunOptions,
  files: FileReport[],
  billers: readonly BillerResult[],
  interrupted: boolean,
): Promise<Archived> {
  if (o.mode !== 'run' || !o.archive || interrupted) return { moved: [], files };
  return archiveConverted(files, billers, { inputDir: o.inputDir, day: o.now, logger: o.logger });
}

async function requireFolder(dir: string): Promise<void> {
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new ConfigError(`the input folder ${dir} does not exist`);
}

/** Read and validate every worksheet that is ready; the secrets of each record are known to the scrubber at once. */
async function readAll(o: RunOptions): Promise<{ files: FileReport[]; waiting: FileReport[] }> {
  const { ready, waiting } = await discover(o.inputDir, o.settleMs);
  const files: FileReport[] = [...waiting];
  for await (const report of intake(ready, { pool: o.pool })) {
    files.push(report);
    for (const found of report.billers) if (found.record) registerSecrets(o.scrubber, found.record);
    o.logger.debug(
      `read ${report.file}: ${report.status}, ${report.billers.length} billers, ${report.issues.length} issues`,
      { event: 'file.read', file: report.file, status: report.status },
    );
  }
  for (const f of waiting) o.logger.warn(`${f.file}: ${f.note}`, { event: 'file.waiting', file: f.file });
  // Reading is over: give the reader workers' memory back before the night's largest structures grow.
  await o.pool.close();
  // Every secret is known now: no issue message or note of any file reaches the results with one.
  return { files: files.map((f) => scrubbedReport(o.scrubber, f)), waiting };
}

function warnUnmatched(o: RunOptions, unmatched: readonly string[]): void {
  for (const id of unmatched)
    o.logger.warn(`--only ${id}: no worksheet in ${o.inputDir} has this biller (check the id)`, {
      event: 'only.unmatched',
      billerId: id,
    });
}

function convertContext(
  o: RunOptions,
  ledger: RunLedger,
  recoveries: readonly Recovery[],
  total: number,
): Omit<ConvertContext, 'breaker'> {
  let done = 0;
  return {
    ...o,
    ledger,
    spill: ChangeSpill.inDir(o.outputDir, o.runId),
    unrecovered: new Map(recoveries.filter((r) => !r.ok).map((r) => [r.billerId, r.fromRun] as const)),
    done: (r) => o.onResult?.(r, ++done, total),
  };
}

function runInfo(o: RunOptions, startedAt: Date, exitCode: number, interrupted: boolean): RunInfo {
  return {
    runId: o.runId,
    mode: o.mode,
    startedAt,
    endedAt: new Date(),
    target: o.target.name,
    concurrency: o.concurrency,
    now: o.now,
    commandLine: o.commandLine,
    exitCode,
    interrupted,
    ...(o.timeZone ? { timeZone: o.timeZone } : {}),
  };
}

function logEnd(log: Logger, billers: readonly BillerResult[], info: RunInfo, xlsx: string, archived: number): void {
  // verbose: in the log file; the console gets the same line from the command on stdout.
  log.verbose(`${summaryLine(billers)}. Results: ${xlsx}`, {
    event: 'run.end',
    counts: countByStatus(billers),
    exitCode: info.exitCode,
    results: xlsx,
    archived,
  });
}
