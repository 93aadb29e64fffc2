import { describe, expect, it } from 'vitest';
import { decodeOoxmlEscapes, decodeXml } from '../../src/read/xml-text.js';
import { xmlText } from '../../src/report/xml-escape.js';

const cases = [
  { name: 'plain text is unchanged', s: 'Town of Sample', xml: 'Town of Sample' },
  { name: 'markup', s: '<a href="x">&</a>', xml: '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;' },
  { name: 'tab and LF are kept', s: 'a\tb\nc', xml: 'a\tb\nc' },
  { name: 'CR as a character reference', s: 'a\r\nb', xml: 'a&#13;\nb' },
  { name: 'a C0 control the OOXML way', s: 'a\u0001b\u001fc', xml: 'a_x0001_b_x001F_c' },
  { name: 'a literal _xHHHH_ keeps its underscore', s: '_x0041_', xml: '_x005F_x0041_' },
  { name: 'an _x that is not an escape is unchanged', s: 'a_xyz_ _x12_', xml: 'a_xyz_ _x12_' },
  { name: 'a surrogate pair is kept', s: 'emoji 😀', xml: 'emoji 😀' },
  { name: 'a lone surrogate becomes U+FFFD', s: 'a\ud800b\udc00', xml: 'a\ufffdb\ufffd' },
  { name: 'U+FFFE and U+FFFF', s: '\ufffe\uffff', xml: '_xFFFE__xFFFF_' },
];

describe('xmlText', () => {
  it.each(cases)('$name', ({ s, xml }) => {
    expect(xmlText(s)).toBe(xml);
  });

  it.each(cases.filter((c) => !/surrogate/.test(c.name)))('$name: reads back as written', ({ s }) => {
    expect(decodeOoxmlEscapes(decodeXml(xmlText(s)))).toBe(s);
  });
});
