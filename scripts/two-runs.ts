/**
 * `npx tsx scripts/two-runs.ts [TIMES]`: two runs against one CRM, TIMES times (default 20) for each
 * way of reaching it twice: a hard link to the embedded CRM's database, a symlink to it, two
 * spellings of an HTTP CRM's address (one output folder), and one address from two output folders.
 * The first run is held at its first CRM read (in this process); the second is a process of its
 * own, started while the first holds, and must exit 75. Prints how many times it did, per case.
 * The HTTP CRM is `crm serve` on loopback, in a process of its own. Everything lives in a temporary
 * folder, locks and journal key included; nothing of the user's is touched.
 */
import { spawn } from 'node:child_process';
import { cp, link, mkdir, mkdtemp, rm, symlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.js';
import { packageRoot } from '../src/paths.js';
import type { TargetPort } from '../src/targets/target-port.js';

const self = fileURLToPath(import.meta.url);

const NOW = '2030-06-01';
const TOKEN = 'two-runs-token-0123456789';
const WORKSHEET = join(packageRoot, 'examples', 'worksheets', 'town-of-example.xlsx');

/** The CLI in a process of its own; resolves to its exit code and what it printed. */
function cli(argv: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--cli', ...argv], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ code: number | null; out: string }>((r) => child.on('close', (code) => r({ code, out })));
  return { child, done, out: () => out };
}

/** A run in this process that waits at its first CRM read until released. */
function heldRun(argv: string[], env: Record<string, string>) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let reached!: () => void;
  const held = new Promise<void>((r) => (reached = r));
  const wrap = (t: TargetPort): TargetPort => ({
    name: t.name,
    readSnapshot: async (id) => {
      reached();
      await gate;
      return t.readSnapshot(id);
    },
    apply: (c) => t.apply(c),
    beginMaintenance: (id, owner) => t.beginMaintenance(id, owner),
    endMaintenance: (id, owner) => t.endMaintenance(id, owner),
    close: () => t.close(),
  });
  const lines: string[] = [];
  const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), env: { ...process.env, ...env } };
  const done = main(argv, { ...io, signal: new AbortController().signal, wrapTarget: wrap });
  // A run that ends before any CRM read (a mistake in the setup) must not leave us waiting.
  return { held: Promise.race([held, done.then(() => Promise.reject(new Error(lines.join('\n'))))]), release, done };
}

async function input(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await cp(WORKSHEET, join(dir, 'town.xlsx'));
  const t = new Date(Date.now() - 3600_000);
  await utimes(join(dir, 'town.xlsx'), t, t);
  return dir;
}

interface Case {
  name: string;
  /** The first and second run's arguments (after `run`), in a fresh folder `d`. */
  runs(d: string, crm: string, url: string): Promise<[string[], string[]]>;
  http: boolean;
}

const CASES: Case[] = [
  {
    name: 'a hard link to the embedded CRM',
    http: false,
    runs: async (d, crm) => {
      await mkdir(join(d, 'elsewhere'));
      await link(crm, join(d, 'elsewhere', 'hard.db'));
      return [
        ['--input', await input(join(d, 'in1')), '--output', join(d, 'out1'), '--crm-db', crm],
        [
          '--input',
          await input(join(d, 'in2')),
          '--output',
          join(d, 'out2'),
          '--crm-db',
          join(d, 'elsewhere', 'hard.db'),
        ],
      ];
    },
  },
  {
    name: 'a symlink to the embedded CRM',
    http: false,
    runs: async (d, crm) => {
      await symlink(crm, join(d, 'sym.db'));
      return [
        ['--input', await input(join(d, 'in1')), '--output', join(d, 'out1'), '--crm-db', crm],
        ['--input', await input(join(d, 'in2')), '--output', join(d, 'out2'), '--crm-db', join(d, 'sym.db')],
      ];
    },
  },
  {
    name: 'two spellings of the HTTP CRM (127.0.0.1 / HTTP://127.1/, one output)',
    http: true,
    runs: async (d, _crm, url) => {
      const other = `${url.replace('http://127.0.0.1', 'HTTP://127.1')}/`;
      const http = (u: string) => ['--target', 'http', '--crm-url', u, '--output', join(d, 'out')];
      return [
        ['--input', await input(join(d, 'in1')), ...http(url)],
        ['--input', await input(join(d, 'in2')), ...http(other)],
      ];
    },
  },
  {
    name: 'one HTTP CRM from two output folders',
    http: true,
    runs: async (d, _crm, url) => {
      const http = ['--target', 'http', '--crm-url', url];
      return [
        ['--input', await input(join(d, 'in1')), '--output', join(d, 'out1'), ...http],
        ['--input', await input(join(d, 'in2')), '--output', join(d, 'out2'), ...http],
      ];
    },
  },
];

