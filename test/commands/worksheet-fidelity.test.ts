// @module-tag slow: whole nights over hand-made worksheets (reader workers, the embedded CRM)
/**
 * Issue 11 end to end: hand-made OOXML worksheets, one cell shape each, through the real
 * pipeline (reader workers, layout, validation, plan, the embedded CRM). Each case ends with
 * the exact value in the CRM or the exact refusal code at the exact cell; `validate` and `run`
 * agree on which billers are valid.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldKey } from '../../src/core/field-map.js';
import { reveal } from '../../src/core/snapshot.js';
import { makeNight, type Night } from '../support/night.js';
import { num, rawWorkbook, row, str, type RawWorkbook } from '../support/ooxml.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { LABEL, MAP_FIELDS, sampleBiller, billerIdOf, plainText } from '../support/workbooks.js';

const NOW = '2026-11-26';
const FIRST_ROW = 3;
/** The row of a field in the form: labels in A from row 3, in field-map order. */
const rowOf = (key: FieldKey) => FIRST_ROW + MAP_FIELDS.findIndex((f) => f.key === key);
const cellOf = (key: FieldKey) => `B${rowOf(key)}`;

interface Case {
  name: string;
  key: FieldKey;
  /** The value cell's XML, at ref. */
  cell: (ref: string) => string;
  book?: Omit<RawWorkbook, 'rows'>;
  /** The Advanced Setting the CRM must then hold (13: "key|password"), or the refusal. */
  setting?: [number, (n: number) => string];
  refused?: string;
  status?: string;
  warning?: string;
}

const cases: Case[] = [
  {
    name: 'payments password: a formula with an empty cached result (was key|0)',
    key: 'paymentsPassword',
    cell: (r) => `<c r="${r}"><f>A1&amp;""</f><v></v></c>`,
    refused: 'WORKSHEET.FORMULA_NOT_ALLOWED',
  },
  {
    name: 'payments password: a formula without <v>',
    key: 'paymentsPassword',
    cell: (r) => `<c r="${r}"><f>A1</f></c>`,
    refused: 'WORKSHEET.FORMULA_NOT_ALLOWED',
  },
  {
    name: 'payments password typed as text 00012345',
    key: 'paymentsPassword',
    cell: (r) => str(r, '00012345'),
    setting: [13, (n) => `payKEY${n}!y|00012345`],
  },
  {
    name: 'payments password held as the number 123 shown 00123',
    key: 'paymentsPassword',
    cell: (r) => num(r, 123, 1),
    book: { numFmts: { 164: '00000' }, xfs: [164] },
    refused: 'WORKSHEET.SECRET_NOT_TEXT',
  },
  {
    name: 'payments private key held as a date (typed 1-2)',
    key: 'paymentsPrivateKey',
    cell: (r) => num(r, 46024, 1),
    book: { xfs: [16] },
    refused: 'WORKSHEET.SECRET_NOT_TEXT',
  },
  {
    name: 'payments private key with a soft hyphen',
    key: 'paymentsPrivateKey',
    cell: (r) => str(r, 'pay\u00adKEY'),
    refused: 'WORKSHEET.CONTROL_CHARACTER',
  },
  {
    name: 'payments username: number under 00000000',
    key: 'paymentsUsername',
    cell: (r) => num(r, 123456, 1),
    book: { numFmts: { 164: '00000000' }, xfs: [164] },
    setting: [12, () => '00123456'],
  },
  {
    name: 'payments username: number under 000-00-0000',
    key: 'paymentsUsername',
    cell: (r) => num(r, 123456789, 1),
    book: { numFmts: { 164: '000-00-0000' }, xfs: [164] },
    setting: [12, () => '123-45-6789'],
  },
  {
    name: 'payments username: a number past 15 digits',
    key: 'paymentsUsername',
    cell: (r) => num(r, '1.2345678901234568E+18'),
    refused: 'WORKSHEET.NUMBER_PRECISION',
  },
  {
    name: 'RTDR username: a date cell',
    key: 'rtdrUsername',
    cell: (r) => num(r, 46024, 1),
    book: { xfs: [14] },
    refused: 'WORKSHEET.DATE_IN_TEXT_FIELD',
  },
  {
    name: 'RTDR username: t="d"',
    key: 'rtdrUsername',
    cell: (r) => `<c r="${r}" t="d"><v>2026-01-02T00:00:00</v></c>`,
    refused: 'WORKSHEET.DATE_IN_TEXT_FIELD',
  },
  {
    name: 'RTDR URL: a formula',
    key: 'rtdrUrl',
    cell: (r) => `<c r="${r}" t="str"><f>"https://rtdr.example.com/x"</f><v>https://rtdr.example.com/x</v></c>`,
    refused: 'WORKSHEET.FORMULA_NOT_ALLOWED',
  },
  {
    name: 'biller name: a formula in a workbook that recalculates on load (XlsxWriter <v>0</v>)',
    key: 'billerName',
    cell: (r) => `<c r="${r}"><f>"Town"</f><v>0</v></c>`,
    book: { workbookExtra: '<calcPr calcId="124519" fullCalcOnLoad="1"/>' },
    refused: 'WORKSHEET.FORMULA_UNTRUSTED',
  },
  {
    name: 'conversion date typed 06/07/2026 (two readings)',
    key: 'conversionDate',
    cell: (r) => str(r, '06/07/2026'),
    refused: 'WORKSHEET.DATE_ORDER_AMBIGUOUS',
  },
  {
    name: 'conversion date: a date cell in 2030 (kept: scheduled)',
    key: 'conversionDate',
    cell: (r) => num(r, 47276, 1),
    book: { numFmts: { 164: 'dd/mm/yyyy' }, xfs: [164] },
    status: 'scheduled',
  },
  {
    name: 'DataPump selections: a formula result taken with a warning',
    key: 'paymentDataPumpSelections',
    cell: (r) => `<c r="${r}" t="str"><f>"PayPal"</f><v>PayPal</v></c>`,
    status: 'converted',
    warning: 'WORKSHEET.FORMULA_RESULT',
  },
];

