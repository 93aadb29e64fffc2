// @module-tag slow: whole nights through the CLI
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { differences } from '../../src/core/simulate.js';
import { allFiles, makeNight, type Night } from '../support/night.js';
import { ScriptedTarget } from '../support/faulty-target.js';
import { hookReceiver, smtpReceiver, TEST_CERT } from '../support/receivers.js';
import { runMain, jsonSummary } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import type { TargetPort } from '../../src/targets/target-port.js';
import {
  csvText,
  formWorkbook,
  sampleBiller,
  tableWorkbook,
  type FieldValues,
  billerIdOf,
  plainText,
} from '../support/workbooks.js';

const NOW = '2026-11-26';
let night: Night | undefined;
afterEach(async () => {
  await night?.cleanup();
  night = undefined;
});

const billers = Array.from({ length: 8 }, (_, i) => sampleBiller(i + 1));
const id = billerIdOf;

async function setup(list = billers): Promise<Night> {
  night = await makeNight(list.map(mipsSnapshotFor));
  return night;
}

function scripted(configure: (t: ScriptedTarget) => void = () => {}): {
  wrap: (t: TargetPort) => TargetPort;
  get: () => ScriptedTarget;
} {
  let target: ScriptedTarget | undefined;
  return {
    wrap: (t) => {
      target = new ScriptedTarget(t);
      configure(target);
      return target;
    },
    get: () => {
      if (!target) throw new Error('target not opened');
      return target;
    },
  };
}

async function readResults(path: string): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: Record<string, string[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    ws.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : plainText(v)))),
    );
    out[ws.name] = rows;
  }
  return out;
}

function resultsPath(out: string): string {
  const m = /Results: (.+\.xlsx)/.exec(out);
  if (!m?.[1]) throw new Error(`no results path in: ${out}`);
  return m[1];
}

