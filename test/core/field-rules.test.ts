import { describe, expect, it } from 'vitest';
import type { FieldKey, FieldSpec } from '../../src/core/field-map.js';
import { checkField, type RuleInput } from '../../src/core/field-rules.js';
import type { IssueCode } from '../../src/core/issues.js';
import { validateBiller } from '../../src/core/validate.js';
import { fieldMap, validRaw } from '../support/raw.js';

// The rules are read with the shipped field map: its types, separators and date order.
const OPTS = fieldMap.map;
const spec = (key: FieldKey): FieldSpec => {
  const s = fieldMap.byKey.get(key);
  if (!s) throw new Error(`no field ${key}`);
  return s;
};
const input = (v: string | RuleInput): RuleInput => (typeof v === 'string' ? { text: v } : v);
const SECRET = 'Secret-Value-42';

type Accepted = { key: FieldKey; value: string | RuleInput; want: string | string[] };
const accepted: Accepted[] = [
  { key: 'billerName', value: 'Town of Example', want: 'Town of Example' },
  { key: 'billerName', value: 'Tab\tinside', want: 'Tab\tinside' },
  // Not an exact field: a no-break space is visible enough (only controls are refused).
  { key: 'billerName', value: 'Town\u00a0of Example', want: 'Town\u00a0of Example' },
  { key: 'billerName', value: 'x'.repeat(255), want: 'x'.repeat(255) },
  { key: 'billerId', value: '6F9619FF-8B86-D011-B42D-00C04FC964FF', want: '6F9619FF-8B86-D011-B42D-00C04FC964FF' },
  { key: 'billerId', value: '{6f9619ff-8b86-d011-b42d-00c04fc964ff}', want: '6F9619FF-8B86-D011-B42D-00C04FC964FF' },
  {
    key: 'invoiceFormatGuid',
    value: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    want: '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
  },
  { key: 'conversionDate', value: '2026-12-01', want: '2026-12-01' },
  { key: 'conversionDate', value: '2026/12/01', want: '2026-12-01' },
  { key: 'conversionDate', value: '1 Dec 2026', want: '2026-12-01' },
  { key: 'conversionDate', value: 'December 1, 2026', want: '2026-12-01' },
  // Day 13 cannot be a month: one reading only, so no ambiguity.
  { key: 'conversionDate', value: '12/13/2026', want: '2026-12-13' },
  { key: 'rtdrUrl', value: 'https://rtdr.example.com/rtdr', want: 'https://rtdr.example.com/rtdr' },
  { key: 'rtdrUrl', value: 'https://localhost:8443/x', want: 'https://localhost:8443/x' },
  { key: 'paymentsUrl', value: 'HTTPS://Pay.Example.com/dp?x=1', want: 'HTTPS://Pay.Example.com/dp?x=1' },
  {
    key: 'paymentsUrl',
    value: { text: 'Payments endpoint', link: 'https://pay.example.com/dp' },
    want: 'https://pay.example.com/dp',
  },
  // A shown text that is itself a URL wins over the link (the text is what the author reads).
  {
    key: 'rtdrUrl',
    value: { text: 'https://rtdr.example.com/a', link: 'https://other.example.com/b' },
    want: 'https://rtdr.example.com/a',
  },
  { key: 'rtdrUsername', value: 'rtdr-user', want: 'rtdr-user' },
  { key: 'paymentsUsername', value: 'pay.user@example.com', want: 'pay.user@example.com' },
  { key: 'ftpUsername', value: 'townofexample', want: 'townofexample' },
  { key: 'rtdrPrivateKey', value: SECRET, want: SECRET },
  { key: 'paymentsPassword', value: 'x'.repeat(8), want: 'x'.repeat(8) },
  { key: 'paymentsPrivateKey', value: 'p@ss w0rd inside', want: 'p@ss w0rd inside' },
  { key: 'paymentDataPumpSelections', value: 'Terminal: Main; PayPal', want: ['Terminal: Main', 'PayPal'] },
  { key: 'paymentDataPumpSelections', value: 'A\nB; A;; ', want: ['A', 'B'] },
  { key: 'billerContact', value: 'Jane Clerk\nclerk@example.org', want: 'Jane Clerk\nclerk@example.org' },
];

