/**
 * The parts of a written xlsx around its sheets: the workbook, the relationships, the content
 * types, the document properties and each chart's drawing, as ECMA-376 has them and Excel writes them.
 */
import { columnName } from './cell-ref.js';
import { MAIN_NS, PKG_REL_NS, REL_NS, XML_HEAD } from './ooxml.js';
import { chartXml, drawingXml } from './xlsx-chart.js';
import type { SheetWritten } from './xlsx-sheet.js';
import { xmlText } from './xml-escape.js';
import type { ZipWriter } from './zip-writer.js';

const TYPES_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
const OFFICE_TYPE = 'application/vnd.openxmlformats-officedocument';
const CORE_NS = 'http://schemas.openxmlformats.org/package/2006/metadata/core-properties';
const CORE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties';
const APP_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties';

const override = (part: string, type: string) => `<Override PartName="${part}" ContentType="${type}"/>`;
const relationship = (id: string, type: string, target: string) =>
  `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;
const relationships = (body: string) => `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${body}</Relationships>`;

export function workbookXml(sheets: SheetWritten[]): string {
  const filters = sheets
    .map((s, i) =>
      s.filter
        ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">` +
          `'${xmlText(s.name.replace(/'/g, "''"))}'!$A$1:$${columnName(s.columns - 1)}$${s.lastRow}</definedName>`
        : '',
    )
    .join('');
  const list = sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`);
  return (
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    '<workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets>${list.join('')}</sheets>` +
    `${filters ? `<definedNames>${filters}</definedNames>` : ''}<calcPr calcId="191029"/></workbook>`
  );
}

/** xl/_rels/workbook.xml.rels: the sheets, then the styles. */
export function workbookRelsXml(sheets: number): string {
  let body = '';
  for (let i = 1; i <= sheets; i++) body += relationship(`rId${i}`, `${REL_NS}/worksheet`, `worksheets/sheet${i}.xml`);
  return relationships(body + relationship(`rId${sheets + 1}`, `${REL_NS}/styles`, 'styles.xml'));
}

/** [Content_Types].xml; `charted` holds the overrides of the chart parts. */
export function contentTypesXml(sheets: number, charted: string): string {
  let worksheets = '';
  for (let i = 1; i <= sheets; i++)
    worksheets += override(`/xl/worksheets/sheet${i}.xml`, `${OFFICE_TYPE}.spreadsheetml.worksheet+xml`);
  return (
    `${XML_HEAD}<Types xmlns="${TYPES_NS}">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    override('/xl/workbook.xml', `${OFFICE_TYPE}.spreadsheetml.sheet.main+xml`) +
    worksheets +
    charted +
    override('/xl/styles.xml', `${OFFICE_TYPE}.spreadsheetml.styles+xml`) +
    override('/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml') +
    override('/docProps/app.xml', `${OFFICE_TYPE}.extended-properties+xml`) +
    '</Types>'
  );
}

/** _rels/.rels: the workbook and the two property parts. */
export function rootRelsXml(): string {
  return relationships(
    relationship('rId1', `${REL_NS}/officeDocument`, 'xl/workbook.xml') +
      relationship('rId2', CORE_REL, 'docProps/core.xml') +
      relationship('rId3', `${REL_NS}/extended-properties`, 'docProps/app.xml'),
  );
}

/** docProps/core.xml: who made the file and when (to the second, as Excel writes it). */
export function corePropsXml(creator: string, created: Date): string {
  const when = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="${CORE_NS}" xmlns:dc="http://purl.org/dc/elements/1.1/"` +
    ' xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:creator>${xmlText(creator)}</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`
  );
}

/** docProps/app.xml: the application's name. */
export function appPropsXml(application: string): string {
  return `${XML_HEAD}<Properties xmlns="${APP_NS}"><Application>${xmlText(application)}</Application></Properties>`;
}

/**
 * The chart parts of every sheet that has a chart: sheet → drawing → chart, each through its own
 * relationships part. Returns their content-type overrides.
 */
export async function writeCharts(zip: ZipWriter, sheets: SheetWritten[]): Promise<string> {
  let types = '';
  let n = 0;
  for (const [i, s] of sheets.entries()) {
    if (!s.chart) continue;
    n++;
    const rel = (type: string, target: string) => relationships(relationship('rId1', `${REL_NS}/${type}`, target));
    await zip.file(`xl/worksheets/_rels/sheet${i + 1}.xml.rels`, rel('drawing', `../drawings/drawing${n}.xml`));
    await zip.file(`xl/drawings/drawing${n}.xml`, drawingXml(s.chart));
    await zip.file(`xl/drawings/_rels/drawing${n}.xml.rels`, rel('chart', `../charts/chart${n}.xml`));
    await zip.file(`xl/charts/chart${n}.xml`, chartXml(s.chart, s.name));
    types +=
      override(`/xl/drawings/drawing${n}.xml`, `${OFFICE_TYPE}.drawing+xml`) +
      override(`/xl/charts/chart${n}.xml`, `${OFFICE_TYPE}.drawingml.chart+xml`);
  }
  return types;
}
