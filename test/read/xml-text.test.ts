import { describe, expect, it } from 'vitest';
import { attributes, decodeOoxmlEscapes, decodeXml, textRuns } from '../../src/read/xml-text.js';

describe('decodeXml', () => {
  it.each([
    { name: 'plain text', xml: 'abc', want: 'abc' },
    { name: 'named entities', xml: '&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos;', want: '<a> & "b" \'c\'' },
    { name: 'decimal and hex references', xml: '&#233;&#xE9;&#x1F600;', want: 'éé😀' },
    { name: 'a reference out of range is dropped', xml: 'a&#x110000;b&#0;c', want: 'abc' },
    { name: 'an unknown entity is left as written', xml: '&nbsp;', want: '&nbsp;' },
    { name: 'CR LF and lone CR become LF', xml: 'a\r\nb\rc', want: 'a\nb\nc' },
    { name: 'a CR written as &#13; stays', xml: 'a&#13;b', want: 'a\rb' },
    { name: 'CDATA is literal', xml: 'x<![CDATA[&amp;<b>]]>&amp;', want: 'x&amp;<b>&' },
    { name: 'two CDATA sections', xml: '<![CDATA[a]]>-<![CDATA[b]]>', want: 'a-b' },
    { name: 'an unclosed CDATA is decoded as text', xml: '<![CDATA[a&amp;', want: '<![CDATA[a&' },
  ])('$name', ({ xml, want }) => {
    expect(decodeXml(xml)).toBe(want);
  });
});

describe('decodeOoxmlEscapes', () => {
  it.each([
    { name: 'a control character', s: 'a_x000D_b', want: 'a\rb' },
    { name: 'a literal _x', s: '_x005F_x0041_', want: '_x0041_' },
    { name: 'lower-case hex', s: '_x00e9_', want: 'é' },
    { name: 'not four hex digits', s: '_x12_ _xZZZZ_', want: '_x12_ _xZZZZ_' },
  ])('$name', ({ s, want }) => {
    expect(decodeOoxmlEscapes(s)).toBe(want);
  });
});

describe('attributes', () => {
  it.each([
    { name: 'double and single quotes', inside: ` r="A1" t='s'`, want: { r: 'A1', t: 's' } },
    {
      name: 'namespace prefixes dropped',
      inside: 'x:ref="A1:B2" x14ac:dyDescent="0.25"',
      want: { ref: 'A1:B2', dyDescent: '0.25' },
    },
    {
      name: 'any prefixed id is the relationship id',
      inside: 'rel:id="rId3" id="7"',
      want: { 'r:id': 'rId3', id: '7' },
    },
    { name: 'entities decoded', inside: 'formatCode="&quot;$&quot;#,##0"', want: { formatCode: '"$"#,##0' } },
    { name: 'tabs and line ends become spaces', inside: 'v="a\tb\r\nc\nd"', want: { v: 'a b c d' } },
    { name: 'spaces around =', inside: 'r = "B2"', want: { r: 'B2' } },
    { name: 'nothing', inside: '', want: {} },
  ])('$name', ({ inside, want }) => {
    expect(attributes(inside)).toEqual(want);
  });
});

describe('textRuns', () => {
  it.each([
    { name: 'one <t>', xml: '<si><t>Hello</t></si>', want: 'Hello' },
    {
      name: 'rich text runs joined',
      xml: '<r><t>Hel</t></r><r><rPr/><t xml:space="preserve">lo </t></r>',
      want: 'Hello ',
    },
    { name: 'phonetic runs skipped', xml: '<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh>', want: '東京' },
    { name: 'prefixed elements', xml: '<x:r><x:t>a</x:t></x:r><x:t>b</x:t>', want: 'ab' },
    { name: 'an empty <t/>', xml: '<t/><t>x</t>', want: 'x' },
    { name: 'entities and OOXML escapes', xml: '<t>a&amp;b_x000A_c</t>', want: 'a&b\nc' },
    { name: 'a tag that only starts with t', xml: '<tab>no</tab><t>yes</t>', want: 'yes' },
  ])('$name', ({ xml, want }) => {
    expect(textRuns(xml)).toBe(want);
  });
});
