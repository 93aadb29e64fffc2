/** Helpers shared by the benchmarks: timing, medians, child processes with their peak RSS. */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';

export const CLI = join(packageRoot, 'bin', 'spectrum-convert.js');
const RSS_HOOK = join(packageRoot, 'test', 'support', 'report-rss.mjs');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

export async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  maxRssMb: number;
  out: string;
  err: string;
}

/** Run the built CLI in a child process; its peak RSS (worker threads included) comes back. */
export function runCli(
  args: string[],
  opts: { env?: Record<string, string>; killAfterMs?: number } = {},
): Promise<ChildRun> {
  const t = performance.now();
  const child = spawn(process.execPath, ['--import', `file://${RSS_HOOK}`, CLI, ...args], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 1_000_000) err = err.slice(-100_000);
  });
  const timer = opts.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : undefined;
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const m = /MAXRSS_KB=(\d+)/.exec(err);
      resolve({ code, signal, ms: performance.now() - t, maxRssMb: m ? Number(m[1]) / 1024 : NaN, out, err });
    }),
  );
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** `crm serve` in a child process; resolves once it listens. stop() returns its request count and mean answer time. */
export async function serveChild(
  crmDb: string,
  config: string,
  port: number,
  token: string,
): Promise<{ stop: () => Promise<{ requests: number; answerMs: number }> }> {
  const child = spawn(
    process.execPath,
    [CLI, 'crm', 'serve', '--crm-db', crmDb, '--port', String(port), '--config', config],
    { env: { ...process.env, SPECTRUM_CONVERT_CRM_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (out.includes('CRM serving')) {
        clearInterval(t);
        resolve();
      }
    }, 20);
    child.on('exit', () => {
      clearInterval(t);
      reject(new Error(`crm serve exited: ${out}`));
    });
  });
  return {
    stop: async () => {
      child.kill('SIGINT');
      await new Promise((r) => child.on('close', r));
      const m = /stopped after (\d+) requests(?: \(answered in ([\d.]+) ms)?/.exec(out);
      return { requests: Number(m?.[1] ?? NaN), answerMs: Number(m?.[2] ?? NaN) };
    },
  };
}
