/**
 * A native Excel chart for our xlsx writer: a DrawingML chart part (bar or line) whose series point
 * at cells of the sheet it sits on, with the values cached in the part itself, so Excel, LibreOffice
 * and viewers that never recalculate all draw the same bars. One chart per sheet is all reports need.
 */
import { columnName, quotedSheet } from './cell-ref.js';
import { CHART_NS as C_NS, DRAWING_NS as A_NS, REL_NS as R_NS, XML_HEAD } from './ooxml.js';
import { xmlText } from './xml-escape.js';

interface ChartSeries {
  name: string;
  /** The column (from 0) of the sheet holding the values, on the category rows. */
  column: number;
  values: readonly number[];
  /** One colour for the series (RRGGBB), or one per point (a bar per status, in its status colour). */
  color?: string;
  pointColors?: readonly string[];
}

export interface ChartSpec {
  kind: 'bar' | 'line';
  title: string;
  /** The sheet the categories and values are on, when not the one the chart sits on. */
  dataSheet?: string;
  /** The column (from 0) of the category labels, and the sheet rows (from 1) they span. */
  categories: { column: number; firstRow: number; values: readonly string[] };
  series: readonly ChartSeries[];
  /**
   * Where the chart sits: top-left and bottom-right cells, 0-based column and row
   * (xOffset: EMU into the column).
   */
  from: Anchor;
  to: Anchor;
}

interface Anchor {
  column: number;
  row: number;
  xOffset?: number;
}

const XDR_NS = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const CAT_AXIS = 500_100;
const VAL_AXIS = 500_200;

/** 'Summary'!$B$5:$B$9: a quoted sheet name works in every reader whatever the name holds. */
function range(sheet: string, column: number, firstRow: number, count: number): string {
  const col = columnName(column);
  return `${quotedSheet(sheet)}!$${col}$${firstRow}:$${col}$${firstRow + Math.max(count, 1) - 1}`;
}

const LINE_MARKER = '<c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>';
const LABELS =
  '<c:dLbls><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>' +
  '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>';
const OUTLINE = '<a:ln w="6350"><a:solidFill><a:srgbClr val="7F7F7F"/></a:solidFill></a:ln>';
const fill = (rgb: string) =>
  `<a:solidFill><a:srgbClr val="${rgb.replace(/^#|^FF(?=[0-9A-F]{6}$)/i, '')}"/></a:solidFill>`;

function series(spec: ChartSpec, s: ChartSeries, i: number, sheet: string): string {
  const { categories: cat } = spec;
  const n = cat.values.length;
  const line = spec.kind === 'line';
  const look = s.color
    ? line
      ? `<c:spPr><a:ln w="28575">${fill(s.color)}</a:ln></c:spPr>`
      : `<c:spPr>${fill(s.color)}</c:spPr>`
    : '';
  const barPoint = line ? '' : '<c:invertIfNegative val="0"/><c:bubble3D val="0"/>';
  const points = (s.pointColors ?? [])
    .map((c, p) => `<c:dPt><c:idx val="${p}"/>${barPoint}<c:spPr>${fill(c)}${line ? '' : OUTLINE}</c:spPr></c:dPt>`)
    .join('');
  const strCache = cat.values.map((v, p) => `<c:pt idx="${p}"><c:v>${xmlText(v)}</c:v></c:pt>`).join('');
  const numCache = s.values.map((v, p) => `<c:pt idx="${p}"><c:v>${v}</c:v></c:pt>`).join('');
  const catRange = xmlText(range(sheet, cat.column, cat.firstRow, n));
  const valRange = xmlText(range(sheet, s.column, cat.firstRow, n));
  return (
    `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${xmlText(s.name)}</c:v></c:tx>${look}` +
    `${line ? LINE_MARKER : '<c:invertIfNegative val="0"/>'}${points}${line ? '' : LABELS}` +
    `<c:cat><c:strRef><c:f>${catRange}</c:f>` +
    `<c:strCache><c:ptCount val="${n}"/>${strCache}</c:strCache></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${valRange}</c:f>` +
    `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${n}"/>${numCache}</c:numCache>` +
    '</c:numRef></c:val>' +
    `${line ? '<c:smooth val="0"/>' : ''}</c:ser>`
  );
}

/** xl/charts/chartN.xml for a chart on the sheet named `sheet`. */
export function chartXml(spec: ChartSpec, sheet: string): string {
  const bar = spec.kind === 'bar';
  const all = spec.series.map((s, i) => series(spec, s, i, spec.dataSheet ?? sheet)).join('');
  const axes = `<c:axId val="${CAT_AXIS}"/><c:axId val="${VAL_AXIS}"/>`;
  const plot = bar
    ? '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>' +
      `${all}<c:gapWidth val="50"/>${axes}</c:barChart>`
    : `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${all}<c:marker val="1"/>${axes}</c:lineChart>`;
  const legend = spec.series.length > 1 ? '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>' : '';
  return (
    `${XML_HEAD}<c:chartSpace xmlns:c="${C_NS}" xmlns:a="${A_NS}" xmlns:r="${R_NS}">` +
    `<c:roundedCorners val="0"/><c:chart>${titleXml(spec.title)}` +
    `<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}${categoryAxis(bar)}${valueAxis(bar)}</c:plotArea>` +
    `${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

function titleXml(title: string): string {
  return (
    '<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr>' +
    `<a:r><a:rPr lang="en-US" sz="1200" b="1"/><a:t>${xmlText(title)}</a:t></a:r></a:p></c:rich></c:tx>` +
    '<c:overlay val="0"/></c:title>'
  );
}

/** A bar chart lists its first category at the top (maxMin), with the value axis kept at the bottom. */
function categoryAxis(bar: boolean): string {
  return (
    `<c:catAx><c:axId val="${CAT_AXIS}"/><c:scaling><c:orientation val="${bar ? 'maxMin' : 'minMax'}"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${bar ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="0"/>` +
    '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    `<c:crossAx val="${VAL_AXIS}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>` +
    '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
  );
}

function valueAxis(bar: boolean): string {
  return (
    `<c:valAx><c:axId val="${VAL_AXIS}"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${bar ? 'b' : 'l'}"/><c:majorGridlines/>` +
    '<c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="out"/>' +
    '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    `<c:crossAx val="${CAT_AXIS}"/><c:crosses val="${bar ? 'max' : 'autoZero'}"/>` +
    '<c:crossBetween val="between"/></c:valAx>'
  );
}

/** xl/drawings/drawingN.xml: the chart's frame, anchored between two cells; rId1 is its chart. */
export function drawingXml(spec: ChartSpec): string {
  const at = (p: Anchor) =>
    `<xdr:col>${p.column}</xdr:col><xdr:colOff>${Math.round(p.xOffset ?? 0)}</xdr:colOff>` +
    `<xdr:row>${p.row}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
  return (
    `${XML_HEAD}<xdr:wsDr xmlns:xdr="${XDR_NS}" xmlns:a="${A_NS}">` +
    `<xdr:twoCellAnchor editAs="oneCell"><xdr:from>${at(spec.from)}</xdr:from><xdr:to>${at(spec.to)}</xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="${xmlText(spec.title)}"/>` +
    '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>' +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="${C_NS}"><c:chart xmlns:c="${C_NS}" xmlns:r="${R_NS}" r:id="rId1"/>` +
    '</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>'
  );
}
