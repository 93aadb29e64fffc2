import { describe, expect, it } from 'vitest';
import { decodeXml } from '../../src/read/xml-text.js';
import { chartXml, drawingXml, type ChartSpec } from '../../src/report/xlsx-chart.js';

const spec = (patch: Partial<ChartSpec> = {}): ChartSpec => ({
  kind: 'bar',
  title: 'Billers by status & more',
  categories: { column: 0, firstRow: 5, values: ['converted', 'failed <x>'] },
  series: [{ name: 'Billers', column: 1, values: [7, 2], pointColors: ['FFC6EFCE', '#F4B084'] }],
  from: { column: 3, row: 2, xOffset: 12.6 },
  to: { column: 9, row: 20 },
  ...patch,
});

const all = (xml: string, re: RegExp) => [...xml.matchAll(re)].map((m) => decodeXml(m[1] ?? ''));

describe('chartXml', () => {
  it('a bar chart: series ranges on the quoted sheet, cached values, one colour per point, labels shown', () => {
    const xml = chartXml(spec(), "Bob's Summary");
    expect(all(xml, /<c:f>([^<]*)<\/c:f>/g)).toEqual(["'Bob''s Summary'!$A$5:$A$6", "'Bob''s Summary'!$B$5:$B$6"]);
    expect(all(xml, /<c:pt idx="\d+"><c:v>([^<]*)<\/c:v>/g)).toEqual(['converted', 'failed <x>', '7', '2']);
    expect(all(xml, /<a:srgbClr val="([0-9A-F]{6})"\/><\/a:solidFill><a:ln/g)).toEqual(['C6EFCE', 'F4B084']);
    expect(xml).toContain('<c:barDir val="bar"/>');
    expect(xml).toContain('<c:showVal val="1"/>');
    expect(xml).toContain('<a:t>Billers by status &amp; more</a:t>');
    expect(xml).not.toContain('<c:legend>');
  });

  it('a line chart with two series on another sheet: a legend, no data labels', () => {
    const xml = chartXml(
      spec({
        kind: 'line',
        dataSheet: 'Data',
        series: [
          { name: 'done', column: 1, values: [1, 2], color: '#00FF00' },
          { name: 'left', column: 2, values: [3, 1] },
        ],
      }),
      'Chart',
    );
    expect(all(xml, /<c:f>([^<]*)<\/c:f>/g)).toEqual([
      "'Data'!$A$5:$A$6",
      "'Data'!$B$5:$B$6",
      "'Data'!$A$5:$A$6",
      "'Data'!$C$5:$C$6",
    ]);
    expect(xml).toContain('<c:lineChart>');
    expect(xml).toContain('<a:ln w="28575"><a:solidFill><a:srgbClr val="00FF00"/>');
    expect(xml).toContain('<c:legend><c:legendPos val="b"/>');
    expect(xml).not.toContain('<c:dLbls>');
  });

  it('no categories still spans one row (an empty range is not valid)', () => {
    const xml = chartXml(
      spec({ categories: { column: 0, firstRow: 5, values: [] }, series: [{ name: 's', column: 1, values: [] }] }),
      'S',
    );
    expect(all(xml, /<c:f>([^<]*)<\/c:f>/g)).toEqual(["'S'!$A$5:$A$5", "'S'!$B$5:$B$5"]);
  });
});

describe('drawingXml', () => {
  it('anchors the chart between its two cells, offset rounded, named after its title', () => {
    const xml = drawingXml(spec());
    expect(xml).toContain('<xdr:from><xdr:col>3</xdr:col><xdr:colOff>13</xdr:colOff><xdr:row>2</xdr:row>');
    expect(xml).toContain('<xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row>');
    expect(xml).toContain('name="Billers by status &amp; more"');
    expect(xml).toContain('r:id="rId1"');
  });
});
