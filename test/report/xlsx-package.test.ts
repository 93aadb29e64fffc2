import { describe, expect, it } from 'vitest';
import {
  appPropsXml,
  contentTypesXml,
  corePropsXml,
  rootRelsXml,
  workbookRelsXml,
  workbookXml,
} from '../../src/report/xlsx-package.js';

describe('the package parts of a written xlsx', () => {
  it('lists every sheet in the workbook, with a filter range for tables only', () => {
    const xml = workbookXml([
      { name: "Bob's", columns: 3, lastRow: 10, filter: true },
      { name: 'Page', columns: 2, lastRow: 4, filter: false },
    ]);
    expect(xml).toContain('<sheet name="Bob\'s" sheetId="1" r:id="rId1"/><sheet name="Page" sheetId="2" r:id="rId2"/>');
    expect(xml).toContain(
      '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">\'Bob\'\'s\'!$A$1:$C$10</definedName>',
    );
    expect(xml.match(/definedName name/g)).toHaveLength(1);
  });

  it('leaves out definedNames when no sheet has a filter', () => {
    expect(workbookXml([{ name: 'P', columns: 1, lastRow: 1, filter: false }])).not.toContain('definedNames');
  });

  it('relates the sheets, then the styles', () => {
    const xml = workbookRelsXml(2);
    expect(xml.match(/<Relationship /g)).toHaveLength(3);
    expect(xml).toContain(
      'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"',
    );
    expect(xml).toContain(
      'Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"',
    );
  });

  it('declares a content type for each sheet and the chart parts given', () => {
    const xml = contentTypesXml(2, '<Override PartName="/xl/charts/chart1.xml" ContentType="c"/>');
    expect(xml.match(/worksheets\/sheet\d\.xml/g)).toEqual(['worksheets/sheet1.xml', 'worksheets/sheet2.xml']);
    expect(xml.indexOf('chart1.xml')).toBeGreaterThan(xml.indexOf('sheet2.xml'));
    expect(xml.indexOf('chart1.xml')).toBeLessThan(xml.indexOf('styles.xml'));
  });

  it('writes the properties: creator escaped, time to the second', () => {
    const core = corePropsXml('A & B', new Date('2026-01-02T03:04:05.678Z'));
    expect(core).toContain('<dc:creator>A &amp; B</dc:creator>');
    expect(core).toContain('>2026-01-02T03:04:05Z</dcterms:created>');
    expect(appPropsXml('<app>')).toContain('<Application>&lt;app&gt;</Application>');
    expect(rootRelsXml().match(/<Relationship /g)).toHaveLength(3);
  });
});
