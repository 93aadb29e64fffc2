import { describe, expect, it } from 'vitest';
import { styleFormats } from '../../src/read/number-formats.js';
import { Styles } from '../../src/report/xlsx-styles.js';

describe('Styles', () => {
  it.each([
    { name: 'no style', style: undefined },
    { name: 'an empty style', style: {} },
    { name: 'only false flags', style: { bold: false, wrap: false } },
  ])('$name is the default format 0', ({ style }) => {
    expect(new Styles().index(style)).toBe(0);
  });

  it('one index per distinct style, the same index for the same style', () => {
    const s = new Styles();
    const bold = s.index({ bold: true });
    expect(bold).toBe(1);
    expect(s.index({ bold: true })).toBe(bold);
    expect(s.index({ bold: true, fill: 'FFC6EFCE' })).toBe(2);
    expect(s.index({ numFmt: 'yyyy-mm-dd' })).toBe(3);
    expect(s.index({ bold: true })).toBe(bold);
  });

  it('writes fonts, fills, number formats and alignment as the cells asked', () => {
    const s = new Styles();
    s.index({ bold: true, color: '#1f4e79', size: 14, underline: true });
    s.index({ fill: 'C6EFCE' });
    s.index({ numFmt: '"ID "0000&' });
    s.index({ wrap: true });
    const xml = s.xml();
    expect(xml).toContain('<font><b/><u/><sz val="14"/><color rgb="FF1F4E79"/>');
    expect(xml).toContain('<fgColor rgb="FFC6EFCE"/>');
    expect(xml).toContain('<numFmt numFmtId="164" formatCode="&quot;ID &quot;0000&amp;"/>');
    expect(xml).toContain('<alignment vertical="top" wrapText="1"/>');
    expect(xml).toContain('<cellXfs count="5">');
  });

  it('what it writes reads back with the codes it was given', () => {
    const s = new Styles();
    const date = s.index({ numFmt: 'yyyy-mm-dd' });
    const text = s.index({ numFmt: '@', bold: true });
    const formats = styleFormats(s.xml());
    expect(formats[date]).toEqual({ code: 'yyyy-mm-dd', date: true });
    expect(formats[text]).toEqual({ code: '@', date: false });
  });

  it.each([{ color: 'red' }, { color: '#12345' }, { color: 'GG0000' }])('refuses the colour $color', ({ color }) => {
    expect(() => new Styles().index({ fill: color })).toThrow(`not a colour: ${color}`);
  });
});
