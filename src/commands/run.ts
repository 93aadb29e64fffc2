/** `spectrum-convert run` and `plan`: open what a night needs through the context, run the stages, tell. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { crmIdentity, lockPaths, today, type Config } from '../config.js';
import { redactedOptions } from '../config/redact.js';
import { localTime } from '../core/local-time.js';
import { SecretScrubber } from '../core/scrub.js';
import { keepDeadRunSpills, takeOverDeadRuns } from '../apply/recover-runs.js';
import { ConfigError } from '../errors.js';
import { takeoverWarning } from '../lock/lock.js';
import { closeLogger, createLogger, type Logger } from '../log.js';
import { packageRoot } from '../paths.js';
import { createProgress } from '../progress.js';
import { runBatch, type RunOptions } from '../run.js';
import { requireCrm, type TargetContext } from '../targets/index.js';
import { afterNight } from './after-night.js';
import type { CommandContext } from './context.js';
import { reportNight } from './night-console.js';

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

export async function runCommand(args: RunCommandArgs, ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const runId = newRunId();
  if (!existsSync(config.input) || !statSync(config.input).isDirectory())
    throw new ConfigError(`the input folder ${config.input} does not exist`);
  requireCrm(config);
  const takenOver = ctx.lock(lockPaths(config), runId);
  const scrubber = new SecretScrubber();
  const tty = !args.quiet && !args.json && (io.stderr?.isTTY ?? false);
  const logger = openLog(args, ctx, runId, scrubber, tty);
  for (const h of takenOver) logger.warn(takeoverWarning(h), { event: 'lock.stale' });
  const options = await openNight(args, ctx, runId, logger, scrubber);
  const progress = io.stderr && tty ? createProgress(io.stderr) : undefined;
  const outcome = await runBatch({
    ...options,
    ...(io.signal ? { signal: io.signal } : {}),
    ...(progress ? { onResult: (r, d, t) => progress.update(r, d, t) } : {}),
  });
  progress?.end();
  const warnings = args.mode === 'run' ? await afterNight(io.env, config, logger, scrubber, outcome) : [];
  reportNight({ mode: args.mode, json: args.json, quiet: args.quiet, tty, warnings }, outcome, config, io);
  return outcome.info.exitCode;
}

/** The night's log file (named by a crash), quieter on the console under --quiet, --json or a progress bar. */
function openLog(args: RunCommandArgs, ctx: CommandContext, runId: string, scrubber: SecretScrubber, tty: boolean) {
  const { config, io } = ctx;
  const stamp = io.stderr?.isTTY ? undefined : () => localTime(new Date(), config.timeZone);
  const file = join(config.output, 'logs', `run-${runId}.jsonl`);
  const logger = ctx.own(
    'log',
    createLogger({
      scrubber,
      file,
      consoleLevel: args.quiet ? 'error' : tty || args.json ? 'warn' : config.logLevel,
      write: io.err,
      defaultMeta: { runId },
      ...(stamp ? { stamp } : {}),
    }),
    closeLogger,
  );
  ctx.logFile = file;
  return logger;
}

/** What the stages need, opened through the context: masker, journal (crashed runs marked), reader pool, CRM. */
async function openNight(
  args: RunCommandArgs,
  ctx: CommandContext,
  runId: string,
  logger: Logger,
  scrubber: SecretScrubber,
): Promise<RunOptions> {
  const { config } = ctx;
  const mask = ctx.masker((l) => logger.warn(l, { event: 'key.new' }));
  const journal = ctx.journal(ctx.sealer(mask, (l) => logger.warn(l, { event: 'key.journal' })));
  const followUps = [...takeOverDeadRuns(journal, logger), ...keepDeadRunSpills(config.output, journal, logger)];
  const pool = await ctx.readPool();
  const onRetry: TargetContext['onRetry'] = (r) =>
    logger.warn(`retry ${r.attempt} of ${r.method} ${r.path} in ${r.waitMs} ms: ${r.reason}`, {
      event: 'http.retry',
      ...r,
    });
  const target = ctx.target({ scrubber, onRetry });
  return {
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
    followUps,
    meta: nightMeta(args, config),
    crm: crmIdentity(config),
  };
}

function nightMeta(args: RunCommandArgs, config: Config): RunOptions['meta'] {
  return {
    host: hostname(),
    user: userInfo().username,
    toolVersion: toolVersion(),
    options: JSON.stringify(
      redactedOptions({ ...config, now: args.now, only: args.only ? [...args.only] : undefined }),
    ),
  };
}
