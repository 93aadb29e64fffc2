import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFieldMap, normalizeLabel, FIELD_KEYS } from '../../src/core/field-map.js';
import { defaultFieldMapPath } from '../../src/paths.js';

const json = JSON.parse(readFileSync(defaultFieldMapPath, 'utf8')) as { fields: Array<Record<string, unknown>> };
const fm = loadFieldMap(json);

describe('normalizeLabel', () => {
  it.each([
    ['RTDR URL', 'rtdrurl'],
    ['rtdr url:', 'rtdrurl'],
    ['  R.T.D.R  - Url * ', 'rtdrurl'],
    ['IC Biller ID:', 'icbillerid'],
    ['Café  Näme', 'cafename'],
  ])('%j → %j', (input, expected) => expect(normalizeLabel(input)).toBe(expected));
});

describe('the committed field map', () => {
  it('has every field', () => expect(fm.map.fields.map((f) => f.key).sort()).toEqual([...FIELD_KEYS].sort()));

  it.each([
    ['RTDR URL', 'rtdrUrl'],
    ['rtdr endpoint/webservice url:', 'rtdrUrl'],
    ['IC BILLER ID *', 'billerId'],
    ['Biller GUID', 'billerId'],
    ['ftp user', 'ftpUsername'],
    ['InvoiceFormatGUID', 'invoiceFormatGuid'],
    ['Payments Password:', 'paymentsPassword'],
  ])('matches %j as %s', (label, key) => expect(fm.match(label)?.key).toBe(key));

  it.each(['Notes', 'Total', 'RTDR', ''])('does not match %j', (label) => expect(fm.match(label)).toBeUndefined());

  it('suggests the field for a near miss, not for another word', () => {
    expect(fm.closest('RTDR Usrname')?.key).toBe('rtdrUsername');
    expect(fm.closest('Favourite colour')).toBeUndefined();
  });

  it('feeds settings 8-13, with 10 and 13 split into key and password', () => {
    const feeds = fm.map.fields.filter((f) => f.setting).map((f) => [f.key, f.setting, f.part ?? null]);
    expect(feeds).toEqual([
      ['rtdrUrl', 8, null],
      ['rtdrUsername', 9, null],
      ['rtdrPrivateKey', 10, 'privateKey'],
      ['rtdrPassword', 10, 'password'],
      ['paymentsUrl', 11, null],
      ['paymentsUsername', 12, null],
      ['paymentsPrivateKey', 13, 'privateKey'],
      ['paymentsPassword', 13, 'password'],
    ]);
  });
});

describe('a bad field map is refused with the reason', () => {
  const withField = (i: number, patch: Record<string, unknown>) => ({
    ...json,
    fields: json.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)),
  });
  it.each([
    { name: 'label used by two fields', map: withField(1, { aliases: ['Biller Name'] }), error: /used by both/ },
    { name: 'missing field', map: { ...json, fields: json.fields.slice(1) }, error: /billerName.{0,4} is missing/ },
    { name: 'unknown type', map: withField(0, { type: 'number' }), error: /type/ },
    { name: 'section reading as a label', map: withField(0, { section: 'FTP user' }), error: /section heading/ },
    { name: 'unknown property', map: withField(0, { colour: 'red' }), error: /colour/ },
  ])('$name', ({ map, error }) => expect(() => loadFieldMap(map)).toThrow(error));
});
