// @module-tag slow: whole nights, on and off a terminal
/** What a night says: the --quiet line for cron, timestamps off a terminal, the billers needing a person on one. */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { makeNight, type Night } from '../support/night.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { sampleBiller, tableWorkbook, billerIdOf, plainText } from '../support/workbooks.js';

const NOW = '2026-11-26';
const good = [sampleBiller(81), sampleBiller(82)];
const unknown = sampleBiller(89); // not in the CRM: blocked
let night: Night | undefined;
afterEach(async () => {
  await night?.cleanup();
  night = undefined;
});

async function setup(): Promise<Night> {
  night = await makeNight(good.map(mipsSnapshotFor));
  await night.drop('table.xlsx', await tableWorkbook('Billers', [...good, unknown]));
  await night.drop('fresh.xlsx', await tableWorkbook('Billers', [sampleBiller(83)]), { fresh: true });
  return night;
}

/** A stream that says it is a terminal, collecting what is written. */
function terminal(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: true, columns: 100 });
  return { stream, text: () => text };
}

const STAMP = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}`;

describe('the console of a night', () => {
  it(
    '--quiet: one line with the local date and zone, run id, exit code, counts, ' + 'files left waiting, results path',
    async () => {
      const n = await setup();
      const r = await runMain(['run', ...n.args('--now', NOW, '--quiet', '--no-archive')], {
        SPECTRUM_CONVERT_TIME_ZONE: 'Asia/Kolkata',
      });
      expect(r.code).toBe(1);
      const lines = r.out.split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^${STAMP.replace('[+-]\\d{2}:\\d{2}', '\\+05:30')} run \\d{8}T\\d{6}Z-[0-9a-f]{4} exit 1: ` +
            `3 billers: 1 blocked, 2 converted; 1 file left for the next run ` +
            `\\(modified less than 30 s ago\\)\\. Results: .*results-.*\\.xlsx$`,
        ),
      );
      expect(r.err).toBe('');
    },
  );

  it('without a terminal every log line carries a local timestamp with its zone', async () => {
    const n = await setup();
    const r = await runMain(['run', ...n.args('--now', NOW, '--no-archive')], {
      SPECTRUM_CONVERT_TIME_ZONE: 'America/New_York',
    });
    const lines = [...r.err.split('\n'), ...r.out.split('\n')].filter(Boolean);
    expect(lines.length).toBeGreaterThan(4);
    for (const l of lines) expect(l).toMatch(new RegExp(`^${STAMP} `));
    expect(r.err).toMatch(/-0[45]:00 blocked .*BLOCKED\.UNKNOWN_BILLER/);
  });

  it('on a terminal: the billers that need a person after the progress bar, coloured unless NO_COLOR', async () => {
    for (const [env, coloured] of [
      [{}, true],
      [{ NO_COLOR: '1' }, false],
    ] as const) {
      const n = await setup();
      const tty = terminal();
      const r = await runMain(['run', ...n.args('--now', NOW, '--no-archive')], env, { stderr: tty.stream });
      expect(r.code).toBe(1);
      const after = tty.text().split('\n').slice(1).join('\n');
      const status = coloured ? '\x1b[33mblocked         \x1b[0m' : 'blocked         ';
      expect(after).toContain(
        `${status} ${billerIdOf(unknown)} ${plainText(unknown.billerName)}  BLOCKED.UNKNOWN_BILLER`,
      );
      expect(after).not.toMatch(/converted/);
      expect(tty.text().includes('\x1b[33m')).toBe(coloured);
      await night?.cleanup();
      night = undefined;
    }
  });

  it('--settle-seconds 0 reads the fresh file too: nothing left waiting', async () => {
    const n = await setup();
    const r = await runMain(['run', ...n.args('--now', NOW, '--settle-seconds', '0', '--json', '--no-archive')]);
    expect(JSON.parse(r.out)).toMatchObject({ waiting: 0, counts: { blocked: 2, converted: 2 } });
  });

  it('--only ids that match nothing: a warning naming each, and exit 1 even when the rest converted', async () => {
    const n = await setup();
    const r = await runMain(['run', ...n.args('--now', NOW, '--only', `${billerIdOf(good[0]!)},NO-SUCH-ID`, '--json')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/WARN --only NO-SUCH-ID: no worksheet in .* has this biller/);
    expect(JSON.parse(r.out)).toMatchObject({ unmatched: ['NO-SUCH-ID'], counts: { converted: 1 } });
  });
});
