/**
 * A free-form sheet that reads as a page (the Summary, the tracker's Progress): no header row or
 * filter, each line its own cells, styles and links, the columns only widths.
 */
import { sheet, type CellStyle, type CellValue, type ChartSpec, type SheetSpec } from './xlsx-writer.js';

export interface PageLine {
  cells: CellValue[];
  styles?: Array<CellStyle | undefined>;
  links?: Array<string | undefined>;
}

export function pageSheet(
  name: string,
  widths: number[],
  lines: PageLine[],
  chart: ChartSpec | undefined,
): SheetSpec<unknown> {
  return sheet<PageLine>({
    name,
    header: false,
    columns: widths.map((width) => ({ header: '', width })),
    rows: lines,
    count: lines.length,
    values: (l) => l.cells,
    style: (l, i) => l.styles?.[i],
    link: (l, i) => l.links?.[i],
    ...(chart ? { chart } : {}),
  });
}
