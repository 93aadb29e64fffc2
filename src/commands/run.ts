/** `spectrum-convert run` and `plan`: wire configuration to the batch pipeline (src/run.ts). */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { crmDbPath, fingerprintKeyPath, today, type Config } from '../config.js';
import { SecretScrubber } from '../core/scrub.js';
import { countByStatus, summaryLine } from '../core/summary.js';
import { readFieldMap } from '../field-map-file.js';
import { closeLogger, createLogger } from '../log.js';
import { createMasker, installationKey } from '../mask.js';
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
  signal?: AbortSignal | undefined;
  /** Tests and benchmarks wrap or replace the target. */
  wrapTarget?: ((t: TargetPort) => TargetPort) | undefined;
  stderr?: NodeJS.WriteStream | undefined;
}

export function newRunId(at = new Date()): string {
  return `${at.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z-${randomBytes(2).toString('hex')}`;
}

export async function runCommand(args: RunCommandArgs, config: Config, out: (line: string) => void): Promise<{ code: number; outcome: RunOutcome }> {
  const runId = newRunId();
  const scrubber = new SecretScrubber();
  const tty = !args.quiet && !args.json && (args.stderr?.isTTY ?? false);
  const logger = createLogger({
    scrubber,
    file: join(config.output, 'logs', `run-${runId}.jsonl`),
    consoleLevel: args.quiet ? 'error' : tty || args.json ? 'warn' : config.logLevel,
    defaultMeta: { runId },
  });
  const progress = args.stderr && tty ? createProgress(args.stderr) : undefined;
  const fieldMap = await readFieldMap(config.fieldMap);
  const pool = createReadPool(config.readWorkers, config.limits);
  const base = openTarget(config);
  const target = args.wrapTarget ? args.wrapTarget(base) : base;
  try {
    const outcome = await runBatch({
      mode: args.mode,
      inputDir: config.input,
      outputDir: config.output,
      concurrency: config.concurrency,
      now: args.now ?? today(config.timeZone),
      ...(args.only ? { only: args.only } : {}),
      archive: config.archive,
      settleMs: config.settleSeconds * 1000,
      target,
      pool,
      limits: config.limits,
      fieldMap,
      planOptions: config.defaultInvoiceFormatGuid ? { defaultInvoiceFormatGuid: config.defaultInvoiceFormatGuid } : {},
      logger,
      scrubber,
      mask: createMasker(installationKey(fingerprintKeyPath(config))),
      commandLine: args.commandLine,
      runId,
      ...(args.signal ? { signal: args.signal } : {}),
      ...(progress ? { onResult: (r, d, t) => progress.update(r, d, t) } : {}),
    });
    progress?.end();
    if (args.json) out(JSON.stringify({ runId, mode: args.mode, exitCode: outcome.info.exitCode, counts: countByStatus(outcome.billers), results: outcome.results, archived: outcome.archived, crmDb: config.target === 'sqlite' ? crmDbPath(config) : undefined }, null, 2));
    else if (!args.quiet) out(`${summaryLine(outcome.billers)}\nResults: ${outcome.results.xlsx}`);
    return { code: outcome.info.exitCode, outcome };
  } finally {
    await target.close();
    await pool.close();
    await closeLogger(logger);
  }
}
