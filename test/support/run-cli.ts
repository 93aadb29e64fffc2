/** Run the CLI in-process (fast, captured) or as a child process of the built JS (as operators do). */
import { spawn } from 'node:child_process';
import { main, type Io } from '../../src/cli.js';

/** What a command's `--json` prints, as far as the tests read it: counts by status and the results files. */
export interface JsonSummary {
  counts: Partial<Record<string, number>>;
  results: { json: string; xlsx: string };
}

export function jsonSummary(out: string): JsonSummary {
  return JSON.parse(out) as JsonSummary;
}

export async function runMain(
  argv: string[],
  env: Record<string, string | undefined> = {},
  io: Partial<Io> = {},
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  // A test must never fall back to the process's own signal handlers.
  const code = await main(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    signal: new AbortController().signal,
    ...io,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export function runBuilt(
  argv: string[],
  opts: { env?: Record<string, string>; measureRss?: boolean; cwd?: string } = {},
): Promise<{ code: number | null; out: string; err: string; maxRssMb?: number }> {
  const pre = opts.measureRss ? ['--import', new URL('./report-rss.mjs', import.meta.url).href] : [];
  const child = spawn(
    process.execPath,
    [...pre, new URL('../../bin/spectrum-convert.js', import.meta.url).pathname, ...argv],
    {
      cwd: opts.cwd ?? process.cwd(),
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve) =>
    child.on('close', (code) => {
      const m = /MAXRSS_KB=(\d+)/.exec(err);
      resolve({ code, out, err, ...(m ? { maxRssMb: Number(m[1]) / 1024 } : {}) });
    }),
  );
}
