import { describe, expect, it } from 'vitest';
import { isDateFormat, styleFormats } from '../../src/read/number-formats.js';

describe('isDateFormat', () => {
  it.each([
    { code: 'yyyy-mm-dd', date: true },
    { code: 'd/m/yy h:mm', date: true },
    { code: '[h]:mm:ss', date: true },
    { code: '[$-409]mmmm d, yyyy', date: true },
    { code: 'General', date: false },
    { code: '0.00', date: false },
    { code: '00000000', date: false },
    { code: '"days" 0', date: false },
    { code: '0\\d', date: false },
    { code: '[Red]#,##0', date: false },
    { code: '@', date: false },
  ])('$code: $date', ({ code, date }) => {
    expect(isDateFormat(code)).toBe(date);
  });
});

const styles = (numFmts: string, xfs: string) =>
  `<styleSheet><numFmts>${numFmts}</numFmts><cellXfs count="9">${xfs}</cellXfs></styleSheet>`;

describe('styleFormats', () => {
  it('resolves custom codes, builtin codes, builtin dates without a code, and styles without a format', () => {
    const xml = styles(
      '<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="&quot;ID &quot;00000"/>',
      [
        '<xf numFmtId="0"/>',
        '<xf numFmtId="164" applyNumberFormat="1"/>',
        '<xf numFmtId="165"></xf>',
        '<xf numFmtId="14"/>',
        '<xf numFmtId="49"/>',
        '<xf numFmtId="30"/>',
        '<xf numFmtId="99"/>',
        '<xf/>',
      ].join(''),
    );
    expect(styleFormats(xml)).toEqual([
      { code: 'General', date: false },
      { code: 'yyyy\\-mm\\-dd', date: true },
      { code: '"ID "00000', date: false },
      { code: 'mm-dd-yy', date: true },
      { code: '@', date: false },
      { date: true },
      { date: false },
      { code: 'General', date: false },
    ]);
  });

  it('reads prefixed elements and only cellXfs (not cellStyleXfs)', () => {
    const xml =
      '<x:styleSheet><x:cellStyleXfs><x:xf numFmtId="14"/></x:cellStyleXfs>' +
      '<x:cellXfs><x:xf numFmtId="2"/></x:cellXfs></x:styleSheet>';
    expect(styleFormats(xml)).toEqual([{ code: '0.00', date: false }]);
  });

  it.each([
    { name: 'no styles part', xml: undefined },
    { name: 'no cellXfs', xml: '<styleSheet/>' },
  ])('$name: no formats', ({ xml }) => {
    expect(styleFormats(xml)).toEqual([]);
  });
});