type Refused = { key: FieldKey; value: string | RuleInput; code: IssueCode; says: RegExp };
const refused: Refused[] = [
  { key: 'billerName', value: 'Town\nof Example', code: 'WORKSHEET.LINE_BREAK', says: /one line/ },
  { key: 'billerName', value: 'Town\u2028Example', code: 'WORKSHEET.LINE_BREAK', says: /one line/ },
  { key: 'billerName', value: 'x'.repeat(256), code: 'WORKSHEET.TOO_LONG', says: /256 characters long; at most 255/ },
  { key: 'billerName', value: 'Town\u0007', code: 'WORKSHEET.CONTROL_CHARACTER', says: /U\+0007/ },
  { key: 'billerContact', value: 'Jane\u200bClerk', code: 'WORKSHEET.CONTROL_CHARACTER', says: /ZERO WIDTH SPACE/ },
  { key: 'billerId', value: '6F9619FF-8B86-D011-B42D', code: 'WORKSHEET.GUID_INVALID', says: /is not a GUID/ },
  { key: 'billerId', value: '6F9619FF8B86D011B42D00C04FC964FF', code: 'WORKSHEET.GUID_INVALID', says: /8-4-4-4-12/ },
  { key: 'billerId', value: `{${'A'.repeat(39)}}`, code: 'WORKSHEET.TOO_LONG', says: /at most 40/ },
  {
    key: 'invoiceFormatGuid',
    value: '3F2504E0-4F89-11D3-9A0C-0305E82C330G',
    code: 'WORKSHEET.GUID_INVALID',
    says: /"3F2504E0-4F89-11D3-9A0C-0305E82C330G" is not a GUID/,
  },
  {
    key: 'billerId',
    value: '6F9619FF-8B86-D011-B42D-00C04FC964F\u00a0',
    code: 'WORKSHEET.CONTROL_CHARACTER',
    says: /A0/,
  },
  { key: 'conversionDate', value: '2026-02-30', code: 'WORKSHEET.DATE_INVALID', says: /does not exist/ },
  { key: 'conversionDate', value: 'ASAP', code: 'WORKSHEET.DATE_INVALID', says: /"ASAP" is not a real date/ },
  { key: 'conversionDate', value: '12/1/26', code: 'WORKSHEET.DATE_INVALID', says: /four digits/ },
  { key: 'conversionDate', value: '13/1/2026', code: 'WORKSHEET.DATE_INVALID', says: /not a real date/ },
  { key: 'conversionDate', value: '6/7/2030', code: 'WORKSHEET.DATE_ORDER_AMBIGUOUS', says: /reads two ways/ },
  { key: 'rtdrUrl', value: 'http://rtdr.example.com', code: 'WORKSHEET.URL_NOT_HTTPS', says: /found http:\/\// },
  { key: 'paymentsUrl', value: 'ftp://pay.example.com', code: 'WORKSHEET.URL_NOT_HTTPS', says: /found ftp:\/\// },
  { key: 'rtdrUrl', value: 'rtdr.example.com/rtdr', code: 'WORKSHEET.URL_INVALID', says: /not an absolute URL/ },
  { key: 'rtdrUrl', value: 'https://rtdr.example.com/a b', code: 'WORKSHEET.URL_INVALID', says: /spaces/ },
  { key: 'rtdrUrl', value: 'https://u:p@rtdr.example.com/', code: 'WORKSHEET.URL_INVALID', says: /username or pass/ },
  { key: 'paymentsUrl', value: 'https://intranet/dp', code: 'WORKSHEET.URL_INVALID', says: /"intranet" is not a full/ },
  {
    key: 'rtdrUrl',
    value: `https://rtdr.example.com/${'x'.repeat(2049 - 25)}`,
    code: 'WORKSHEET.TOO_LONG',
    says: /2049 characters long; at most 2048/,
  },
  // The link's target is what reaches the CRM: it is held to the same rules as a typed URL.
  {
    key: 'rtdrUrl',
    value: { text: 'RTDR endpoint', link: 'http://rtdr.example.com/x' },
    code: 'WORKSHEET.URL_NOT_HTTPS',
    says: /found http/,
  },
  {
    key: 'rtdrUrl',
    value: { text: 'RTDR endpoint', link: 'https://rtdr.exa\u200bmple.com/x' },
    code: 'WORKSHEET.CONTROL_CHARACTER',
    says: /hyperlink.*U\+200B \(ZERO WIDTH SPACE\) at character 17/,
  },
  {
    key: 'paymentsUrl',
    value: { text: 'Payments endpoint', link: `https://pay.example.com/${'x'.repeat(3000)}` },
    code: 'WORKSHEET.TOO_LONG',
    says: /hyperlink.*at most 2048/,
  },
  { key: 'ftpUsername', value: 'town\u00a0example', code: 'WORKSHEET.CONTROL_CHARACTER', says: /NO-BREAK SPACE/ },
  { key: 'paymentsUsername', value: 'pay\nuser', code: 'WORKSHEET.LINE_BREAK', says: /one line/ },
  { key: 'rtdrUsername', value: '\u202euser', code: 'WORKSHEET.CONTROL_CHARACTER', says: /RIGHT-TO-LEFT OVERRIDE/ },
  { key: 'rtdrPrivateKey', value: `${SECRET}|x`, code: 'WORKSHEET.PIPE_IN_SECRET', says: /privateKey|password/ },
  { key: 'paymentsPassword', value: `${SECRET}\n2`, code: 'WORKSHEET.LINE_BREAK', says: /must be one line/ },
  {
    key: 'rtdrPassword',
    value: { text: SECRET, raw: ` ${SECRET}` },
    code: 'WORKSHEET.SECRET_WHITESPACE',
    says: /starts or ends with a space/,
  },
  { key: 'paymentsPrivateKey', value: 'Secret7', code: 'WORKSHEET.SECRET_TOO_SHORT', says: /7 characters.*at least 8/ },
  { key: 'rtdrPassword', value: `${SECRET}\u00ad`, code: 'WORKSHEET.CONTROL_CHARACTER', says: /SOFT HYPHEN/ },
  { key: 'rtdrPassword', value: 'k'.repeat(1025), code: 'WORKSHEET.TOO_LONG', says: /at most 1024/ },
  { key: 'paymentDataPumpSelections', value: 'A;'.repeat(2001), code: 'WORKSHEET.TOO_LONG', says: /at most 4000/ },
  { key: 'paymentDataPumpSelections', value: 'A;\u0000B', code: 'WORKSHEET.CONTROL_CHARACTER', says: /U\+0000/ },
];

describe('checkField: what each field accepts', () => {
  it.each(accepted)('$key accepts $value', ({ key, value, want }) => {
    const r = checkField(spec(key), input(value), OPTS);
    expect(r).toMatchObject({ value: want });
    expect('value' in r && (r.warnings ?? [])).toEqual([]);
  });

  it('a date typed as a bare number is the Excel day it means, with a warning', () => {
    expect(checkField(spec('conversionDate'), { text: '46357' }, OPTS)).toEqual({
      value: '2026-12-01',
      warnings: [expect.objectContaining({ code: 'WORKSHEET.DATE_AMBIGUOUS', severity: 'warning' })],
    });
  });

  it('a day-first field map reads 13/12/2026 the other way round', () => {
    expect(checkField(spec('conversionDate'), { text: '13/12/2026' }, { ...OPTS, dateOrder: 'DMY' })).toMatchObject({
      value: '2026-12-13',
    });
  });

  it('the list separators are the field map’s to say', () => {
    const r = checkField(spec('paymentDataPumpSelections'), { text: 'A, B; C' }, { ...OPTS, listSeparators: [','] });
    expect(r).toEqual({ value: ['A', 'B; C'] });
  });
});

describe('checkField: what each field refuses, and why', () => {
  it.each(refused)('$key refuses $code', ({ key, value, code, says }) => {
    const r = checkField(spec(key), input(value), OPTS);
    expect(r).toEqual({ problem: { code, message: expect.stringMatching(says) } });
  });

  it.each(refused.filter((c) => spec(c.key).type === 'secret'))('$key: $code never repeats the secret', (c) => {
    const r = checkField(spec(c.key), input(c.value), OPTS);
    expect(r).toHaveProperty('problem.message');
    expect('problem' in r && r.problem.message).not.toContain(input(c.value).text.slice(0, 7));
  });

  // The rule says what is wrong; validation puts the field's label on it, and the cell it came from.
  it.each(refused)('$key: $code is reported under the field’s label', ({ key, value, code }) => {
    const v = typeof value === 'string' ? value : { kind: 'text' as const, ...value };
    const { issues, biller } = validateBiller(validRaw({ [key]: v }), fieldMap);
    expect(issues).toContainEqual(expect.objectContaining({ code, field: spec(key).label, severity: 'error' }));
    expect(biller).toBeUndefined();
  });
});
