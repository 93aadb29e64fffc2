import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadFieldMap, type FieldKey } from '../../src/core/field-map.js';
import type { NormCell } from '../../src/core/grid.js';
import { validateBiller } from '../../src/core/validate.js';
import { editedMap } from '../support/field-maps.js';
import { fieldMap, rawBiller, VALID_TEXT, validRaw } from '../support/raw.js';

const SECRETS = ['rtdrKeyUNIQUE1', 'rtdrPwUNIQUE2', 'payKeyUNIQUE3', 'payPwUNIQUE4'];

describe('a valid biller', () => {
  const v = validateBiller(validRaw(), fieldMap);

  it('becomes a typed record with no issue', () => {
    expect(v.issues).toEqual([]);
    expect(v.biller).toMatchObject({
      billerId: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
      billerName: 'Town of Example',
      conversionDate: '2026-12-01',
      rtdr: { url: 'https://rtdr.example.com/rtdr', username: 'rtdr-user' },
      payments: { url: 'https://pay.example.com/datapump', username: 'pay-user' },
      ftpUsername: 'townofexample',
      paymentDataPumpSelections: ['Terminal: Main Office', 'PayPal'],
    });
    expect(v.biller?.payments.password.reveal()).toBe('payPwUNIQUE4');
    expect(v.biller?.source.cells.rtdrUrl).toEqual({ file: 'w.xlsx', sheet: 'Biller', cell: 'B6' });
  });

  it('never shows a secret when printed or serialised', () => {
    const shown = JSON.stringify(v.biller) + inspect(v.biller, { depth: 9 }) + String(v.biller?.rtdr.password);
    for (const s of SECRETS) expect(shown).not.toContain(s);
  });

  it('accepts an RTDR endpoint without credentials (setting 10 wholly empty)', () => {
    const r = validateBiller(validRaw({ rtdrUsername: '', rtdrPrivateKey: '', rtdrPassword: '' }), fieldMap);
    expect(r.issues).toEqual([]);
    expect(r.biller?.rtdr.privateKey.isEmpty && r.biller.rtdr.password.isEmpty).toBe(true);
  });

  it('normalises a braced, lower-case GUID', () => {
    expect(
      validateBiller(validRaw({ billerId: '{6f9619ff-8b86-d011-b42d-00c04fc964ff}' }), fieldMap).biller?.billerId,
    ).toBe('6F9619FF-8B86-D011-B42D-00C04FC964FF');
  });

  it('takes the URL from a hyperlink whose text is a description', () => {
    const r = validateBiller(
      validRaw({ rtdrUrl: { kind: 'text', text: 'RTDR endpoint', link: 'https://rtdr.example.com/x' } }),
      fieldMap,
    );
    expect(r.biller?.rtdr.url).toBe('https://rtdr.example.com/x');
  });

  it('keeps optional fields absent when empty', () => {
    const r = validateBiller(
      validRaw({ conversionDate: '', invoiceFormatGuid: '', paymentDataPumpSelections: '', billerContact: undefined }),
      fieldMap,
    );
    expect(r.issues).toEqual([]);
    expect(r.biller).not.toHaveProperty('conversionDate');
    expect(r.biller).not.toHaveProperty('paymentDataPumpSelections');
  });
});

