import { describe, expect, it } from 'vitest';
import type { GridSheet, NormCell } from '../../src/core/grid.js';
import { extractBillers } from '../../src/core/layout.js';
import { validateBiller } from '../../src/core/validate.js';
import { fieldMap, VALID_TEXT } from '../support/raw.js';
import { LABEL } from '../support/workbooks.js';

/** A sheet from a map of A1 addresses to texts. */
function sheet(cells: Record<string, string>, extra: Partial<GridSheet> = {}): GridSheet {
  const rows = new Map<number, Array<[number, NormCell]>>();
  for (const [ref, text] of Object.entries(cells)) {
    const m = /^([A-Z]+)(\d+)$/.exec(ref);
    if (!m?.[1] || !m[2]) throw new Error(ref);
    const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    rows.set(Number(m[2]), [...(rows.get(Number(m[2])) ?? []), [col, { kind: 'text', text }]]);
  }
  return {
    name: 'Biller',
    state: 'visible',
    merges: [],
    ...extra,
    rows: [...rows].sort((a, b) => a[0] - b[0]).map(([row, c]) => ({ row, cells: c.sort((a, b) => a[0] - b[0]) })),
  };
}

/** A complete, valid form: label in A, value in B, from row 3 in field-map order. */
function validForm(): Record<string, string> {
  const cells: Record<string, string> = {};
  fieldMap.map.fields.forEach((spec, i) => {
    cells[`A${i + 3}`] = LABEL[spec.key];
    cells[`B${i + 3}`] = VALID_TEXT[spec.key];
  });
  return cells;
}
const rowOf = (key: keyof typeof VALID_TEXT) => fieldMap.map.fields.findIndex((f) => f.key === key) + 3;

function outcome(cells: Record<string, string>, extra: Partial<GridSheet> = {}) {
  const { billers, issues } = extractBillers('f.xlsx', [sheet(cells, extra)], fieldMap);
  const validated = billers.map((b) => validateBiller(b, fieldMap));
  return {
    billers,
    valid: validated.map((v) => v.biller !== undefined),
    issues: [...issues, ...validated.flatMap((v) => v.issues)],
  };
}