/** `crm serve` on loopback, in a process of its own, until stopped. */
async function serve(crm: string, env: Record<string, string>) {
  const s = cli(['crm', 'serve', '--crm-db', crm, '--port', '0'], env);
  for (const t0 = Date.now(); !/at (http:\/\/\S+)/.test(s.out()); await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() - t0 > 30_000) throw new Error(`crm serve did not start:\n${s.out()}`);
  const url = /at (http:\/\/\S+)/.exec(s.out())![1]!;
  return { url, stop: async () => (s.child.kill('SIGTERM'), await s.done) };
}

async function compare(times: number): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'two-runs-'));
  const env = {
    SPECTRUM_CONVERT_LOCK_DIR: join(root, 'locks'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_STATE_HOME: join(root, 'state'),
    SPECTRUM_CONVERT_CRM_TOKEN: TOKEN,
  };
  const template = join(root, 'template.db');
  const imported = await main(
    ['crm', 'import', join(packageRoot, 'examples', 'crm-export.csv'), '--crm-db', template],
    {
      out: () => {},
      err: (l) => console.error(l),
      env: { ...process.env, ...env },
    },
  );
  if (imported !== 0) throw new Error('could not import the example CRM');
  console.log(`Two runs against one CRM, ${times} times per case (the second must exit 75):`);
  try {
    for (const c of CASES) {
      const codes = new Map<string, number>();
      const firsts = new Map<string, number>();
      const shared = join(root, `crm-${CASES.indexOf(c)}.db`);
      await cp(template, shared);
      const server = c.http ? await serve(shared, env) : undefined;
      for (let i = 0; i < times; i++) {
        const d = join(root, `case-${CASES.indexOf(c)}-${i}`);
        await mkdir(d);
        const crm = join(d, 'crm.db');
        if (!c.http) await cp(template, crm);
        const [a, b] = await c.runs(d, crm, server?.url ?? '');
        const first = heldRun(['run', ...a, '--now', NOW], env);
        await first.held;
        const second = await cli(['run', ...b, '--now', NOW], env).done;
        first.release();
        const f = await first.done;
        const key = String(second.code);
        codes.set(key, (codes.get(key) ?? 0) + 1);
        firsts.set(String(f), (firsts.get(String(f)) ?? 0) + 1);
        if (second.code !== 75) console.log(`  ${c.name}, try ${i + 1}: the second exited ${key}:\n${second.out}`);
        else if (i === 0) console.log(`  ${c.name}, try 1: ${second.out.trim().split('\n')[0]?.replace(root, '$TMP')}`);
        await rm(d, { recursive: true, force: true });
      }
      await server?.stop();
      const show = (m: Map<string, number>) => [...m].map(([k, n]) => `${n}× ${k}`).join(', ');
      console.log(
        `  ${c.name}: second exited 75 in ${codes.get('75') ?? 0} of ${times} ` +
          `(second: ${show(codes)}; first: ${show(firsts)})`,
      );
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

// As a child: the CLI itself, with the process's own streams and signals.
if (process.argv[2] === '--cli') {
  process.exitCode = await main(process.argv.slice(3));
} else {
  await compare(Number(process.argv[2] ?? 20));
}