describe('spectrum-convert run', () => {
  it('reaches every status, writes the results workbook, and archives only fully converted worksheets', async () => {
    const n = await setup();
    const [b1, b2, b3, b4, b5, b6, b7, b8] = billers as [
      FieldValues,
      FieldValues,
      FieldValues,
      FieldValues,
      FieldValues,
      FieldValues,
      FieldValues,
      FieldValues,
    ];
    await n.drop('a-form.xlsx', await formWorkbook({ name: 'Biller', fields: b1 }));
    await n.drop(
      'b-table.xlsx',
      await tableWorkbook('Billers', [b2, b3, { ...b4, conversionDate: new Date(Date.UTC(2030, 0, 1)) }]),
    );
    await n.drop(
      'c-bad.xlsx',
      await formWorkbook({ name: 'Biller', fields: { ...b5, rtdrUrl: 'http://insecure.example.com' } }),
    );
    await n.drop('d-unknown.csv', csvText([sampleBiller(99)]));
    await n.drop('e-dup-1.xlsx', await formWorkbook({ name: 'Biller', fields: b6 }));
    await n.drop('e-dup-2.xlsx', await formWorkbook({ name: 'Biller', fields: { ...b6, billerName: 'Copy' } }));
    await n.drop('f-fail.xlsx', await tableWorkbook('Billers', [b7, b8]));
    await n.drop('g-fresh.xlsx', await formWorkbook({ name: 'Biller', fields: b1 }), { fresh: true });
    await n.drop('notes.txt', 'not a worksheet');
    const t = scripted((s) => {
      s.faults.set(id(b7), { at: 3 });
      s.faults.set(id(b8), { at: 3, restore: true });
    });
    const r = await runMain(['run', ...n.args('--now', NOW)], {}, { wrapTarget: t.wrap });
    expect(r.code).toBe(3);
    const results = await readResults(resultsPath(r.out));
    expect(Object.keys(results)).toEqual(['Summary', 'Billers', 'Files', 'Changes', 'Follow-ups', 'Errors']);
    const rows = results.Billers!.slice(1).map((row) => [row[0], row[1]]);
    expect(rows).toEqual([
      ['rollback-failed', id(b8)],
      ['failed', id(b7)],
      ['blocked', id(sampleBiller(99))],
      ['blocked', id(b6)],
      ['blocked', id(b6)],
      ['invalid', id(b5)],
      ['scheduled', id(b4)],
      ['converted', id(b1)],
      ['converted', id(b2)],
      ['converted', id(b3)],
    ]);
    const billerRow = (bid: string) => results.Billers!.find((row) => row[1] === bid)!;
    expect(billerRow(id(b6))[8]).toBe('BLOCKED.DUPLICATE');
    expect(billerRow(id(sampleBiller(99)))[8]).toBe('BLOCKED.UNKNOWN_BILLER');
    expect(billerRow(id(b5))[9]).toContain('c-bad.xlsx › Biller!B6 › RTDR URL');
    expect(results.Files!.map((row) => [basename(row[0]!), row[1]])).toEqual(
      expect.arrayContaining([
        ['g-fresh.xlsx', 'skipped'],
        ['notes.txt', 'ignored'],
      ]),
    );
    // the run's own lock is no input
    expect(results.Files!.some((row) => row[0]!.includes('.spectrum-convert.lock'))).toBe(false);
    expect(results.Errors!.some((row) => row[5] === 'WORKSHEET.URL_NOT_HTTPS' && row[2] === 'B6')).toBe(true);
    expect(results.Changes!.filter((row) => row[0] === id(b1)).length).toBeGreaterThan(10);
    expect(results.Changes!.some((row) => row[0] === id(b7))).toBe(false);
    expect(results.Summary!.find((row) => row[0] === 'Exit code')?.[1]).toBe('3');

    // The CRM: converted billers converted, failed billers exactly as before, nobody in maintenance.
    const store = n.crm();
    expect(store.snapshot(id(b1))?.profile.integrationPartner).toBe('IMT Spectrum');
    expect(differences(mipsSnapshotFor(b7), store.snapshot(id(b7))!, { maintenance: true })).toEqual([]);
    expect(differences(mipsSnapshotFor(b4), store.snapshot(id(b4))!, { maintenance: true })).toEqual([]);
    for (const bid of store.billerIds()) if (bid !== id(b8)) expect(store.snapshot(bid)?.maintenance).toBe(false);
    store.close();

    // Archive: only a-form.xlsx had all its billers converted.
    const left = (await allFiles(n.input)).map((f) => f.slice(n.input.length + 1)).sort();
    expect(left).toEqual([
      `archive/${NOW}/a-form.xlsx`,
      'b-table.xlsx',
      'c-bad.xlsx',
      'd-unknown.csv',
      'e-dup-1.xlsx',
      'e-dup-2.xlsx',
      'f-fail.xlsx',
      'g-fresh.xlsx',
      'notes.txt',
    ]);
  });

  it('a second run is all already-converted and writes nothing to the CRM', async () => {
    const n = await setup(billers.slice(0, 3));
    await n.drop('table.xlsx', await tableWorkbook('Billers', billers.slice(0, 3)));
    const first = await runMain(['run', ...n.args('--now', NOW, '--no-archive')]);
    expect(first.code).toBe(0);
    const t = scripted();
    const second = await runMain(['run', ...n.args('--now', NOW, '--json')], {}, { wrapTarget: t.wrap });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out)).toMatchObject({ exitCode: 0, counts: { 'already-converted': 3, converted: 0 } });
    expect(t.get().writes).toBe(0);
    // Archived now that they are all converted.
    expect((await allFiles(n.input)).map((f) => basename(f))).toEqual(['table.xlsx']);
    expect((await allFiles(n.input))[0]).toContain(join('archive', NOW));
  });

  it(
    'a worksheet rewritten between read and archive stays in input/, ' + 'and its row and the Summary say why',
    async () => {
      const n = await setup(billers.slice(0, 2));
      const path = await n.drop('table.xlsx', await tableWorkbook('Billers', billers.slice(0, 2)));
      const corrected = await tableWorkbook('Billers', [{ ...billers[0]!, billerName: 'Corrected' }, billers[1]!]);
      const t = scripted((s) => {
        s.onCall = (op) => {
          if (op === 'endMaintenance') writeFileSync(path, corrected);
        };
      });
      const r = await runMain(['run', ...n.args('--now', NOW, '--json')], {}, { wrapTarget: t.wrap });
      expect(r.code).toBe(0);
      const out = JSON.parse(r.out) as {
        counts: Record<string, number>;
        archived: string[];
        results: { xlsx: string; json: string };
      };
      expect([out.counts.converted, out.archived]).toEqual([2, []]);
      expect(await allFiles(n.input)).toEqual([path]);
      expect(readFileSync(path).equals(corrected)).toBe(true);
      const note = 'changed after it was read: not archived; the next night reads the new version';
      const results = await readResults(out.results.xlsx);
      expect(results.Files!.find((row) => basename(row[0]!) === 'table.xlsx')?.[5]).toBe(note);
      const summary = results.Summary!.map((row) => row.filter(Boolean));
      expect(summary).toContainEqual(['table.xlsx', `converted (${note})`]);
      const json = JSON.parse(readFileSync(out.results.json, 'utf8')) as {
        files: Array<{ file: string; note: string }>;
        summary: { left: Array<{ file: string; why: string }> };
      };
      expect(json.files).toEqual([expect.objectContaining({ file: path, note })]);
      expect(json.summary.left).toEqual([{ file: 'table.xlsx', why: `converted (${note})` }]);
    },
  );

  it('plan (and run --dry-run) writes nothing and archives nothing', async () => {
    const n = await setup(billers.slice(0, 2));
    await n.drop('table.xlsx', await tableWorkbook('Billers', billers.slice(0, 2)));
    for (const argv of [['plan'], ['run', '--dry-run']]) {
      const t = scripted();
      const r = await runMain([...argv, ...n.args('--now', NOW, '--json')], {}, { wrapTarget: t.wrap });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ mode: 'plan', counts: { planned: 2 } });
      expect(t.get().writes).toBe(0);
      const results = await readResults(jsonSummary(r.out).results.xlsx);
      expect(results.Changes!.length).toBeGreaterThan(20);
    }
    expect((await allFiles(n.input)).map((f) => f.slice(n.input.length + 1))).toEqual(['table.xlsx']);
  });

  it('never has more billers in flight than --concurrency', async () => {
    const many = Array.from({ length: 12 }, (_, i) => sampleBiller(i + 20));
    const n = await setup(many);
    await n.drop('table.xlsx', await tableWorkbook('Billers', many));
    const t = scripted((s) => {
      s.delayMs = 3;
    });
    const r = await runMain(['run', ...n.args('--now', NOW, '--concurrency', '3')], {}, { wrapTarget: t.wrap });
    expect(r.code).toBe(0);
    expect(t.get().maxInFlight).toBe(3);
  });

  it('Ctrl-C: no new biller starts, those in flight finish, results are written, exit 130', async () => {
    const many = Array.from({ length: 10 }, (_, i) => sampleBiller(i + 40));
    const n = await setup(many);
    await n.drop('table.xlsx', await tableWorkbook('Billers', many));
    const ctrlC = new AbortController();
    const t = scripted((s) => {
      s.onCall = (op) => {
        if (op === 'endMaintenance') ctrlC.abort();
      };
    });
    const r = await runMain(
      ['run', ...n.args('--now', NOW, '--concurrency', '2', '--json')],
      {},
      { wrapTarget: t.wrap, signal: ctrlC.signal },
    );
    expect(r.code).toBe(130);
    const summary = JSON.parse(r.out) as { counts: Record<string, number>; archived: string[] };
    expect(summary.counts.converted).toBeGreaterThanOrEqual(1);
    expect(summary.counts.converted).toBeLessThanOrEqual(2);
    expect(summary.counts.interrupted).toBe(10 - summary.counts.converted!);
    expect(summary.archived).toEqual([]);
    const store = n.crm();
    for (const b of many) {
      const s = store.snapshot(id(b))!;
      expect(s.maintenance).toBe(false);
      const untouched = differences(mipsSnapshotFor(b), s).length === 0;
      expect(untouched || s.profile.integrationPartner === 'IMT Spectrum').toBe(true);
    }
    store.close();
  });

  it('exit 2 on a missing input folder or a bad option', async () => {
    const n = await setup([]);
    expect((await runMain(['run', '--input', join(n.dir, 'nope'), '--output', n.output])).code).toBe(2);
    expect((await runMain(['run', ...n.args('--now', '2026-02-30')])).code).toBe(2);
    expect((await runMain(['run', ...n.args('--concurrency', '0')])).code).toBe(2);
    expect((await runMain(['run', ...n.args('--target', 'ftp')])).code).toBe(2);
  });
});

