/**
 * The results workbook (and its json twin) for reporting: streamed row by row by our own small
 * xlsx writer so a night of 100,000 changes stays in flat memory (exceljs's "streaming" writer
 * builds the zip in memory), to a temp file renamed into place (a reader never sees half a
 * workbook), under a name that never overwrites an earlier run.
 */
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportRows } from '../core/report-rows.js';
import { tempPathFor, writeFileSafely } from '../safe-file.js';
import { resultsHtml } from './results-html.js';
import { resultsSheets } from './results-sheets.js';
import { writeJsonStreamed } from './write-json-streamed.js';
import { writeXlsx } from './xlsx-writer.js';

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
    await writeXlsx(tmp, resultsSheets(rows), { creator: 'spectrum-convert' });
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
