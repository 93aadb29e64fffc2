import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { loadFieldMap, normalizeLabel, FIELD_KEYS } from '../../src/core/field-map.js';
import { defaultFieldMapPath } from '../../src/paths.js';
import { editedMap } from '../support/field-maps.js';

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

  it('hands the planner those feeds, in setting order', () =>
    expect(fm.feeds).toEqual([
      { setting: 8, from: 'rtdrUrl' },
      { setting: 9, from: 'rtdrUsername' },
      { setting: 10, from: 'rtdrPrivateKey', password: 'rtdrPassword' },
      { setting: 11, from: 'paymentsUrl' },
      { setting: 12, from: 'paymentsUsername' },
      { setting: 13, from: 'paymentsPrivateKey', password: 'paymentsPassword' },
    ]));
});

/** What a person is told about a bad map (field-map-file.ts prints the same, after the file's path). */
function refusal(map: unknown): string {
  try {
    loadFieldMap(map);
  } catch (e) {
    if (e instanceof z.ZodError) return z.prettifyError(e);
    throw e;
  }
  return 'accepted';
}

describe('a field map that settings 8-13 or the biller record cannot follow is refused, naming the field', () => {
  const noSetting = { setting: undefined, part: undefined };
  it.each([
    {
      name: 'a setting the conversion does not set',
      map: editedMap({ rtdrUrl: { setting: 7 } }),
      error: /field "rtdrUrl": setting 7 is not one the conversion sets \(8, 9, 10, 11, 12, 13\)/,
    },
    {
      name: 'a setting no field feeds',
      map: editedMap({ rtdrUrl: noSetting }),
      error: /setting 8 \(RTDR EndPoint\/WebService URL\) is fed by no field/,
    },
    {
      name: 'a setting fed twice',
      map: editedMap({ billerContact: { setting: 8 } }),
      error: /setting 8 is fed by "rtdrUrl" and "billerContact"; give it to one field only/,
    },
    {
      name: 'a part without a setting',
      map: editedMap({ billerContact: { part: 'password' } }),
      error: /field "billerContact": "part" needs a "setting"/,
    },
    {
      name: 'a part on a plain setting',
      map: editedMap({ rtdrUrl: { part: 'privateKey' } }),
      error: /field "rtdrUrl": setting 8 is not a secret setting, so it takes no "part"/,
    },
    {
      name: 'a secret feeding a plain setting',
      map: editedMap({ rtdrUsername: noSetting, rtdrPassword: { setting: 9, part: undefined } }),
      error: /field "rtdrPassword": a secret field cannot feed setting 9, which holds plain text/,
    },
    {
      name: 'a list feeding a setting',
      map: editedMap({ rtdrUsername: noSetting, paymentDataPumpSelections: { setting: 9 } }),
      error: /field "paymentDataPumpSelections": a list field cannot feed setting 9/,
    },
    {
      name: 'a secret pair without its password',
      map: editedMap({ rtdrPassword: noSetting }),
      error: /setting 10 needs one "password" part, has none/,
    },
    {
      name: 'a secret pair part without "part"',
      map: editedMap({ rtdrPassword: { part: undefined } }),
      error: /field "rtdrPassword": setting 10 is "privateKey\|password"; give the field a "part"/,
    },
    {
      name: 'a secret pair with two private keys',
      map: editedMap({ rtdrPassword: { part: 'privateKey' } }),
      error: /setting 10 needs one "privateKey" part, has "rtdrPrivateKey" and "rtdrPassword"/,
    },
    {
      name: 'a secret pair part that is not a secret',
      map: editedMap({ rtdrPassword: { type: 'text' } }),
      error: /field "rtdrPassword": a part of secret setting 10 must be of type "secret", not "text"/,
    },
    {
      name: 'a secret pair half required',
      map: editedMap({ rtdrPassword: { required: true } }),
      error: /fields "rtdrPrivateKey" and "rtdrPassword" form setting 10: make both "required" or neither/,
    },
    {
      name: 'a private key not typed secret',
      map: editedMap({ paymentsPrivateKey: { type: 'text' } }),
      error: /field "paymentsPrivateKey" is a private key or password: its type must be "secret"/,
    },
    {
      name: 'another field typed secret',
      map: editedMap({ billerContact: { type: 'secret' } }),
      error: /field "billerContact": type "secret" is only for the private keys and passwords/,
    },
    {
      name: 'another field typed list',
      map: editedMap({ billerContact: { type: 'list' } }),
      error: /field "billerContact": type "list" is only for paymentDataPumpSelections/,
    },
    {
      name: 'the selections not typed list',
      map: editedMap({ paymentDataPumpSelections: { type: 'text' } }),
      error: /field "paymentDataPumpSelections": type "list" is only for paymentDataPumpSelections, and it needs it/,
    },
    {
      name: 'a field the conversion needs made optional',
      map: editedMap({ ftpUsername: { required: false } }),
      error: /field "ftpUsername" must be "required": true; a biller cannot be converted without it/,
    },
  ])('$name', ({ map, error }) => expect(refusal(map)).toMatch(error));

  it('accepts a field moved to another setting when each setting stays fed once', () => {
    const moved = loadFieldMap(editedMap({ rtdrUsername: { setting: 12 }, paymentsUsername: { setting: 9 } }));
    expect(moved.feeds.filter((f) => f.setting === 9 || f.setting === 12)).toEqual([
      { setting: 9, from: 'paymentsUsername' },
      { setting: 12, from: 'rtdrUsername' },
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