describe('a form whose layout is ambiguous is invalid, with its own code', () => {
  const u = rowOf('rtdrUsername');
  const cases: Array<{
    name: string;
    edit: (c: Record<string, string>) => void;
    merges?: string[];
    code: string;
    cell: string;
    says: RegExp;
  }> = [
    {
      name: 'value two cells right of its label, next cell empty',
      edit: (c) => {
        delete c[`B${u}`];
        c[`D${u}`] = 'rtdr-u1';
      },
      code: 'WORKSHEET.VALUE_NOT_BESIDE_LABEL',
      cell: `D${u}`,
      says: new RegExp(`expected in B${u}.*B${u} is empty and D${u} holds a value; move it to B${u}`),
    },
    {
      name: 'billers side by side in B, C and D',
      edit: (c) => {
        for (let r = 3; r < 3 + fieldMap.map.fields.length; r++) {
          c[`C${r}`] = c[`B${r}`] ?? '';
          c[`D${r}`] = c[`B${r}`] ?? '';
        }
      },
      code: 'WORKSHEET.SEVERAL_VALUES',
      cell: 'B3',
      says: /also in C3, D3; a form sheet holds one biller/,
    },
    {
      name: 'a second value beside one label',
      edit: (c) => {
        c[`C${u}`] = 'other-user';
      },
      code: 'WORKSHEET.SEVERAL_VALUES',
      cell: `B${u}`,
      says: new RegExp(`also in C${u}`),
    },
    {
      name: 'a label given twice',
      edit: (c) => {
        c.A40 = 'RTDR Endpoint';
        c.B40 = 'https://other.example.com/rtdr';
      },
      code: 'WORKSHEET.DUPLICATE_FIELD',
      cell: 'A40',
      says: /appears twice .*so this biller was not converted/,
    },
  ];
  it.each(cases)('$name → $code', ({ edit, merges, code, cell, says }) => {
    const cells = validForm();
    edit(cells);
    const { valid, issues } = outcome(cells, merges ? { merges } : {});
    expect(valid).toEqual([false]);
    const issue = issues.find((i) => i.code === code);
    expect(issue).toMatchObject({ severity: 'error', sheet: 'Biller', cell });
    expect(issue?.message).toMatch(says);
    // The message describes the cells, never quotes a value.
    for (const v of Object.values(VALID_TEXT)) if (v.length > 4) expect(issue?.message).not.toContain(v);
  });

  it('the valid form is valid (the cases above fail for their reason only)', () => {
    expect(outcome(validForm())).toMatchObject({ valid: [true], issues: [] });
  });

  it.each([
    [
      'the template hint beside an empty value',
      (c: Record<string, string>) => {
        delete c[`B${rowOf('rtdrUsername')}`];
        c[`C${rowOf('rtdrUsername')}`] = fieldMap.byKey.get('rtdrUsername')?.hint ?? '';
      },
    ],
    [
      'a sentence of notes beside a value',
      (c: Record<string, string>) => {
        c[`C${rowOf('ftpUsername')}`] = 'Ask the FTP team before the night.';
      },
    ],
    [
      'a second column of labels with their values',
      (c: Record<string, string>) => {
        c.D3 = 'Biller Contact';
        c.E3 = 'someone';
        delete c[`A${rowOf('billerContact')}`];
        delete c[`B${rowOf('billerContact')}`];
      },
    ],
  ])('not ambiguous: %s', (_name, edit) => {
    const cells = validForm();
    edit(cells);
    const { valid, issues } = outcome(cells);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(valid).toEqual([true]);
  });

  it('a merged value cell is one value, not several', () => {
    const cells = validForm();
    const { valid, issues } = outcome(cells, { merges: [`B${rowOf('billerName')}:D${rowOf('billerName')}`] });
    expect(issues).toEqual([]);
    expect(valid).toEqual([true]);
  });
});

describe('a table whose header row is repeated', () => {
  const header = { A1: 'Biller Name', B1: 'IC Biller ID', C1: 'RTDR URL', D1: 'FTP Username' };
  it('is refused as a whole, naming the repeated row', () => {
    const s = sheet({
      ...header,
      A2: 'Town A',
      B2: 'G-A',
      A4: 'IC Biller ID',
      B4: 'Biller Name',
      C4: 'RTDR URL',
      D4: 'FTP Username',
      A5: 'G-B',
      B5: 'Town B',
      A6: 'Biller Name',
      B6: 'IC Biller ID',
      C6: 'RTDR URL',
      D6: 'FTP Username',
      A7: 'Town C',
      B7: 'G-C',
    });
    const { billers, issues } = extractBillers('t.xlsx', [s], fieldMap);
    expect(billers.map((b) => b.row)).toEqual([2, 5, 7]);
    expect(billers.every((b) => b.layoutErrors?.includes('WORKSHEET.HEADER_REPEATED'))).toBe(true);
    const repeated = issues.filter((i) => i.code === 'WORKSHEET.HEADER_REPEATED');
    expect(repeated).toMatchObject([
      { severity: 'error', cell: 'A4' },
      { severity: 'error', cell: 'A6' },
    ]);
    expect(repeated[1]?.message).toMatch(/row 6 repeats the table header of row 1; the reader expects one header row/);
  });

  it('a column given twice makes every biller of the table invalid', () => {
    const { billers } = extractBillers(
      't.xlsx',
      [sheet({ A1: 'Biller Name', B1: 'IC Biller ID', C1: 'Biller', A2: 'x', B2: 'y', C2: 'z' })],
      fieldMap,
    );
    expect(billers.map((b) => b.layoutErrors)).toEqual([['WORKSHEET.DUPLICATE_FIELD']]);
  });
});
