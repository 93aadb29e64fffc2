import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTemplatePath } from '../../src/paths.js';
import { FIRST_FIELD_ROW, TEMPLATE_SHEET } from '../../src/report/template-workbook.js';
import { makeReader, tempDir, type Reader } from '../support/intake.js';
import { fieldMap, VALID_TEXT } from '../support/raw.js';
import { runMain } from '../support/run-cli.js';

/** What a person sees of a template: every sheet, every non-empty cell, every input rule. */
async function describeWorkbook(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets.map((ws) => {
    const cells: Array<[string, string, string | undefined]> = [];
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const dv = cell.dataValidation as (ExcelJS.DataValidation & { prompt?: string }) | undefined;
        cells.push([
          cell.address,
          cell.text,
          dv ? `${dv.type}:${JSON.stringify(dv.formulae)}:${dv.prompt ?? ''}` : undefined,
        ]);
      }),
    );
    return { name: ws.name, state: ws.state, cells };
  });
}

let dir: string;
let cleanup: () => Promise<void>;
let reader: Reader;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('sc-template-'));
  reader = await makeReader();
});
afterAll(async () => {
  await reader.close();
  await cleanup();
});

describe('spectrum-convert template', () => {
  it('reproduces the committed template (same sheets, labels, hints and input rules)', { tags: ['slow'] }, async () => {
    const out = join(dir, 'fresh.xlsx');
    const r = await runMain(['template', '--out', out]);
    expect(r.code).toBe(0);
    expect(await describeWorkbook(out)).toEqual(await describeWorkbook(defaultTemplatePath));
  });

  it('has one labelled input cell per field, a hint on each, required fields marked', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(defaultTemplatePath);
    const ws = wb.getWorksheet(TEMPLATE_SHEET);
    expect(ws).toBeDefined();
    const found = new Map<string, number>();
    ws?.eachRow((row, n) => {
      const spec = fieldMap.match(row.getCell(1).text);
      if (!spec || n < FIRST_FIELD_ROW) return;
      found.set(spec.key, n);
      const input = row.getCell(2);
      expect(input.text).toBe('');
      expect(input.dataValidation?.prompt).toBe(spec.hint);
      expect(row.getCell(1).text.endsWith(' *')).toBe(spec.required);
      if (spec.type === 'date') expect(input.dataValidation?.type).toBe('date');
    });
    expect([...found.keys()].sort()).toEqual(fieldMap.map.fields.map((f) => f.key).sort());
    expect(wb.worksheets.map((w) => w.name)).toEqual([TEMPLATE_SHEET, 'Example']);
  });

  // These two read through a reader worker, which boots tsx (a second or more).
  it(
    'a filled-in template reads back as a valid biller; the example sheet is skipped',
    { tags: ['slow'] },
    async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(defaultTemplatePath);
      const ws = wb.getWorksheet(TEMPLATE_SHEET);
      ws?.eachRow((row) => {
        const spec = fieldMap.match(row.getCell(1).text);
        if (spec) row.getCell(2).value = VALID_TEXT[spec.key];
      });
      const report = await reader.read('filled.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
      expect(report.billers).toMatchObject([
        { billerId: VALID_TEXT.billerId, billerName: VALID_TEXT.billerName, sheet: TEMPLATE_SHEET, valid: true },
      ]);
      expect(report.issues.map((i) => [i.code, i.sheet, i.severity])).toEqual([
        ['WORKSHEET.SHEET_IGNORED', 'Example', 'info'],
      ]);
    },
  );

  it(
    'the example sheet alone, renamed, is a valid biller (the example is a working sample)',
    { tags: ['slow'] },
    async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(defaultTemplatePath);
      const example = wb.getWorksheet('Example');
      if (example) example.name = 'Town of Example';
      wb.removeWorksheet(wb.getWorksheet(TEMPLATE_SHEET)?.id ?? -1);
      const report = await reader.read('example.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
      expect(report.issues).toEqual([]);
      expect(report.billers).toMatchObject([{ billerName: 'Town of Example', valid: true }]);
    },
  );
});