type Case = {
  name: string;
  values: Partial<Record<FieldKey, string | NormCell | undefined>>;
  code: string;
  field: string;
  cell?: string;
  severity?: string;
};
const cases: Case[] = [
  {
    name: 'required field empty',
    values: { paymentsUsername: '' },
    code: 'WORKSHEET.REQUIRED_MISSING',
    field: 'Payments Username',
    cell: 'B11',
  },
  {
    name: 'required label absent',
    values: { ftpUsername: undefined },
    code: 'WORKSHEET.REQUIRED_MISSING',
    field: 'FTP Username',
  },
  {
    name: 'biller id not a GUID',
    values: { billerId: '6F9619FF-8B86-D011-B42D' },
    code: 'WORKSHEET.GUID_INVALID',
    field: 'IC Biller ID',
    cell: 'B4',
  },
  {
    name: 'invoice format GUID with a bad digit',
    values: { invoiceFormatGuid: '3F2504E0-4F89-11D3-9A0C-0305E82C330G' },
    code: 'WORKSHEET.GUID_INVALID',
    field: 'Invoice Format GUID',
  },
  {
    name: 'http URL',
    values: { rtdrUrl: 'http://rtdr.example.com' },
    code: 'WORKSHEET.URL_NOT_HTTPS',
    field: 'RTDR URL',
    cell: 'B6',
  },
  {
    name: 'ftp URL',
    values: { paymentsUrl: 'ftp://pay.example.com' },
    code: 'WORKSHEET.URL_NOT_HTTPS',
    field: 'Payments URL',
  },
  {
    name: 'relative URL',
    values: { rtdrUrl: 'rtdr.example.com/rtdr' },
    code: 'WORKSHEET.URL_INVALID',
    field: 'RTDR URL',
  },
  {
    name: 'URL with a space',
    values: { rtdrUrl: 'https://rtdr.example.com/a b' },
    code: 'WORKSHEET.URL_INVALID',
    field: 'RTDR URL',
  },
  {
    name: 'URL with credentials',
    values: { rtdrUrl: 'https://u:p@rtdr.example.com/' },
    code: 'WORKSHEET.URL_INVALID',
    field: 'RTDR URL',
  },
  {
    name: 'URL on a bare host',
    values: { rtdrUrl: 'https://intranet/rtdr' },
    code: 'WORKSHEET.URL_INVALID',
    field: 'RTDR URL',
  },
  {
    name: 'pipe in a private key',
    values: { paymentsPrivateKey: 'ab|cd' },
    code: 'WORKSHEET.PIPE_IN_SECRET',
    field: 'Payments Private Key',
  },
  {
    name: 'pipe in a password',
    values: { rtdrPassword: 'ab|cd' },
    code: 'WORKSHEET.PIPE_IN_SECRET',
    field: 'RTDR Password',
  },
  {
    name: 'line break in a password',
    values: { paymentsPassword: 'ab\ncd' },
    code: 'WORKSHEET.LINE_BREAK',
    field: 'Payments Password',
  },
  {
    name: 'trailing space in a key',
    values: { paymentsPrivateKey: { kind: 'text', text: 'abc', raw: 'abc ' } },
    code: 'WORKSHEET.SECRET_WHITESPACE',
    field: 'Payments Private Key',
  },
  {
    name: 'leading NBSP in a password',
    values: { rtdrPassword: { kind: 'text', text: 'abc', raw: '\u00a0abc' } },
    code: 'WORKSHEET.SECRET_WHITESPACE',
    field: 'RTDR Password',
  },
  {
    name: 'a password shorter than the minimum a scrubber can keep out of logs',
    values: { rtdrPassword: 'info' },
    code: 'WORKSHEET.SECRET_TOO_SHORT',
    field: 'RTDR Password',
  },
  {
    name: 'RTDR key without password',
    values: { rtdrPassword: '' },
    code: 'WORKSHEET.SECRET_PAIR_INCOMPLETE',
    field: 'RTDR Password',
    cell: 'B9',
  },
  {
    name: 'RTDR password without key',
    values: { rtdrPrivateKey: '' },
    code: 'WORKSHEET.SECRET_PAIR_INCOMPLETE',
    field: 'RTDR Private Key',
  },
  {
    name: 'payments password missing',
    values: { paymentsPassword: '' },
    code: 'WORKSHEET.REQUIRED_MISSING',
    field: 'Payments Password',
  },
  {
    name: 'date that does not exist',
    values: { conversionDate: '2026-02-30' },
    code: 'WORKSHEET.DATE_INVALID',
    field: 'Conversion Date',
  },
  {
    name: 'date that is not a date',
    values: { conversionDate: 'ASAP' },
    code: 'WORKSHEET.DATE_INVALID',
    field: 'Conversion Date',
  },
  {
    name: 'date from a bare serial',
    values: { conversionDate: '46357' },
    code: 'WORKSHEET.DATE_AMBIGUOUS',
    field: 'Conversion Date',
    severity: 'warning',
  },
  {
    name: 'line break in a username',
    values: { paymentsUsername: 'pay\nuser' },
    code: 'WORKSHEET.LINE_BREAK',
    field: 'Payments Username',
  },
  {
    name: 'zero-width space in a name',
    values: { ftpUsername: 'town\u200bexample' },
    code: 'WORKSHEET.CONTROL_CHARACTER',
    field: 'FTP Username',
  },
  { name: 'very long name', values: { billerName: 'x'.repeat(300) }, code: 'WORKSHEET.TOO_LONG', field: 'Biller Name' },
  // An error value is refused wherever the value feeds the CRM or the schedule
  // (issue 11: never read as empty in silence).
  {
    name: 'error value in a required cell',
    values: { ftpUsername: { kind: 'error', text: '', error: '#N/A' } },
    code: 'WORKSHEET.CELL_ERROR',
    field: 'FTP Username',
  },
  {
    name: 'formula without result',
    values: { billerContact: { kind: 'formula', text: '', result: 'none' } },
    code: 'WORKSHEET.FORMULA_NO_RESULT',
    field: 'Biller Contact',
    severity: 'warning',
  },
];