/** A form worksheet of biller n, every field typed as text except the case's cell. */
function workbook(c: Case, n: number): Promise<Buffer> {
  const values = { ...sampleBiller(n), conversionDate: '2026-11-01' } as Record<FieldKey, unknown>;
  const rows = [row(1, str('A1', 'IMT Implementation Worksheet'))];
  for (const f of MAP_FIELDS) {
    const r = rowOf(f.key);
    const value = f.key === c.key ? c.cell(`B${r}`) : str(`B${r}`, plainText(values[f.key]));
    rows.push(row(r, str(`A${r}`, LABEL[f.key]), value));
  }
  return rawWorkbook({ ...c.book, rows: rows.join('') });
}

interface Json {
  billers: Array<{ billerId: string; status: string; file: string; errorCode: string }>;
  errors: Array<{ file: string; cell: string; field: string; code: string; severity: string }>;
}
interface Validated {
  file: string;
  billers: Array<{ billerId: string; valid: boolean }>;
  issues: Array<{ code: string; cell?: string; field?: string; severity: string; message: string }>;
}

let night: Night;
let validated: Validated[];
let results: Json;
const file = (i: number) => `case-${String(i).padStart(2, '0')}.xlsx`;
const billerNo = (i: number) => 700 + i;

beforeAll(async () => {
  night = await makeNight(cases.map((_, i) => mipsSnapshotFor(sampleBiller(billerNo(i)))));
  for (const [i, c] of cases.entries()) await night.drop(file(i), await workbook(c, billerNo(i)));
  const v = await runMain(['validate', night.input, '--json']);
  validated = JSON.parse(v.out) as Validated[];
  const r = await runMain(['run', ...night.args('--now', NOW, '--json', '--no-archive')]);
  expect([0, 1]).toContain(r.code);
  const json = readdirSync(night.output).find((f) => /^results-.*\.json$/.test(f));
  results = JSON.parse(readFileSync(join(night.output, json ?? ''), 'utf8')) as Json;
}, 120_000);
afterAll(async () => {
  await night.cleanup();
});

describe("every cell shape ends with the author's value in the CRM or a refusal naming the cell", () => {
  it.each(cases.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    const v = validated.find((x) => x.file.endsWith(file(i)));
    const b = results.billers.find((x) => x.file.endsWith(file(i)));
    const store = night.crm();
    const snapshot = store.snapshot(billerIdOf(sampleBiller(billerNo(i))));
    store.close();
    if (c.refused) {
      expect(
        v?.issues.find((x) => x.code === c.refused),
        JSON.stringify(v?.issues),
      ).toMatchObject({ severity: 'error', cell: cellOf(c.key), field: LABEL[c.key] });
      expect(v?.billers[0]?.valid).toBe(false);
      expect(b).toMatchObject({ status: 'invalid' });
      expect(results.errors.find((e) => e.file.endsWith(file(i)) && e.code === c.refused)).toMatchObject({
        cell: cellOf(c.key),
        field: LABEL[c.key],
      });
      expect(snapshot?.profile.integrationPartner).toBe('IMT Computer Services');
      return;
    }
    expect(v?.billers[0]?.valid, JSON.stringify(v?.issues)).toBe(true);
    expect(b?.status).toBe(c.status ?? 'converted');
    expect(v?.issues.map((x) => x.code)).toEqual(c.warning ? [c.warning] : []);
    if (c.setting) expect(reveal(snapshot?.advancedSettings[c.setting[0]])).toBe(c.setting[1](billerNo(i)));
  });

  it('validate and run agree on which billers are valid', () => {
    const valid = validated.flatMap((f) => f.billers.filter((x) => x.valid).map((x) => x.billerId)).sort();
    const notInvalid = results.billers
      .filter((x) => x.status !== 'invalid')
      .map((x) => x.billerId)
      .sort();
    expect(notInvalid).toEqual(valid);
    expect(valid.length).toBe(cases.filter((c) => !c.refused).length);
  });

  it('no message names a secret of these worksheets', () => {
    const shown = JSON.stringify(validated) + JSON.stringify(results);
    for (const [i] of cases.entries()) {
      for (const s of [`payKEY${billerNo(i)}!y`, `payPW-${billerNo(i)}-secret`, `rtdrPW-${billerNo(i)}-secret`])
        expect(shown).not.toContain(s);
    }
  });
});
