/**
 * The nights of the canary scan (commands/canary.test.ts, canary-bypass.test.ts): worksheets whose
 * secrets are canaries, a CRM token that is one, a hostile CRM that echoes every request back in
 * its errors, and the scan of everything a night wrote (support/canary-scan.ts).
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startCrmServer } from '../../src/targets/http/crm-server.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { CanaryScan, type ScanReport } from './canary-scan.js';
import { makeNight, type Night } from './night.js';
import { runMain } from './run-cli.js';
import { mipsSnapshotFor } from './snapshots.js';
import { sampleBiller, tableWorkbook } from './workbooks.js';

export const NOW = '2026-11-26';
export const TOKEN = 'CANARY-token&"<x y>+/=%41';
export const nights: Night[] = [];
export const reports: Record<string, Omit<ScanReport, 'leaks' | 'paths'> & { leaks: number; paths: string[] }> = {};

const secretsOf = (i: number) => ({
  rtdrPrivateKey: `CANARY-rk${i}&<"q' z+`,
  rtdrPassword: `CANARY-rp${i}/%20?=x`,
  paymentsPrivateKey: `CANARY-pk${i}>&amp;`,
  paymentsPassword: `CANARY-pp${i}"\\é`,
});
const secrets = Array.from({ length: 4 }, (_, i) => secretsOf(i));
export const list = secrets.map((s, i) => sampleBiller(500 + i, s));
const canaries = [
  TOKEN,
  ...secrets.flatMap((s) => Object.values(s)),
  // Settings 10 and 13 are key|password: each pair is a secret of its own.
  ...secrets.flatMap((s) => [`${s.rtdrPrivateKey}|${s.rtdrPassword}`, `${s.paymentsPrivateKey}|${s.paymentsPassword}`]),
];

export interface Scenario {
  n: Night;
  /** Its own lock folder and key folder, scanned with the output. */
  env: Record<string, string>;
  consoles: string[];
  keep<T extends { out: string; err: string }>(r: T): T;
}

export async function night(): Promise<Scenario> {
  const n = await makeNight(list.map(mipsSnapshotFor));
  await n.drop('table.xlsx', await tableWorkbook('Billers', list));
  nights.push(n);
  const consoles: string[] = [];
  return {
    n,
    env: { SPECTRUM_CONVERT_LOCK_DIR: join(n.dir, 'locks'), XDG_CONFIG_HOME: join(n.dir, 'config') },
    consoles,
    keep: (r) => {
      consoles.push(r.out, r.err);
      return r;
    },
  };
}

/**
 * Scan what a scenario wrote: its output folder but the CRM, its lock and key folders, the input
 * folder's lock (input/ itself holds the worksheets, where the secrets belong), its consoles.
 */
export async function scan(name: string, s: Scenario, opts: { expectLeaks?: boolean } = {}): Promise<ScanReport> {
  const c = new CanaryScan(canaries);
  s.consoles.forEach((t, i) => c.text(`${name}: console ${i}`, t));
  await c.paths(
    [s.n.output, s.env.SPECTRUM_CONVERT_LOCK_DIR!, s.env.XDG_CONFIG_HOME!, join(s.n.input, '.spectrum-convert.lock')],
    (p) => /(crm|staging)\.db(-wal|-shm|-journal)?$/.test(p),
  );
  const { leaks, ...rest } = c.report;
  const paths = rest.paths.map((p) => p.replace(s.n.dir, '…'));
  // A scan that must find leaks (the defences switched off) proves the scan, not the tool: kept apart.
  if (!opts.expectLeaks) reports[name] = { ...rest, paths, leaks: leaks.length };
  console.log(
    `canary scan ${name}: ${rest.forms} forms of ${canaries.length} canaries over ${rest.files} files ` +
      `(${rest.zipEntries} zip entries), ${rest.bytes} bytes, ${rest.texts} texts: ${leaks.length} found`,
  );
  return c.report;
}

/** A CRM behind a proxy that answers every write to advanced settings with an echo of the request. */
async function hostileCrm(store: CrmStore) {
  const real = await startCrmServer(store, { token: TOKEN });
  const target = new URL(real.url);
  let echoed = 0;
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'GET' && /advanced-settings\/1[03]$/.test(req.url ?? '')) {
        echoed++;
        const echo = JSON.stringify({
          code: `ECHO ${req.headers.authorization} ${body}`,
          message: `you sent ${body} with ${req.headers.authorization}`,
        });
        res.writeHead(400, { 'content-type': 'application/json', 'x-echo': encodeURIComponent(body) }).end(echo);
        return;
      }
      const fwd = request(
        { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      fwd.end(body);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    echoed: () => echoed,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
      await real.close();
    },
  };
}

/** The hostile night: every biller's write answered with an echo of the request; `said` is its stderr+stdout. */
export async function hostileNight(): Promise<{ s: Scenario; code: number; echoed: number; said: string }> {
  const s = await night();
  const { n } = s;
  const store = CrmStore.open(n.crmDb);
  const hostile = await hostileCrm(store);
  try {
    const r = s.keep(
      await runMain(
        ['run', '--input', n.input, '--output', n.output, '--target', 'http', '--crm-url', hostile.url, '--now', NOW],
        { ...s.env, SPECTRUM_CONVERT_CRM_TOKEN: TOKEN },
      ),
    );
    return { s, code: r.code, echoed: hostile.echoed(), said: r.err + r.out };
  } finally {
    await hostile.close();
    store.close();
  }
}
