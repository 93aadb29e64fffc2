import { describe, expect, it } from 'vitest';
import { reportRows, type RunInfo } from '../../src/core/report-rows.js';
import type { BillerResult } from '../../src/core/summary.js';
import { resultsSheets } from '../../src/report/results-sheets.js';
import { STATUS_FILL } from '../../src/report/status-colors.js';

const info: RunInfo = {
  runId: 'R',
  mode: 'run',
  startedAt: new Date('2026-12-01T07:15:00Z'),
  endedAt: new Date('2026-12-01T07:16:00Z'),
  target: 'sqlite:crm.db',
  concurrency: 2,
  now: '2026-12-01',
  commandLine: 'spectrum-convert run',
  exitCode: 3,
  interrupted: false,
};
const billers: BillerResult[] = [
  {
    billerId: 'B1',
    billerName: 'One',
    status: 'rollback-failed',
    file: 'f.xlsx',
    sheet: 'S',
    changes: [],
    followUps: [],
  },
  { billerId: 'B2', billerName: 'Two', status: 'converted', file: 'f.xlsx', sheet: 'S', changes: [], followUps: [] },
];
const sheets = resultsSheets(reportRows(info, [], billers, (s) => s));

describe('resultsSheets', () => {
  it('has the Summary page, then one table per list', () => {
    expect(sheets.map((s) => s.name)).toEqual(['Summary', 'Billers', 'Files', 'Changes', 'Follow-ups', 'Errors']);
    expect(sheets[0]?.header).toBe(false);
  });

  it.each([
    { sheet: 'Billers', first: 'Status', columns: 12 },
    { sheet: 'Files', first: 'File', columns: 6 },
    { sheet: 'Changes', first: 'Biller id', columns: 10 },
    { sheet: 'Follow-ups', first: 'Biller id', columns: 5 },
    { sheet: 'Errors', first: 'File', columns: 7 },
  ])('$sheet: $columns columns, the count declared', ({ sheet, first, columns }) => {
    const spec = sheets.find((s) => s.name === sheet);
    expect(spec?.columns).toHaveLength(columns);
    expect(spec?.columns[0]?.header).toBe(first);
    expect(spec?.count).toBe([...(spec?.rows ?? [])].length);
  });

  it('writes the values of a row in column order, as they are', () => {
    const spec = sheets.find((s) => s.name === 'Billers');
    const row = [...(spec?.rows ?? [])].find((r) => (r as { billerId: string }).billerId === 'B2');
    expect(spec?.values(row).slice(0, 3)).toEqual(['converted', 'B2', 'Two']);
  });

  it('colours the status cell only, and a failed rollback shouts', () => {
    const spec = sheets.find((s) => s.name === 'Billers');
    const [failed, converted] = ['B1', 'B2'].map((id) =>
      [...(spec?.rows ?? [])].find((r) => (r as { billerId: string }).billerId === id),
    );
    expect(spec?.style?.(failed, 0)).toEqual({ fill: STATUS_FILL['rollback-failed'], bold: true, color: 'FFFFFFFF' });
    expect(spec?.style?.(converted, 0)).toEqual({ fill: STATUS_FILL.converted });
    expect(spec?.style?.(converted, 1)).toBeUndefined();
  });
});