describe('no secret leaks', () => {
  it('none of the worksheet or CRM secrets appears in any byte under output/, or on stdout or stderr', async () => {
    const list = Array.from({ length: 4 }, (_, i) =>
      sampleBiller(i + 60, {
        rtdrPrivateKey: `LEAKrtdrKey${i}x`,
        rtdrPassword: `LEAKrtdrPw${i}x`,
        paymentsPrivateKey: `LEAKpayKey${i}x`,
        paymentsPassword: `LEAKpayPw${i}x`,
      }),
    );
    const n = await setup(list);
    await n.drop('table.xlsx', await tableWorkbook('Billers', list));
    // The night's mail and webhook go to real loopback servers: what they receive is checked too.
    const smtp = await smtpReceiver({ user: 'night', pass: 'LEAKsmtpPassword1' });
    const hook = await hookReceiver('/services/LEAKhookPath/B1/x');
    const config = join(n.dir, 'notify.json');
    writeFileSync(
      config,
      JSON.stringify({
        notify: {
          backoffMs: 0,
          mail: {
            host: '127.0.0.1',
            port: smtp.port,
            user: 'night',
            from: 'a@example.com',
            to: ['b@example.com'],
            caFile: TEST_CERT,
          },
          webhook: { caFile: TEST_CERT },
        },
      }),
    );
    const t = scripted((s) => s.faults.set(id(list[1]!), { at: 4 })); // an error path too
    const r = await runMain(
      ['run', ...n.args('--now', NOW, '--config', config)],
      { SPECTRUM_CONVERT_SMTP_PASSWORD: 'LEAKsmtpPassword1', SPECTRUM_CONVERT_WEBHOOK_URL: hook.url },
      { wrapTarget: t.wrap },
    );
    await smtp.close();
    await hook.close();
    expect(r.code).toBe(1);
    expect(smtp.raw).toHaveLength(1);
    expect(hook.bodies).toHaveLength(1);
    const secrets = list.flatMap((b) =>
      [b.rtdrPrivateKey, b.rtdrPassword, b.paymentsPrivateKey, b.paymentsPassword].map(String),
    );
    secrets.push('oldK|oldP', 'oldK2|oldP2', 'plpw', 'appw'); // the CRM's own secrets before the run
    const texts: Array<[string, string]> = [
      ['stdout', r.out],
      ['stderr', r.err],
      ['the mail as sent', smtp.raw[0]!],
      ['the webhook body', hook.bodies[0]!],
    ];
    const mail = smtp.mails[0]!;
    texts.push(['the mail body', `${mail.html || ''}\n${mail.text ?? ''}`]);
    for (const a of mail.attachments) {
      const zip = await JSZip.loadAsync(a.content);
      for (const entry of Object.values(zip.files))
        texts.push([`mail attachment ${a.filename}:${entry.name}`, await entry.async('string')]);
    }
    secrets.push('LEAKsmtpPassword1', 'LEAKhookPath');
    for (const f of await allFiles(n.output)) {
      if (/crm\.db/.test(f)) continue; // the CRM itself holds the secrets: that is its job
      const bytes = readFileSync(f);
      if (f.endsWith('.xlsx')) {
        const zip = await JSZip.loadAsync(bytes);
        for (const entry of Object.values(zip.files)) texts.push([`${f}:${entry.name}`, await entry.async('string')]);
      } else texts.push([f, bytes.toString('utf8')]);
    }
    expect(texts.length).toBeGreaterThan(8);
    for (const [where, text] of texts)
      for (const s of secrets) expect(text.includes(s), `${s} in ${where}`).toBe(false);
  });

  it('a webhook URL from the configuration file: no trace of it in the journal (db and -wal, as bytes)', async () => {
    const n = await setup(billers.slice(0, 2));
    await n.drop('table.xlsx', await tableWorkbook('Billers', billers.slice(0, 2)));
    const hook = await hookReceiver('/services/LEAKcfgHook/B1/x');
    const config = join(n.dir, 'notify.json');
    writeFileSync(config, JSON.stringify({ notify: { backoffMs: 0, webhook: { url: hook.url, caFile: TEST_CERT } } }));
    const r = await runMain(['run', ...n.args('--now', NOW, '--config', config)], {});
    await hook.close();
    expect(r.code).toBe(0);
    expect(hook.bodies).toHaveLength(1); // the URL was configured, and used
    const journal = ['journal.db', 'journal.db-wal']
      .map((f) => join(n.output, f))
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f));
    const bytes = Buffer.concat(journal);
    expect(bytes.includes('"url":"[REDACTED]"'), 'the options are journaled, the URL redacted').toBe(true);
    for (const text of ['LEAKcfgHook', new URL(hook.url).pathname])
      for (const encoding of ['utf8', 'utf16le', 'latin1'] as const)
        expect(bytes.includes(Buffer.from(text, encoding)), `${text} (${encoding}) in the journal`).toBe(false);
  });
});
