/**
 * What a command holds while it runs (locks, journal, CRM target, reader pool, log), owned in one place and
 * given back in one place, in reverse order, whatever happens: a command that stops early (no token, a bad
 * journal key, a corrupt journal, a crash) never leaves a lock behind. Commands take the lock through
 * `ctx.lock`, so the lock module's internals can change without touching them.
 */
import { acquireLocks, removeLocks, type LockHolder } from '../lock/lock.js';
import type { Config } from '../config.js';
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

  /** Take every lock in `paths` or none (LockedError → exit 75); released at the end. Returns stale locks taken over. */
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

/** `unlock --force`: remove the locks after a person checked that no run is alive; one line per lock removed. */
export function removeRunLocks(paths: readonly string[]): string[] {
  return removeLocks(paths).map(
    (h) => `removed ${h.path} (run ${h.runId}, pid ${h.pid} on ${h.host}, started ${h.startedAt})`,
  );
}
