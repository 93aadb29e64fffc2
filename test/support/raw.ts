/** Build the pure core's inputs directly, without files. */
import { readFileSync } from 'node:fs';
import { loadFieldMap, type FieldKey } from '../../src/core/field-map.js';
import type { NormCell } from '../../src/core/grid.js';
import type { RawBiller } from '../../src/core/layout.js';
import { defaultFieldMapPath } from '../../src/paths.js';

export const fieldMap = loadFieldMap(JSON.parse(readFileSync(defaultFieldMapPath, 'utf8')));

export const VALID_TEXT: Record<FieldKey, string> = {
  billerName: 'Town of Example',
  billerId: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
  conversionDate: '2026-12-01',
  rtdrUrl: 'https://rtdr.example.com/rtdr',
  rtdrUsername: 'rtdr-user',
  rtdrPrivateKey: 'rtdrKeyUNIQUE1',
  rtdrPassword: 'rtdrPwUNIQUE2',
  paymentsUrl: 'https://pay.example.com/datapump',
  paymentsUsername: 'pay-user',
  paymentsPrivateKey: 'payKeyUNIQUE3',
  paymentsPassword: 'payPwUNIQUE4',
  ftpUsername: 'townofexample',
  invoiceFormatGuid: '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
  paymentDataPumpSelections: 'Terminal: Main Office; PayPal',
  billerContact: 'clerk@example.org',
};

/** A form-layout biller whose field k sits in row (index + 3), column B; undefined values are absent labels. */
export function rawBiller(values: Partial<Record<FieldKey, string | NormCell | undefined>>): RawBiller {
  const fields: RawBiller['fields'] = {};
  fieldMap.map.fields.forEach((spec, i) => {
    if (!(spec.key in values)) return;
    const v = values[spec.key];
    if (v === undefined) return;
    const cell: NormCell | undefined = typeof v === 'string' ? (v === '' ? undefined : { kind: 'text', text: v }) : v;
    fields[spec.key] = { spec, cell, origin: { file: 'w.xlsx', sheet: 'Biller', cell: `B${i + 3}` } };
  });
  return { file: 'w.xlsx', sheet: 'Biller', layout: 'form', fields };
}

export function validRaw(overrides: Partial<Record<FieldKey, string | NormCell | undefined>> = {}): RawBiller {
  return rawBiller({ ...VALID_TEXT, ...overrides });
}
