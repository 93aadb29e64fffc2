import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileReport } from '../../src/core/file-report.js';
import { reportRows, type RunInfo } from '../../src/core/report-rows.js';
import type { BillerStatus } from '../../src/core/status.js';
import type { BillerResult } from '../../src/core/summary.js';
import { resultsHtml } from '../../src/report/results-html.js';
import { haveChromium, withPage } from '../support/render.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'results-html-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const info: RunInfo = {
  runId: '20261201T071500Z-ab12',
  mode: 'run',
  startedAt: new Date('2026-12-01T07:15:00Z'),
  endedAt: new Date('2026-12-01T07:16:12Z'),
  target: `sqlite:/very/long/path/${'deep/'.repeat(12)}crm.db`,
  concurrency: 4,
  now: '2026-12-01',
  commandLine: `spectrum-convert run --input /srv/${'x'.repeat(150)} --output /srv/out`,
  exitCode: 1,
  interrupted: false,
  timeZone: 'America/New_York',
};
const long = 'Greater-Metropolitan-Consolidated-Water-and-Sewer-Authority-of-the-Northern-District'.repeat(2);
const biller = (status: BillerStatus, n: number, extra: Partial<BillerResult> = {}): BillerResult => ({
  billerId: `6F9619FF-8B86-D011-B42D-00C04FC964${String(n).padStart(2, '0')}`,
  billerName: `${long} <b>${n}</b>`,
  status,
  file: `/in/${long}.xlsx`,
  sheet: 'S',
  changes: [],
  followUps: [],
  ...extra,
});
const billers = [
  ...Array.from({ length: 6 }, (_, i) =>
    biller('blocked', i, { error: { code: 'BLOCKED.DATAPUMP_SELECTION_UNKNOWN', message: 'x' } }),
  ),
  biller('rollback-failed', 7, { error: { code: 'CRM.TRANSIENT', message: 'y' } }),
  biller('converted', 8),
  biller('invalid', 9, { error: { code: 'WORKSHEET.URL_NOT_HTTPS', message: 'z', cell: 'S!B7' } }),
];
const files = [{ file: `/in/${long}.xlsx`, status: 'read', billers: [], issues: [] } as unknown as FileReport];

describe('the results page', () => {
  const html = resultsHtml(
    reportRows(info, files, billers, (s) => s),
    'results-2026-12-01T071500.xlsx',
  );

  it('is self-contained: no script, no image, no link out; what it shows is escaped', () => {
    expect(html).not.toMatch(/<script|<img|<link|<iframe|src=|href=|@import|url\(/i);
    expect(html).toContain('&#60;b&#62;1&#60;/b&#62;');
    expect(html).toContain('8 billers need a person; 1 rollback failed: act now');
  });

  it('a number of the facts (concurrency, the exit code) shows as its digits', () => {
    expect(html).toContain('<tr><th>Concurrency</th><td>4 <span class="muted">(billers converted at a time)</span>');
    expect(html).toMatch(/<tr><th>Exit code<\/th><td>1 /);
    expect(html).not.toContain('[object');
  });

  it.skipIf(!haveChromium)(
    'reads on a phone: no sideways scrolling at 400 px, the headline in the first screen',
    { tags: ['slow'], timeout: 60_000 },
    async () => {
      const path = join(dir, 'results.html');
      await writeFile(path, html);
      const seen = await withPage(
        async (page) => {
          await page.goto(`file://${path}`);
          const box = await page.locator('#headline').boundingBox();
          const widths = await page.evaluate<{ scroll: number; client: number }>(
            '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
          );
          return {
            box,
            widths,
            text: await page.locator('#headline').innerText(),
            visible: await page.locator('#headline').isVisible(),
          };
        },
        { width: 400, height: 800 },
      );
      expect(seen.widths.client).toBe(400);
      expect(seen.widths.scroll).toBeLessThanOrEqual(400);
      expect(seen.visible).toBe(true);
      expect(seen.text).toBe('8 billers need a person; 1 rollback failed: act now');
      expect(seen.box!.y + seen.box!.height).toBeLessThan(800);
      expect(seen.box!.x + seen.box!.width).toBeLessThanOrEqual(400);
    },
  );
});
