/** `spectrum-convert run` and `plan`: wire configuration to the batch pipeline (src/run.ts). */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import {
  crmDbPath,
  defaultJournalKeyFile,
  fingerprintKeyPath,
  journalPath,
  lockPaths,
  today,
  type Config,
} from '../config.js';
import { localTime } from '../core/local-time.js';
import { SecretScrubber } from '../core/scrub.js';
import { countByStatus } from '../core/summary.js';
import { ConfigError } from '../errors.js';
import { readFieldMap } from '../field-map-file.js';
import { takeoverWarning } from '../lock/lock.js';
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
import { requireCrm } from '../targets/index.js';
import type { CommandContext } from './context.js';
import { countsLine, needsAPerson, quietLine } from './night-console.js';

export interface RunCommandArgs {
  mode: 'run' | 'plan';
  now?: string | undefined;
  only?: ReadonlySet<string> | undefined;
  json: boolean;
  quiet: boolean;
  commandLine: string;
}

export function newRunId(at = new Date()): string {
  return `${at.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z-${randomBytes(2).toString('hex')}`;
}

export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function runCommand(
  args: RunCommandArgs,
  config: Config,
  ctx: CommandContext,
): Promise<{ code: number; outcome?: RunOutcome }> {
  const { io } = ctx;
  const runId = newRunId();
  if (!existsSync(config.input) || !statSync(config.input).isDirectory())
    throw new ConfigError(`the input folder ${config.input} does not exist`);
  requireCrm(config);
  const takenOver = ctx.lock(lockPaths(config), runId);
  const scrubber = new SecretScrubber();
  const tty = !args.quiet && !args.json && (io.stderr?.isTTY ?? false);
  const stamp = io.stderr?.isTTY ? undefined : () => localTime(new Date(), config.timeZone);
  const logFile = join(config.output, 'logs', `run-${runId}.jsonl`);
  const logger = ctx.own(
    'log',
    createLogger({
      scrubber,
      file: logFile,
      consoleLevel: args.quiet ? 'error' : tty || args.json ? 'warn' : config.logLevel,
      write: io.err,
      defaultMeta: { runId },
      ...(stamp ? { stamp } : {}),
    }),
    closeLogger,
  );
  ctx.logFile = logFile;
  for (const h of takenOver) logger.warn(takeoverWarning(h), { event: 'lock.stale' });
  const mask = createMasker(
    installationKey(fingerprintKeyPath(config), {
      journal: journalPath(config),
      warn: (l) => logger.warn(l, { event: 'key.new' }),
    }),
  );
  const journal = ctx.own(
    'journal',
    Journal.open(
      journalPath(config),
      createSealer(
        resolveJournalKey(io.env, config.journalKeyFile, defaultJournalKeyFile(io.env), {
          outputDir: config.output,
          say: (l) => logger.warn(l, { event: 'key.journal' }),
        }),
        mask,
      ),
    ),
    (j) => j.close(),
  );
  for (const id of journal.markCrashed(hostname(), process.pid))
    logger.warn(`run ${id} did not finish (killed or crashed); its billers in flight are recovered first`, {
      event: 'run.crashed',
      crashedRun: id,
    });
  const fieldMap = await readFieldMap(config.fieldMap);
  const pool = ctx.own('reader pool', createReadPool(config.readWorkers, config.limits, fieldMap), (p) => p.close());
  const target = ctx.target({
    scrubber,
    onRetry: (r) =>
      logger.warn(`retry ${r.attempt} of ${r.method} ${r.path} in ${r.waitMs} ms: ${r.reason}`, {
        event: 'http.retry',
        ...r,
      }),
  });
  const progress = io.stderr && tty ? createProgress(io.stderr) : undefined;
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
    meta: {
      host: hostname(),
      user: userInfo().username,
      toolVersion: toolVersion(),
      options: JSON.stringify({ ...config, now: args.now, only: args.only ? [...args.only] : undefined }),
    },
    ...(io.signal ? { signal: io.signal } : {}),
    ...(progress ? { onResult: (r, d, t) => progress.update(r, d, t) } : {}),
  });
  progress?.end();
  const warnings = await afterNight(args, io.env, config, logger, scrubber, outcome);
  report(args, config, ctx, outcome, tty, warnings);
  return { code: outcome.info.exitCode, outcome };
}

function report(
  args: RunCommandArgs,
  config: Config,
  ctx: CommandContext,
  o: RunOutcome,
  tty: boolean,
  warnings: readonly string[],
): void {
  const { io } = ctx;
  if (tty && io.stderr)
    for (const line of needsAPerson(o.billers, !('NO_COLOR' in io.env))) io.stderr.write(`${line}\n`);
  if (args.json) {
    io.out(
      JSON.stringify(
        {
          runId: o.info.runId,
          mode: args.mode,
          exitCode: o.info.exitCode,
          counts: countByStatus(o.billers),
          results: o.results,
          archived: o.archived,
          warnings,
          waiting: o.waiting,
          unmatched: o.unmatched,
          ...(o.stopped ? { stopped: o.stopped.message } : {}),
          crmDb: config.target === 'sqlite' ? crmDbPath(config) : undefined,
        },
        null,
        2,
      ),
    );
    return;
  }
  const warned = warnings.map((w) => ` (warning: ${w})`).join('');
  if (args.quiet) {
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

/**
 * After the night's results are written: the tracker is refreshed. A failure here is a warning
 * (in the log and the summary line) and never changes what the night did or its exit code.
 */
async function afterNight(
  args: RunCommandArgs,
  env: Record<string, string | undefined>,
  config: Config,
  logger: Logger,
  scrubber: SecretScrubber,
  outcome: RunOutcome,
): Promise<string[]> {
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
    warnings.push(
      ...(await notifyNight(
        config,
        { page: outcome.summary, day: outcome.info.now, html, workbook: outcome.results.xlsx },
        {
          env,
          addSecret: (...s) => scrubber.add(...s),
          warn: (m) => logger.warn(m, { event: 'notify.failed' }),
          info: (m) => logger.info(m, { event: 'notify.sent' }),
        },
      )),
    );
  } catch (e) {
    const w = `the night's messages were not sent: ${(e as Error).message}`;
    logger.warn(w, { event: 'notify.failed' });
    warnings.push(w);
  }
  return warnings;
}
