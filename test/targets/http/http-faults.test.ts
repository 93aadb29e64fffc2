// @module-tag slow: a flaky CRM over HTTP, with retries and timeouts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { differences } from '../../../src/core/simulate.js';
import { startCrmServer, type CrmServer } from '../../../src/targets/http/crm-server.js';
import { CrmStore } from '../../../src/targets/sqlite/crm-store.js';
import { makeNight, type Night } from '../../support/night.js';
import { runMain, jsonSummary } from '../../support/run-cli.js';
import { mipsSnapshotFor } from '../../support/snapshots.js';
import { sampleBiller, tableWorkbook, billerIdOf } from '../../support/workbooks.js';

const TOKEN = 'fault-test-token-123456';
let night: Night | undefined;
let server: CrmServer | undefined;
let store: CrmStore | undefined;
afterEach(async () => {
  await server?.close();
  store?.close();
  await night?.cleanup();
});

it(
  'a flaky CRM (20% 500/503, timeouts, dropped connections): ' +
    'every biller converted, or failed and exactly as before; retries logged; nothing in maintenance',
  async () => {
    const billers = Array.from({ length: 40 }, (_, i) => sampleBiller(i + 500));
    night = await makeNight(billers.map(mipsSnapshotFor));
    await night.drop('table.xlsx', await tableWorkbook('Billers', billers));
    store = CrmStore.open(night.crmDb);
    server = await startCrmServer(store, {
      token: TOKEN,
      faults: { failRate: 0.2, slowRate: 0.03, slowMs: 400, dropRate: 0.03, seed: 42 },
    });
    const config = join(night.dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        http: { timeoutMs: 200, retries: 6, backoffMs: 5, retryBudgetMs: 10_000, maxRequestsPerSecond: 0 },
      }),
    );
    const r = await runMain(
      [
        'run',
        '--target',
        'http',
        '--crm-url',
        server.url,
        '--config',
        config,
        '--concurrency',
        '4',
        '--input',
        night.input,
        '--output',
        night.output,
        '--now',
        '2026-11-26',
        '--json',
      ],
      { SPECTRUM_CONVERT_CRM_TOKEN: TOKEN },
    );
    const summary = JSON.parse(r.out) as { counts: Record<string, number> };
    expect(summary.counts['rollback-failed']).toBe(0);
    expect((summary.counts.converted ?? 0) + (summary.counts.failed ?? 0)).toBe(40);
    expect(summary.counts.converted).toBeGreaterThan(30);
    const results = JSON.parse(readFileSync(jsonSummary(r.out).results.json, 'utf8')) as {
      billers: Array<{ billerId: string; status: string }>;
    };
    for (const b of billers) {
      const s = store.snapshot(billerIdOf(b))!;
      expect(s.maintenance).toBe(false);
      const status = results.billers.find((x) => x.billerId === b.billerId)?.status;
      if (status === 'converted') expect(s.profile.integrationPartner).toBe('IMT Spectrum');
      else expect(differences(mipsSnapshotFor(b), s, { maintenance: true })).toEqual([]);
    }
    expect(server.stats.failed + server.stats.dropped + server.stats.slowed).toBeGreaterThan(50);
    const logs = readdirSync(join(night.output, 'logs'))
      .map((f) => readFileSync(join(night!.output, 'logs', f), 'utf8'))
      .join('');
    const retries = logs.split('\n').filter((l) => l.includes('"event":"http.retry"'));
    expect(retries.length).toBeGreaterThan(50);
    expect(logs).not.toContain(TOKEN);
    expect(server.stats.connections).toBeLessThan(server.stats.requests / 5);
  },
  120_000,
);
