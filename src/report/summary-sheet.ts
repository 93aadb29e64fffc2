/**
 * The Summary sheet: what a person reads in ten seconds the morning after. The title and headline
 * first, the statuses with their counts (each a link to the first such biller on the Billers sheet)
 * and what to do, a bar chart of them, then the files archived and left in input/, then the run's
 * facts. A free-form sheet (no header row or filter): it is a page, not a table.
 */
import type { SummaryPage } from '../core/summary-page.js';
import { pageSheet, type PageLine as Line } from './page-sheet.js';
import { STATUS_FILL } from './status-colors.js';
import { sheetLink, type CellStyle, type ChartSpec, type SheetSpec } from './xlsx-writer.js';

const TITLE: CellStyle = { bold: true, size: 14 };
const HEAD: CellStyle = { bold: true, fill: 'FFD9D9D9' };
const SECTION: CellStyle = { bold: true, size: 12 };
const LINK: CellStyle = { color: 'FF0563C1', underline: true };
/** Characters of a fact's value that fit in column B and the start of C. */
const LONG_FACT = 30;
/** Rows the chart takes under the status table. */
const CHART_ROWS = 16;
/** About 330 px into column C, in EMU (9,525 per pixel). */
const CHART_RIGHT_EDGE = 330 * 9525;

export function summarySheet(page: SummaryPage, billersSheet = 'Billers'): SheetSpec<unknown> {
  const lines: Line[] = [
    { cells: [page.title], styles: [TITLE] },
    { cells: [page.headline], styles: [{ bold: true, size: 13, color: page.needPerson ? 'FFC00000' : 'FF00602B' }] },
    { cells: [] },
    { cells: ['Status', 'Billers', 'What to do'], styles: [HEAD, HEAD, HEAD] },
  ];
  const firstStatusRow = lines.length + 1;
  for (const s of page.statuses) {
    lines.push({
      cells: [s.status, s.count, s.todo],
      styles: [{ fill: STATUS_FILL[s.status] }, LINK],
      links: [undefined, sheetLink(billersSheet, `A${s.firstRow}`)],
    });
  }
  if (!page.statuses.length) lines.push({ cells: ['(no billers)', 0, 'Nothing to do'] });
  const chart = page.statuses.length ? chartOf(page, firstStatusRow, lines.length) : undefined;
  if (chart) for (let i = 0; i < CHART_ROWS + 1; i++) lines.push({ cells: [] });
  lines.push(...fileLines(page), ...factLines(page));
  return pageSheet('Summary', [24, 14, 90], lines, chart);
}

/** The files archived, then the files left in input/ and why. */
function fileLines(page: SummaryPage): Line[] {
  const lines: Line[] = [{ cells: [] }, { cells: [`Files archived (${page.archived.length})`], styles: [SECTION] }];
  for (const f of page.archived) lines.push({ cells: [f] });
  if (!page.archived.length) lines.push({ cells: ['none'] });
  lines.push(
    { cells: [] },
    { cells: [`Files left in input/ (${page.left.length})`, '', 'Why'], styles: [SECTION, undefined, { bold: true }] },
  );
  for (const f of page.left) lines.push({ cells: [f.file, '', f.why] });
  if (!page.left.length) lines.push({ cells: ['none'] });
  return lines;
}

/** The run's facts; a long value (a path, the command line) wraps in the wide column rather than run off the page. */
function factLines(page: SummaryPage): Line[] {
  const lines: Line[] = [{ cells: [] }, { cells: ['Run'], styles: [SECTION] }];
  for (const f of page.facts) {
    const long = typeof f.value === 'string' && f.value.length > LONG_FACT;
    lines.push(
      long
        ? { cells: [f.item, '', f.value], styles: [undefined, undefined, { wrap: true }] }
        : { cells: [f.item, f.value, f.note ?? ''] },
    );
  }
  return lines;
}

/** The statuses as bars, each in its status colour, under the table it is drawn from. */
function chartOf(page: SummaryPage, firstRow: number, lastLine: number): ChartSpec {
  return {
    kind: 'bar',
    title: 'Billers by status',
    categories: { column: 0, firstRow, values: page.statuses.map((s) => s.status) },
    series: [
      {
        name: 'Billers',
        column: 1,
        values: page.statuses.map((s) => s.count),
        pointColors: page.statuses.map((s) => STATUS_FILL[s.status]),
      },
    ],
    from: { column: 0, row: lastLine + 1 },
    to: { column: 2, row: lastLine + 1 + CHART_ROWS, xOffset: CHART_RIGHT_EDGE },
  };
}
