/**
 * What a command holds while it runs (field map, reader pool, masker, journal, CRM target, locks, log), opened
 * here once, the same way for every command, and given back in one place, in reverse order, whatever happens:
 * a command that stops early (no token, a bad journal key, a corrupt journal, a crash) never leaves a lock or
 * a worker behind. Commands take the lock through `ctx.lock`, so the lock module's internals can change
 * without touching them.
 */
import { defaultJournalKeyFile, fingerprintKeyPath, journalPath, type Config } from '../config.js';
import type { LoadedFieldMap } from '../core/field-map.js';
import { readFieldMap } from '../field-map-file.js';
import { Journal } from '../journal/journal.js';
import { createSealer, resolveJournalKey, type Sealer } from '../journal/seal.js';
import { acquireLocks, type LockHolder } from '../lock/lock.js';
import { createMasker, installationKey, type Masker } from '../mask.js';
import { createReadPool, type ReadPool } from '../read/read-pool.js';
import { openTarget, type TargetContext } from '../targets/index.js';
import type { TargetPort } from '../targets/target-port.js';

/** What the CLI hands a command: its output, its environment, and how to reach a person. */
export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  /** Aborts a run (Ctrl-C). When absent, run and plan listen to SIGINT and SIGTERM themselves. */
  signal?: AbortSignal;
  stderr?: NodeJS.WriteStream;
  /** stdout is a terminal (no timestamps on the summary lines). */
  stdoutTTY?: boolean;
  /** A person can answer a question (stdin and stderr are terminals). */
  interactive?: boolean;
  /** Ask a person; resolves to their answer. Only called when `interactive`. */
  ask?: (question: string) => Promise<string>;
  /** Tests wrap the CRM target (count writes, inject faults). */
  wrapTarget?: (t: TargetPort) => TargetPort;
}

export class CommandContext implements AsyncDisposable {
  private readonly held: Array<{ what: string; release: () => unknown }> = [];
  private loadingFieldMap: Promise<LoadedFieldMap> | undefined;
  /** The log file of this command, once it has one: a crash names it. */
  logFile: string | undefined;

  constructor(
    readonly config: Config,
    readonly io: CommandIo,
  ) {}

  /** Give `release` back at the end, after everything taken later. */
  defer(what: string, release: () => unknown): void {
    this.held.push({ what, release });
  }

  /** `value`, closed with `close` at the end. */
  own<T>(what: string, value: T, close: (v: T) => unknown): T {
    this.defer(what, () => close(value));
    return value;
  }

  /** Take every lock in `paths` or none (LockedError → 75), released at the end; returns stale locks taken over. */
  lock(paths: readonly string[], runId: string): LockHolder[] {
    const lock = acquireLocks(paths, runId);
    this.defer('locks', () => lock.release());
    return lock.takenOver;
  }

  /** The configured CRM, wrapped by tests, closed at the end. */
  target(extra: Omit<TargetContext, 'env'> = {}): TargetPort {
    const base = openTarget(this.config, { env: this.io.env, ...extra });
    const t = this.io.wrapTarget ? this.io.wrapTarget(base) : base;
    return this.own('CRM target', t, (x) => x.close());
  }

  /** The configured field map, read once. */
  fieldMap(): Promise<LoadedFieldMap> {
    return (this.loadingFieldMap ??= readFieldMap(this.config.fieldMap));
  }

  /** The reader workers for worksheets, closed at the end. */
  async readPool(): Promise<ReadPool> {
    const { readWorkers, limits } = this.config;
    const pool = createReadPool(readWorkers, limits, await this.fieldMap());
    return this.own('reader pool', pool, (p) => p.close());
  }

  /**
   * Masks and fingerprints for secrets, keyed by this installation's fingerprint key (made on first use;
   * made while a journal exists, `warn` says what that breaks).
   */
  masker(warn: (line: string) => void = this.io.err): Masker {
    const path = fingerprintKeyPath(this.config);
    return createMasker(installationKey(path, { journal: journalPath(this.config), warn }));
  }

  /**
   * Seals secrets for the journal with the journal key (configured, or the default file). Only a run makes
   * the default key when there is none (`made` says where, for the operator to back it up); a reader of the
   * journal without a key seals nothing.
   */
  sealer(mask: Masker, made?: (line: string) => void): Sealer {
    const { config, io } = this;
    const generate = made ? { outputDir: config.output, say: made } : undefined;
    return createSealer(
      resolveJournalKey(io.env, config.journalKeyFile, defaultJournalKeyFile(io.env), generate),
      mask,
    );
  }

  /** The journal (the run ledger), closed at the end. Without a sealer it reads no secret (history). */
  journal(sealer: Sealer = createSealer(undefined, () => '')): Journal {
    return this.own('journal', Journal.open(journalPath(this.config), sealer), (j) => j.close());
  }

  /** Release everything, last taken first; one failing release never keeps the others (the locks) held. */
  async [Symbol.asyncDispose](): Promise<void> {
    const failures: string[] = [];
    for (const { what, release } of this.held.splice(0).reverse()) {
      try {
        await release();
      } catch (e) {
        failures.push(`${what}: ${(e as Error).message}`);
      }
    }
    if (failures.length) this.io.err(`spectrum-convert: could not close ${failures.join('; ')}`);
  }
}

/** Run `fn` with a context that is disposed of on every path out of it. */
export async function withContext<T>(
  config: Config,
  io: CommandIo,
  fn: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  const ctx = new CommandContext(config, io);
  try {
    return await fn(ctx);
  } finally {
    await ctx[Symbol.asyncDispose]();
  }
}
