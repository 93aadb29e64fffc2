/**
 * The results workbook (and its json twin) for reporting: streamed row by row by our own small
 * xlsx writer so a night of 100,000 changes stays in flat memory (exceljs's "streaming" writer
 * builds the zip in memory), to a temp file renamed into place (a reader never sees half a
 * workbook), under a name that never overwrites an earlier run.
 */
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { ReportRows } from '../core/report-rows.js';
import { tempPathFor, writeFileSafely } from '../safe-file.js';
import { resultsHtml } from './results-html.js';
import { STATUS_FILL } from './status-colors.js';
import { summarySheet } from './summary-sheet.js';
import { sheet, writeXlsx, type CellStyle, type CellValue, type SheetSpec } from './xlsx-writer.js';

interface Column<R> {
  header: string;
  key: keyof R & string;
  width: number;
}

/** A results sheet: a header row of the columns' names, then one row per item, values as they are. */
function table<R extends object>(
  name: string,
  columns: Array<Column<R>>,
  rows: Iterable<R>,
  style?: (r: R, column: number) => CellStyle | undefined,
): SheetSpec<unknown> {
  return sheet<R>({
    name,
    columns: columns.map((c) => ({ header: c.header, width: c.width })),
    rows,
    ...(Array.isArray(rows)
      ? { count: rows.length }
      : 'count' in rows && typeof rows.count === 'number'
        ? { count: rows.count }
        : {}),
    // Values are written as they are: strings stay strings (never formulas), dates stay dates.
    values: (r) => columns.map((c) => (r as Record<string, CellValue>)[c.key]),
    ...(style ? { style } : {}),
  });
}

/** A name that does not exist yet: results-2026-11-26T020000.xlsx, then …-2.xlsx. */
async function claim(dir: string, stem: string): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? stem : `${stem}-${n}`;
    try {
      // Reserve the json name exclusively; the xlsx beside it shares the stem.
      const fh = await open(join(dir, `${name}.json`), 'wx', 0o644);
      await fh.close();
      return name;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

export function resultsStem(startedAt: Date): string {
  return `results-${startedAt.toISOString().slice(0, 19).replace(/:/g, '')}`;
}

export async function writeResults(
  dir: string,
  startedAt: Date,
  rows: ReportRows,
  json: object,
): Promise<{ xlsx: string; json: string; html: string }> {
  const stem = await claim(dir, resultsStem(startedAt));
  const xlsx = join(dir, `${stem}.xlsx`);
  const jsonPath = join(dir, `${stem}.json`);
  const html = join(dir, `${stem}.html`);
  const tmp = tempPathFor(xlsx); // random, created exclusively by the zip writer: never a leftover or a planted symlink
  try {
    await writeXlsx(
      tmp,
      [
        summarySheet(rows.summary),
        table(
          'Billers',
          [
            { header: 'Status', key: 'status', width: 18 },
            { header: 'Biller id', key: 'billerId', width: 40 },
            { header: 'Name', key: 'billerName', width: 32 },
            { header: 'Source file', key: 'file', width: 40 },
            { header: 'Sheet', key: 'sheet', width: 18 },
            { header: 'Row', key: 'row', width: 6 },
            { header: 'Changes', key: 'changes', width: 9 },
            { header: 'Follow-ups', key: 'followUps', width: 11 },
            { header: 'Error code', key: 'errorCode', width: 30 },
            { header: 'Message', key: 'message', width: 80 },
            { header: 'What to do', key: 'todo', width: 60 },
            { header: 'Window (s)', key: 'windowSeconds', width: 11 },
          ],
          rows.billers,
          (r, column) => {
            if (column !== 0) return undefined;
            // The status cell coloured by status; a failed rollback shouts (white on red, bold).
            return r.status === 'rollback-failed'
              ? { fill: STATUS_FILL[r.status], bold: true, color: 'FFFFFFFF' }
              : { fill: STATUS_FILL[r.status] };
          },
        ),
        table(
          'Files',
          [
            { header: 'File', key: 'file', width: 50 },
            { header: 'Status', key: 'status', width: 10 },
            { header: 'Billers', key: 'billers', width: 8 },
            { header: 'Errors', key: 'errors', width: 8 },
            { header: 'Warnings', key: 'warnings', width: 9 },
            { header: 'Note', key: 'note', width: 70 },
          ],
          rows.files,
        ),
        table(
          'Changes',
          [
            { header: 'Biller id', key: 'billerId', width: 40 },
            { header: 'Name', key: 'billerName', width: 28 },
            { header: 'Checklist section', key: 'section', width: 36 },
            { header: 'Entity', key: 'entity', width: 20 },
            { header: 'Setting', key: 'setting', width: 8 },
            { header: 'Name / key', key: 'name', width: 44 },
            { header: 'Action', key: 'action', width: 8 },
            { header: 'Before', key: 'before', width: 50 },
            { header: 'After', key: 'after', width: 50 },
            { header: 'Worksheet cell', key: 'cell', width: 22 },
          ],
          rows.changes,
        ),
        table(
          'Follow-ups',
          [
            { header: 'Biller id', key: 'billerId', width: 40 },
            { header: 'Name', key: 'billerName', width: 28 },
            { header: 'Section', key: 'section', width: 30 },
            { header: 'Code', key: 'code', width: 36 },
            { header: 'Task', key: 'reason', width: 100 },
          ],
          rows.followUps,
        ),
        table(
          'Errors',
          [
            { header: 'File', key: 'file', width: 40 },
            { header: 'Sheet', key: 'sheet', width: 18 },
            { header: 'Cell', key: 'cell', width: 8 },
            { header: 'Field', key: 'field', width: 26 },
            { header: 'Severity', key: 'severity', width: 9 },
            { header: 'Code', key: 'code', width: 32 },
            { header: 'Message', key: 'message', width: 100 },
          ],
          rows.errors,
        ),
      ],
      { creator: 'spectrum-convert' },
    );
    await rename(tmp, xlsx);
    const tmpJson = tempPathFor(jsonPath);
    try {
      await writeJsonStreamed(tmpJson, json);
      await rename(tmpJson, jsonPath);
    } catch (e) {
      await rm(tmpJson, { force: true });
      throw e;
    }
    // The summary as a page (the mail's body too), beside the workbook.
    await writeFileSafely(html, resultsHtml(rows, `${stem}.xlsx`));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return { xlsx, json: jsonPath, html };
}

/**
 * The json twin, written element by element: a night of 100,000 changes never becomes one
 * 100 MB string in memory. Top-level arrays and iterables are streamed; everything else is small.
 */
async function writeJsonStreamed(path: string, value: object): Promise<void> {
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const entries = Object.entries(value);
  await write('{\n');
  for (const [i, [key, v]] of entries.entries()) {
    await write(`  ${JSON.stringify(key)}: `);
    if (Array.isArray(v) || (v && typeof v === 'object' && Symbol.iterator in v)) {
      await write('[');
      let j = 0;
      for (const item of v as Iterable<unknown>) await write(`${j++ ? ',' : ''}\n    ${JSON.stringify(item)}`);
      await write(j ? '\n  ]' : ']');
    } else {
      await write(JSON.stringify(v, null, 2).replace(/\n/g, '\n  '));
    }
    await write(i < entries.length - 1 ? ',\n' : '\n');
  }
  await write('}\n');
  out.end();
  await once(out, 'finish');
}
