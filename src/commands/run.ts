/** `spectrum-convert run` and `plan`: wire configuration to the batch pipeline (src/run.ts). */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { crmDbPath, defaultJournalKeyFile, fingerprintKeyPath, journalPath, lockPaths, today, type Config } from '../config.js';
import { SecretScrubber } from '../core/scrub.js';
import { countByStatus, EXIT_CODES, summaryLine } from '../core/summary.js';
import { ConfigError } from '../errors.js';
import { readFieldMap } from '../field-map-file.js';
import { acquireLocks, LockedError, takeoverWarning } from '../batch/lock.js';
import { Journal } from '../journal/journal.js';
import { createSealer, resolveJournalKey } from '../journal/seal.js';
import { closeLogger, createLogger, type Logger } from '../log.js';
import { refreshTracker, trackerPath } from './report.js';
import { notifyNight } from '../notify/notify.js';
import { createMasker, installationKey } from '../mask.js';
import { packageRoot } from '../paths.js';
import { createProgress } from '../progress.js';
import { createReadPool } from '../read/read-pool.js';
import { runBatch, type RunOutcome } from '../run.js';
import { openTarget } from '../targets/index.js';
import type { TargetPort } from '../targets/target-port.js';

export interface RunCommandArgs {
  mode: 'run' | 'plan';
  now?: string | undefined;
  only?: ReadonlySet<string> | undefined;
  json: boolean;
  quiet: boolean;
  commandLine: string;
  env: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
  /** Tests and benchmarks wrap or replace the target. */
  wrapTarget?: ((t: TargetPort) => TargetPort) | undefined;
  stderr?: NodeJS.WriteStream | undefined;
  err: (line: string) => void;
}

export function newRunId(at = new Date()): string {
  return `${at.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z-${randomBytes(2).toString('hex')}`;
}

export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function runCommand(args: RunCommandArgs, config: Config, out: (line: string) => void): Promise<{ code: number; outcome?: RunOutcome }> {
  const runId = newRunId();
  if (!existsSync(config.input) || !statSync(config.input).isDirectory()) throw new ConfigError(`the input folder ${config.input} does not exist`);
  let lock;
  try {
    lock = acquireLocks(lockPaths(config), runId);
  } catch (e) {
    if (e instanceof LockedError) { args.err(`spectrum-convert: ${e.message}`); return { code: EXIT_CODES.locked }; }
    throw e;
  }
  const scrubber = new SecretScrubber();
  const tty = !args.quiet && !args.json && (args.stderr?.isTTY ?? false);
  const logger = createLogger({
    scrubber,
    file: join(config.output, 'logs', `run-${runId}.jsonl`),
    consoleLevel: args.quiet ? 'error' : tty || args.json ? 'warn' : config.logLevel,
    write: args.err,
    defaultMeta: { runId },
  });
  for (const h of lock.takenOver) logger.warn(takeoverWarning(h), { event: 'lock.stale' });
  const mask = createMasker(installationKey(fingerprintKeyPath(config), { journal: journalPath(config), warn: (l) => logger.warn(l, { event: 'key.new' }) }));
  const journal = Journal.open(journalPath(config), createSealer(resolveJournalKey(args.env, config.journalKeyFile, defaultJournalKeyFile(args.env), { outputDir: config.output, say: (l) => logger.warn(l, { event: 'key.journal' }) }), mask));
  for (const id of journal.markCrashed(hostname(), process.pid)) logger.warn(`run ${id} did not finish (killed or crashed); its billers in flight are recovered first`, { event: 'run.crashed', crashedRun: id });
  const progress = args.stderr && tty ? createProgress(args.stderr) : undefined;
  const fieldMap = await readFieldMap(config.fieldMap);
  const pool = createReadPool(config.readWorkers, config.limits, fieldMap);
  const base = openTarget(config, { env: args.env, scrubber, onRetry: (r) => logger.warn(`retry ${r.attempt} of ${r.method} ${r.path} in ${r.waitMs} ms: ${r.reason}`, { event: 'http.retry', ...r }) });
  const target = args.wrapTarget ? args.wrapTarget(base) : base;
  try {
    const outcome = await runBatch({
      mode: args.mode,
      inputDir: config.input,
      outputDir: config.output,
      concurrency: config.concurrency,
      now: args.now ?? today(config.timeZone),
      timeZone: config.timeZone,
      ...(args.only ? { only: args.only } : {}),
      archive: config.archive,
      settleMs: config.settleSeconds * 1000,
      target,
      pool,
      planOptions: config.defaultInvoiceFormatGuid ? { defaultInvoiceFormatGuid: config.defaultInvoiceFormatGuid } : {},
      logger,
      scrubber,
      mask,
      commandLine: args.commandLine,
      runId,
      journal,
      meta: { host: hostname(), user: userInfo().username, toolVersion: toolVersion(), options: JSON.stringify({ ...config, now: args.now, only: args.only ? [...args.only] : undefined }) },
      ...(args.signal ? { signal: args.signal } : {}),
      ...(progress ? { onResult: (r, d, t) => progress.update(r, d, t) } : {}),
    });
    progress?.end();
    const warnings = await afterNight(args, config, logger, scrubber, outcome);
    if (args.json) out(JSON.stringify({ runId, mode: args.mode, exitCode: outcome.info.exitCode, counts: countByStatus(outcome.billers), results: outcome.results, archived: outcome.archived, warnings, crmDb: config.target === 'sqlite' ? crmDbPath(config) : undefined }, null, 2));
    else if (!args.quiet) out(`${summaryLine(outcome.billers)}${warnings.map((w) => ` (warning: ${w})`).join('')}\nResults: ${outcome.results.xlsx}\nRun id: ${runId}`);
    return { code: outcome.info.exitCode, outcome };
  } finally {
    await target.close();
    await pool.close();
    journal.close();
    await closeLogger(logger);
    lock.release();
  }
}

/**
 * After the night's results are written: the tracker is refreshed. A failure here is a warning
 * (in the log and the summary line) and never changes what the night did or its exit code.
 */
async function afterNight(args: RunCommandArgs, config: Config, logger: Logger, scrubber: SecretScrubber, outcome: RunOutcome): Promise<string[]> {
  const warnings: string[] = [];
  if (args.mode !== 'run') return warnings;
  try {
    await refreshTracker(config);
  } catch (e) {
    const w = `the tracker ${trackerPath(config)} was not refreshed: ${(e as Error).message}`;
    logger.warn(w, { event: 'tracker.failed' });
    warnings.push(w);
  }
  try {
    const html = await readFile(outcome.results.html, 'utf8');
    warnings.push(...await notifyNight(config, { page: outcome.summary, day: outcome.info.now, html, workbook: outcome.results.xlsx }, {
      env: args.env,
      addSecret: (...s) => scrubber.add(...s),
      warn: (m) => logger.warn(m, { event: 'notify.failed' }),
      info: (m) => logger.info(m, { event: 'notify.sent' }),
    }));
  } catch (e) {
    const w = `the night's messages were not sent: ${(e as Error).message}`;
    logger.warn(w, { event: 'notify.failed' });
    warnings.push(w);
  }
  return warnings;
}
