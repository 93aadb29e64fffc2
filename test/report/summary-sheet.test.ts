import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportRows, type RunInfo } from '../../src/core/report-rows.js';
import type { BillerStatus } from '../../src/core/status.js';
import type { BillerResult } from '../../src/core/summary.js';
import type { FileReport } from '../../src/core/file-report.js';
import { writeResults } from '../../src/report/results-workbook.js';
import { haveChromium, haveSoffice, pdfPageToPng, pdfText, xlsxToPdf } from '../support/render.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'summary-sheet-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const info: RunInfo = {
  runId: '20261201T071500Z-ab12',
  mode: 'run',
  startedAt: new Date('2026-12-01T07:15:00Z'),
  endedAt: new Date('2026-12-01T07:16:12Z'),
  target: 'sqlite',
  concurrency: 4,
  now: '2026-12-01',
  commandLine: 'spectrum-convert run',
  exitCode: 1,
  interrupted: false,
  timeZone: 'America/New_York',
};
const biller = (status: BillerStatus, n: number, extra: Partial<BillerResult> = {}): BillerResult => ({
  billerId: `B-${status}-${n}`,
  billerName: `${status} ${n}`,
  status,
  file: `/in/${status}.xlsx`,
  sheet: 'S',
  changes: [],
  followUps: [],
  ...extra,
});
const BILLERS = [
  biller('converted', 1, { windowSeconds: 2.4 }),
  biller('converted', 2, { windowSeconds: 1.1 }),
  biller('converted', 3),
  biller('blocked', 1, { error: { code: 'BLOCKED.FTP_USER_MISSING', message: 'no FTP user' } }),
  biller('invalid', 1, { error: { code: 'WORKSHEET.URL_NOT_HTTPS', message: 'not https', cell: 'S!B7' } }),
];
const FILES = ['converted', 'blocked', 'invalid'].map(
  (s) => ({ file: `/in/${s}.xlsx`, status: 'read', billers: [], issues: [] }) as unknown as FileReport,
);

async function write(): Promise<string> {
  const rows = reportRows(info, FILES, BILLERS, (s) => `masked ${s.length}`, [], undefined, ['/in/converted.xlsx']);
  return (await writeResults(dir, info.startedAt, rows, { ...rows })).xlsx;
}

describe('the Summary sheet', () => {
  it('opens with the title and headline, links each count to its first biller, and lists files and facts', async () => {
    const path = await write();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Summary',
      'Billers',
      'Files',
      'Changes',
      'Follow-ups',
      'Errors',
    ]);
    const ws = wb.getWorksheet('Summary')!;
    const col = (c: number) => {
      const out: unknown[] = [];
      ws.eachRow({ includeEmpty: true }, (r) => out.push(r.getCell(c).value));
      return out;
    };
    expect(ws.getCell('A1').value).toBe(
      'Spectrum conversion · Conversion night of Tuesday, 1 December 2026 (America/New_York)',
    );
    expect(ws.getCell('A2').value).toBe('2 billers need a person; 3 of 5 due converted');
    expect([4, 5, 6, 7].map((r) => [ws.getCell(`A${r}`).value, ws.getCell(`B${r}`).value])).toEqual([
      ['Status', 'Billers'],
      ['blocked', 1],
      ['invalid', 1],
      ['converted', 3],
    ]);
    expect(col(1)).toEqual(
      expect.arrayContaining([
        'Files archived (1)',
        'converted.xlsx',
        'Files left in input/ (2)',
        'blocked.xlsx',
        'invalid.xlsx',
        'Exit code',
      ]),
    );
    const started = ws.getRows(1, ws.rowCount)!.find((r) => r.getCell(1).value === 'Started')!;
    expect(started.getCell(2).value).toBe('2026-12-01 02:15:00 -05:00');

    // Each count's link goes to the first row of that status on the Billers sheet.
    const zip = await JSZip.loadAsync(await readFile(path));
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const links = [...sheetXml.matchAll(/<hyperlink ref="(\w+)" location="([^"]+)"/g)].map((m) => [
      m[1],
      m[2]!.replace(/&apos;|'/g, "'"),
    ]);
    expect(links).toEqual([
      ['B5', "'Billers'!A2"],
      ['B6', "'Billers'!A3"],
      ['B7', "'Billers'!A4"],
    ]);
    const billers = wb.getWorksheet('Billers')!;
    expect(['A2', 'A3', 'A4'].map((a) => billers.getCell(a).value)).toEqual(['blocked', 'invalid', 'converted']);
    // The Billers sheet says what to do, and how long converted billers were in maintenance.
    const header = (billers.getRow(1).values as unknown[]).slice(1);
    const todo = header.indexOf('What to do') + 1;
    const window = header.indexOf('Window (s)') + 1;
    expect([2, 3, 4].map((r) => billers.getRow(r).getCell(todo).value)).toEqual([
      'Create the FTP user through the normal CRM process; the next night converts the biller',
      'Fix S!B7 and leave the file in input/',
      'Nothing',
    ]);
    expect([4, 5, 6].map((r) => billers.getRow(r).getCell(window).value)).toEqual([2.4, 1.1, null]);
  });

  it('carries a native bar chart of the statuses, drawn from the status table', async () => {
    const zip = await JSZip.loadAsync(await readFile(await write()));
    const types = await zip.file('[Content_Types].xml')!.async('string');
    expect(types).toContain(
      'PartName="/xl/charts/chart1.xml" ' +
        'ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"',
    );
    expect(await zip.file('xl/worksheets/_rels/sheet1.xml.rels')!.async('string')).toContain(
      'Target="../drawings/drawing1.xml"',
    );
    expect(await zip.file('xl/drawings/_rels/drawing1.xml.rels')!.async('string')).toContain(
      'Target="../charts/chart1.xml"',
    );
    expect(await zip.file('xl/worksheets/sheet1.xml')!.async('string')).toMatch(
      /<drawing r:id="rId1"\/><\/worksheet>$/,
    );
    const chart = await zip.file('xl/charts/chart1.xml')!.async('string');
    expect(chart).toContain('<c:barDir val="bar"/>');
    expect(chart).toContain('<c:f>&apos;Summary&apos;!$A$5:$A$7</c:f>'.replace(/&apos;/g, "'"));
    expect(chart).toContain("<c:f>'Summary'!$B$5:$B$7</c:f>");
    expect([...chart.matchAll(/<c:pt idx="\d"><c:v>([^<]+)<\/c:v>/g)].map((m) => m[1])).toEqual([
      'blocked',
      'invalid',
      'converted',
      '1',
      '1',
      '3',
    ]);
    // Only the table sheets have filters; a sheet without a chart has no drawing.
    expect(zip.file('xl/worksheets/_rels/sheet2.xml.rels')).toBeNull();
    expect(await zip.file('xl/workbook.xml')!.async('string')).not.toContain('localSheetId="0"');
  });

  it.skipIf(!haveSoffice || !haveChromium)(
    'renders through LibreOffice with the headline and the chart on the first page',
    { tags: ['slow'], timeout: 180_000 },
    async () => {
      const pdf = await xlsxToPdf(await write(), dir);
      const text = await pdfText(pdf);
      expect(text).toContain('2 billers need a person; 3 of 5 due converted');
      // The chart's title and axis labels exist only if LibreOffice drew the chart.
      expect(text).toContain('Billers by status');
      const png = join(dir, 'summary.png');
      await pdfPageToPng(pdf, png);
      expect((await stat(png)).size).toBeGreaterThan(20_000);
    },
  );
});
