/**
 * A small streaming xlsx writer for reports: rows go out as they come (inline strings, no
 * shared-string table), each sheet deflated straight into the file by the zip writer, so memory
 * stays flat however many rows a night has. It writes just what a results workbook needs:
 * column widths, a frozen header row, an autofilter over the data, bold and coloured fonts,
 * solid fills and a date format. Strings are always text, never formulas.
 *
 * The parts follow ECMA-376 as Excel writes them; a test reads the output back with exceljs and
 * with our own reader, and checks it byte by byte through the zip's CRCs.
 */
import type { SheetSpec } from './sheet-spec.js';
import {
  appPropsXml,
  contentTypesXml,
  corePropsXml,
  rootRelsXml,
  workbookRelsXml,
  workbookXml,
  writeCharts,
} from './xlsx-package.js';
import { sheetName, writeSheet, type SheetWritten } from './xlsx-sheet.js';
import { Styles } from './xlsx-styles.js';
import { ZipWriter } from './zip-writer.js';

export type { CellStyle } from './xlsx-styles.js';
export type { ChartSpec } from './xlsx-chart.js';
export type { CellValue, SheetSpec } from './sheet-spec.js';
export { sheet, sheetLink } from './sheet-spec.js';
export { MAX_CELL_CHARS } from './xlsx-sheet.js';
export { columnName } from './cell-ref.js';

/** Writes an xlsx of the given sheets to `path` (which must not exist), streaming every row. */
export async function writeXlsx(
  path: string,
  sheets: ReadonlyArray<SheetSpec<unknown>>,
  options: { creator?: string; created?: Date; level?: number } = {},
): Promise<void> {
  const created = options.created ?? new Date();
  const zip = new ZipWriter(path, options.level ?? 6, created);
  try {
    const styles = new Styles();
    const taken = new Set<string>();
    const written: SheetWritten[] = [];
    for (const [i, spec] of sheets.entries()) {
      const entry = await zip.entry(`xl/worksheets/sheet${i + 1}.xml`);
      written.push(await writeSheet(entry, spec, sheetName(spec.name, taken), i === 0, styles));
      await entry.close();
    }
    const charted = await writeCharts(zip, written);
    await zip.file('xl/styles.xml', styles.xml());
    await zip.file('xl/workbook.xml', workbookXml(written));
    await zip.file('xl/_rels/workbook.xml.rels', workbookRelsXml(written.length));
    await zip.file('[Content_Types].xml', contentTypesXml(written.length, charted));
    await zip.file('_rels/.rels', rootRelsXml());
    await zip.file('docProps/core.xml', corePropsXml(options.creator ?? '', created));
    await zip.file('docProps/app.xml', appPropsXml(options.creator ?? 'spectrum-convert'));
    await zip.close();
  } catch (e) {
    zip.destroy();
    throw e;
  }
}
