/** The styles part of a written xlsx: fonts, fills and number formats, made as cells ask for them. */
import { MAIN_NS, XML_HEAD } from './ooxml.js';
import { xmlText } from './xml-escape.js';

/** size: font size in points (11 when absent); underline: a link's look; wrap: text wraps in its cell. */
export interface CellStyle {
  bold?: boolean;
  color?: string;
  fill?: string;
  numFmt?: string;
  size?: number;
  underline?: boolean;
  wrap?: boolean;
}

const FONT_NAME = '<name val="Calibri"/><family val="2"/>';

/** The cell formats used so far; styles.xml is written last, from these. */
export class Styles {
  private readonly fonts = [`<font><sz val="11"/>${FONT_NAME}</font>`];
  private readonly fills = [
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
  ];
  private readonly numFmts: string[] = [];
  private readonly xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly byKey = new Map<string, number>();

  /** The cellXfs index of a style (0 for none). */
  index(style: CellStyle | undefined): number {
    if (
      !style ||
      (!style.bold && !style.color && !style.fill && !style.numFmt && !style.size && !style.underline && !style.wrap)
    )
      return 0;
    const key =
      `${style.bold ? 1 : 0}|${style.color ?? ''}|${style.fill ?? ''}|${style.numFmt ?? ''}|${style.size ?? ''}` +
      `|${style.underline ? 1 : 0}|${style.wrap ? 1 : 0}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const font = style.bold || style.color || style.size || style.underline ? this.add(this.fonts, fontXml(style)) : 0;
    const fill = style.fill ? this.add(this.fills, fillXml(style.fill)) : 0;
    const numFmt = style.numFmt ? 164 + this.add(this.numFmts, style.numFmt) : 0;
    const applies =
      `${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''}` +
      `${numFmt ? ' applyNumberFormat="1"' : ''}${style.wrap ? ' applyAlignment="1"' : ''}`;
    const align = style.wrap ? '><alignment vertical="top" wrapText="1"/></xf>' : '/>';
    const i =
      this.xfs.push(
        `<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="0" xfId="0"${applies}${align}`,
      ) - 1;
    this.byKey.set(key, i);
    return i;
  }

  private add(list: string[], xml: string): number {
    const i = list.indexOf(xml);
    return i >= 0 ? i : list.push(xml) - 1;
  }

  xml(): string {
    const formats = this.numFmts.map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${xmlText(f)}"/>`);
    const numFmts = formats.length ? `<numFmts count="${formats.length}">${formats.join('')}</numFmts>` : '';
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">${numFmts}` +
      `<fonts count="${this.fonts.length}">${this.fonts.join('')}</fonts>` +
      `<fills count="${this.fills.length}">${this.fills.join('')}</fills>` +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    );
  }
}

function fontXml(style: CellStyle): string {
  const color = style.color ? `<color rgb="${argb(style.color)}"/>` : '';
  return (
    `<font>${style.bold ? '<b/>' : ''}${style.underline ? '<u/>' : ''}<sz val="${style.size ?? 11}"/>` +
    `${color}${FONT_NAME}</font>`
  );
}

function fillXml(color: string): string {
  return (
    `<fill><patternFill patternType="solid"><fgColor rgb="${argb(color)}"/>` +
    '<bgColor indexed="64"/></patternFill></fill>'
  );
}

function argb(color: string): string {
  const hex = color.replace(/^#/, '').toUpperCase();
  if (!/^(?:[0-9A-F]{6}|[0-9A-F]{8})$/.test(hex)) throw new Error(`not a colour: ${color}`);
  return hex.length === 6 ? `FF${hex}` : hex;
}