describe('each rule gives its code, field and cell', () => {
  it.each(cases)('$name', ({ values, code, field, cell, severity = 'error' }) => {
    const v = validateBiller(validRaw(values), fieldMap);
    const issue = v.issues.find((i) => i.code === code);
    expect(issue, JSON.stringify(v.issues)).toMatchObject({ code, severity, field, file: 'w.xlsx', sheet: 'Biller' });
    if (cell) expect(issue?.cell).toBe(cell);
    if (severity === 'error') expect(v.biller).toBeUndefined();
  });

  it.each(cases)('$name: the message holds no secret', ({ values }) => {
    const v = validateBiller(validRaw({ ...values }), fieldMap);
    const text = JSON.stringify(v.issues);
    for (const s of [...SECRETS, 'ab|cd', 'ab\\ncd']) expect(text).not.toContain(s);
  });
});

it('an error value in a required cell is also reported as missing', () => {
  const v = validateBiller(validRaw({ ftpUsername: { kind: 'error', text: '', error: '#N/A' } }), fieldMap);
  expect(v.issues.map((i) => i.code)).toEqual(['WORKSHEET.CELL_ERROR', 'WORKSHEET.REQUIRED_MISSING']);
});

it('an empty sheet of labels reports every required field and still names what it can', () => {
  const v = validateBiller(rawBiller({ billerName: 'Only a name' }), fieldMap);
  const required = fieldMap.map.fields.filter((f) => f.required && f.key !== 'billerName').map((f) => f.label);
  expect(v.issues.filter((i) => i.code === 'WORKSHEET.REQUIRED_MISSING').map((i) => i.field)).toEqual(required);
  expect(v.billerName).toBe('Only a name');
});

it('every valid text of the fixture is what the rules accept', () => {
  expect(Object.keys(VALID_TEXT).sort()).toEqual(fieldMap.map.fields.map((f) => f.key).sort());
});

describe("what is required is the field map file's to say", () => {
  const missing = (map: unknown, values: Record<string, string>) =>
    validateBiller(validRaw(values), loadFieldMap(map))
      .issues.filter((i) => i.code === 'WORKSHEET.REQUIRED_MISSING')
      .map((i) => i.field);

  it.each([
    {
      name: 'an optional field made required',
      patch: { rtdrUsername: { required: true } },
      empty: 'rtdrUsername',
      refused: ['RTDR Username'],
    },
    {
      name: 'a required field made optional',
      patch: { paymentsUsername: { required: false } },
      empty: 'paymentsUsername',
      refused: [],
    },
    {
      name: 'a required URL made optional',
      patch: { paymentsUrl: { required: false } },
      empty: 'paymentsUrl',
      refused: [],
    },
  ])('$name', ({ patch, empty, refused }) => {
    expect(missing(editedMap(patch), { [empty]: '' })).toEqual(refused);
    expect(missing(editedMap({}), { [empty]: '' })).toEqual(
      refused.length ? [] : [fieldMap.byKey.get(empty as FieldKey)?.label],
    );
  });

  it('an incomplete secret pair made required is reported as missing, not as incomplete', () => {
    const map = editedMap({ rtdrPrivateKey: { required: true }, rtdrPassword: { required: true } });
    const v = validateBiller(validRaw({ rtdrPassword: '' }), loadFieldMap(map));
    expect(v.issues.map((i) => [i.code, i.field])).toEqual([['WORKSHEET.REQUIRED_MISSING', 'RTDR Password']]);
  });
});
