// @module-tag slow: crm serve as a child process, a night over HTTP
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, utimesSync, writeFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { tempDir } from '../support/intake.js';
import { runMain, jsonSummary } from '../support/run-cli.js';

const TOKEN = 'serve-test-token-abcdef';
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('sc-serve-'));
});
afterAll(async () => {
  await cleanup();
});

/** A copy of the examples as a night, with a shared fingerprint key so masks compare. */
async function exampleNight(name: string) {
  const root = join(dir, name);
  const input = join(root, 'input');
  const output = join(root, 'output');
  mkdirSync(output, { recursive: true });
  cpSync(join(packageRoot, 'examples', 'worksheets'), input, { recursive: true });
  const past = new Date(Date.now() - 3600_000);
  for (const f of readdirSync(input)) utimesSync(join(input, f), past, past);
  writeFileSync(join(output, '.fingerprint-key'), 'cd'.repeat(32), { mode: 0o600 });
  const crmDb = join(output, 'crm.db');
  expect(
    (await runMain(['crm', 'import', join(packageRoot, 'examples', 'crm-export.csv'), '--crm-db', crmDb])).code,
  ).toBe(0);
  return { input, output, crmDb };
}

function rows(resultsJson: string): { billers: unknown[]; changes: string[] } {
  const r = JSON.parse(readFileSync(resultsJson, 'utf8')) as {
    billers: Array<Record<string, unknown>>;
    changes: Array<Record<string, unknown>>;
  };
  return {
    // The maintenance window's length is a timing: compare whether it was measured, not its seconds.
    billers: r.billers.map((b) => ({
      ...b,
      file: basename(String(b.file)),
      message: String(b.message).replaceAll(/\/[^ ]*\//g, ''),
      windowSeconds: typeof b.windowSeconds,
    })),
    // Changes are listed as billers finish (a long night writes them aside as it goes): compare as sets.
    changes: r.changes.map((c) => JSON.stringify(c)).sort(),
  };
}

it('crm serve + run --target http gives the same results as the sqlite target on the examples', async () => {
  const viaSqlite = await exampleNight('sqlite');
  const viaHttp = await exampleNight('http');
  const a = await runMain([
    'run',
    '--input',
    viaSqlite.input,
    '--output',
    viaSqlite.output,
    '--crm-db',
    viaSqlite.crmDb,
    '--config',
    join(packageRoot, 'examples', 'spectrum-convert.json'),
    '--now',
    '2026-11-26',
    '--json',
  ]);

  const server = spawn(
    process.execPath,
    [join(packageRoot, 'bin', 'spectrum-convert.js'), 'crm', 'serve', '--port', '0', '--crm-db', viaHttp.crmDb],
    { env: { ...process.env, SPECTRUM_CONVERT_CRM_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    server.on('exit', () => reject(new Error(`server exited: ${out}`)));
  });
  try {
    const b = await runMain(
      [
        'run',
        '--target',
        'http',
        '--crm-url',
        url,
        '--input',
        viaHttp.input,
        '--output',
        viaHttp.output,
        '--config',
        join(packageRoot, 'examples', 'spectrum-convert.json'),
        '--now',
        '2026-11-26',
        '--json',
      ],
      { SPECTRUM_CONVERT_CRM_TOKEN: TOKEN },
    );
    expect(jsonSummary(b.out).counts).toEqual(jsonSummary(a.out).counts);
    expect(jsonSummary(a.out).counts).toMatchObject({
      converted: 4,
      'already-converted': 1,
      blocked: 2,
      invalid: 1,
      scheduled: 1,
    });
    expect(rows(jsonSummary(b.out).results.json)).toEqual(rows(jsonSummary(a.out).results.json));
    const noToken = await runMain([
      'run',
      '--target',
      'http',
      '--crm-url',
      url,
      '--input',
      viaHttp.input,
      '--output',
      viaHttp.output,
    ]);
    expect(noToken.code).toBe(2);
    expect(noToken.err).toMatch(/SPECTRUM_CONVERT_CRM_TOKEN/);
  } finally {
    server.kill('SIGINT');
    await new Promise((r) => server.on('close', r));
  }
  expect(out).toMatch(/stopped after \d+ requests/);
}, 60_000);
