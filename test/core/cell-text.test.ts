/**
 * Every cell kind in every field type: what reaches the record (the text the author sees in Excel)
 * or the exact refusal. The reader says what the file held; these rules decide what it means.
 */
import { describe, expect, it } from 'vitest';
import type { Biller } from '../../src/core/biller.js';
import { significantDigits } from '../../src/core/cell-text.js';
import type { FieldKey } from '../../src/core/field-map.js';
import type { NormCell } from '../../src/core/grid.js';
import { validateBiller } from '../../src/core/validate.js';
import { fieldMap, validRaw } from '../support/raw.js';

const text = (t: string): NormCell => ({ kind: 'text', text: t });
/** The 1900-system serial of a date (and time) as Excel stores it. */
const serial = (iso: string) => Date.parse(`${iso}${iso.length === 10 ? 'T00:00:00' : ''}Z`) / 86_400_000 + 25569;
const num = (n: number, format?: string): NormCell => ({
  kind: 'number',
  text: String(n),
  number: n,
  ...(format ? { format } : {}),
});
const date = (iso: string, serial: number, format?: string): NormCell => ({
  kind: 'date',
  text: iso,
  number: serial,
  ...(format ? { format } : {}),
});
const bool = (b: boolean): NormCell => ({ kind: 'boolean', text: b ? 'TRUE' : 'FALSE' });
const error = (e: string): NormCell => ({ kind: 'error', text: '', error: e });
const formula = (result: NormCell | undefined, recalc = false): NormCell => ({
  ...(result ?? { text: '' }),
  kind: 'formula',
  result: result ? (result.kind as 'text') : 'none',
  ...(recalc ? { recalc: true } : {}),
});

function valueOf(b: Biller, key: FieldKey): unknown {
  switch (key) {
    case 'rtdrUrl':
      return b.rtdr.url;
    case 'rtdrUsername':
      return b.rtdr.username;
    case 'rtdrPrivateKey':
      return b.rtdr.privateKey.reveal();
    case 'rtdrPassword':
      return b.rtdr.password.reveal();
    case 'paymentsUrl':
      return b.payments.url;
    case 'paymentsUsername':
      return b.payments.username;
    case 'paymentsPrivateKey':
      return b.payments.privateKey.reveal();
    case 'paymentsPassword':
      return b.payments.password.reveal();
    default:
      return (b as unknown as Record<string, unknown>)[key];
  }
}

type Expect = { value: unknown; warning?: string } | { code: string; severity?: 'error' | 'warning' };
type Row = [FieldKey, string, NormCell, Expect];

const SECRET_NOT_TEXT = { code: 'WORKSHEET.SECRET_NOT_TEXT' };
const FORMULA_NOT_ALLOWED = { code: 'WORKSHEET.FORMULA_NOT_ALLOWED' };
const NUMBER_PRECISION = { code: 'WORKSHEET.NUMBER_PRECISION' };
const DATE_IN_TEXT = { code: 'WORKSHEET.DATE_IN_TEXT_FIELD' };

const rows: Row[] = [
  // text field (Biller Name): a number or a date shows as Excel shows it
  ['billerName', 'text', text('Town'), { value: 'Town' }],
  ['billerName', 'number, General', num(1234), { value: '1234' }],
  ['billerName', 'number, 00000000', num(123456, '00000000'), { value: '00123456' }],
  ['billerName', 'number, #,##0', num(1234567, '#,##0'), { value: '1,234,567' }],
  ['billerName', 'number, 16 digits', num(1234567890123456), NUMBER_PRECISION],
  ['billerName', 'date, d-mmm-yyyy', date('2026-12-01', serial('2026-12-01'), 'd-mmm-yyyy'), { value: '1-Dec-2026' }],
  ['billerName', 'boolean', bool(true), { value: 'TRUE' }],
  ['billerName', 'formula, text result', formula(text('Town')), { value: 'Town', warning: 'WORKSHEET.FORMULA_RESULT' }],
  [
    'billerName',
    'formula, number result under 00000',
    formula(num(42, '00000')),
    { value: '00042', warning: 'WORKSHEET.FORMULA_RESULT' },
  ],
  ['billerName', 'formula, no result', formula(undefined), { code: 'WORKSHEET.FORMULA_NO_RESULT' }],
  [
    'billerName',
    'formula, workbook recalculates on load',
    formula(text('Town'), true),
    { code: 'WORKSHEET.FORMULA_UNTRUSTED' },
  ],
  ['billerName', 'formula, error result', formula(error('#REF!')), { code: 'WORKSHEET.CELL_ERROR' }],
  ['billerName', 'error', error('#N/A'), { code: 'WORKSHEET.CELL_ERROR' }],

  // username (FTP Username, Payments Username): typed text only, numbers as shown
  ['ftpUsername', 'text', text('town01'), { value: 'town01' }],
  ['ftpUsername', 'number, 00000', num(123, '00000'), { value: '00123' }],
  ['ftpUsername', 'number, 000-00-0000', num(123456789, '000-00-0000'), { value: '123-45-6789' }],
  ['ftpUsername', 'number, 16 digits', num(2 ** 60), NUMBER_PRECISION],
  ['ftpUsername', 'number, 0.1 + 0.2 (17 digits)', num(0.1 + 0.2), NUMBER_PRECISION],
  ['ftpUsername', 'date', date('2026-01-02', serial('2026-01-02')), DATE_IN_TEXT],
  ['ftpUsername', 'boolean', bool(false), { code: 'WORKSHEET.BOOLEAN_IN_TEXT_FIELD' }],
  ['ftpUsername', 'formula, text result', formula(text('town')), FORMULA_NOT_ALLOWED],
  ['ftpUsername', 'formula, no result', formula(undefined), FORMULA_NOT_ALLOWED],
  ['ftpUsername', 'error', error('#N/A'), { code: 'WORKSHEET.CELL_ERROR' }],
  ['paymentsUsername', 'number, General', num(4455), { value: '4455' }],
  ['paymentsUsername', 'formula, number result', formula(num(4455)), FORMULA_NOT_ALLOWED],
  ['rtdrUsername', 'date', date('2026-03-04', serial('2026-03-04'), 'm/d/yyyy'), DATE_IN_TEXT],

  // GUID
  ['billerId', 'text', text('6f9619ff-8b86-d011-b42d-00c04fc964ff'), { value: '6F9619FF-8B86-D011-B42D-00C04FC964FF' }],
  ['billerId', 'number', num(12345), { code: 'WORKSHEET.GUID_INVALID' }],
  ['billerId', 'date', date('2026-12-01', serial('2026-12-01')), DATE_IN_TEXT],
  ['billerId', 'boolean', bool(true), { code: 'WORKSHEET.BOOLEAN_IN_TEXT_FIELD' }],
  ['billerId', 'formula', formula(text('6F9619FF-8B86-D011-B42D-00C04FC964FF')), FORMULA_NOT_ALLOWED],
  ['invoiceFormatGuid', 'formula, no result', formula(undefined), FORMULA_NOT_ALLOWED],
  ['invoiceFormatGuid', 'error', error('#N/A'), { code: 'WORKSHEET.CELL_ERROR' }],

  // URL
  ['rtdrUrl', 'text', text('https://rtdr.example.com/x'), { value: 'https://rtdr.example.com/x' }],
  [
    'rtdrUrl',
    'hyperlink text',
    { kind: 'text', text: 'RTDR', link: 'https://rtdr.example.com/y' },
    { value: 'https://rtdr.example.com/y' },
  ],
  ['rtdrUrl', 'number', num(8080), { code: 'WORKSHEET.URL_INVALID' }],
  ['rtdrUrl', 'date', date('2026-12-01', serial('2026-12-01')), DATE_IN_TEXT],
  ['paymentsUrl', 'formula (HYPERLINK or CONCAT)', formula(text('https://pay.example.com/dp')), FORMULA_NOT_ALLOWED],

  // secret: typed text only; a number, a date or TRUE is what Excel made of what was typed
  ['paymentsPassword', 'text', text('00012345'), { value: '00012345' }],
  ['paymentsPassword', 'number, General', num(123), SECRET_NOT_TEXT],
  ['paymentsPassword', 'number, 00000 (shows 00123)', num(123, '00000'), SECRET_NOT_TEXT],
  ['paymentsPrivateKey', 'date (typed 1-2)', date('2026-01-02', serial('2026-01-02'), 'd-mmm'), SECRET_NOT_TEXT],
  ['rtdrPassword', 'boolean', bool(true), SECRET_NOT_TEXT],
  ['paymentsPassword', 'formula, text result', formula(text('pw')), FORMULA_NOT_ALLOWED],
  ['paymentsPassword', 'formula, empty <v></v>', formula(undefined), FORMULA_NOT_ALLOWED],
  ['paymentsPrivateKey', 'formula, recalc 0', formula(num(0), true), FORMULA_NOT_ALLOWED],
  ['paymentsPassword', 'error', error('#N/A'), { code: 'WORKSHEET.CELL_ERROR' }],

  // date (Conversion Date): date cells kept; a typed date that reads two ways refused
  ['conversionDate', 'date cell', date('2030-06-07', serial('2030-06-07'), 'mm/dd/yyyy'), { value: '2030-06-07' }],
  [
    'conversionDate',
    'date cell with a time',
    date('2030-06-07T13:30:00', serial('2030-06-07T13:30:00')),
    { value: '2030-06-07' },
  ],
  ['conversionDate', 'text YYYY-MM-DD', text('2030-06-07'), { value: '2030-06-07' }],
  ['conversionDate', 'text 06/07/2030 (two readings)', text('06/07/2030'), { code: 'WORKSHEET.DATE_ORDER_AMBIGUOUS' }],
  ['conversionDate', 'text 1.2.2030 (two readings)', text('1.2.2030'), { code: 'WORKSHEET.DATE_ORDER_AMBIGUOUS' }],
  ['conversionDate', 'text 06/06/2030 (one reading)', text('06/06/2030'), { value: '2030-06-06' }],
  ['conversionDate', 'text 12/25/2030 (one reading)', text('12/25/2030'), { value: '2030-12-25' }],
  ['conversionDate', 'text 1 Dec 2030', text('1 Dec 2030'), { value: '2030-12-01' }],
  [
    'conversionDate',
    'number (a serial)',
    num(serial('2030-06-07')),
    { value: '2030-06-07', warning: 'WORKSHEET.DATE_AMBIGUOUS' },
  ],
  ['conversionDate', 'boolean', bool(true), { code: 'WORKSHEET.DATE_INVALID' }],
  [
    'conversionDate',
    'formula, date result',
    formula(date('2030-06-07', serial('2030-06-07'))),
    { value: '2030-06-07', warning: 'WORKSHEET.FORMULA_RESULT' },
  ],
  ['conversionDate', 'formula, no result', formula(undefined), { code: 'WORKSHEET.FORMULA_NO_RESULT' }],
  [
    'conversionDate',
    'formula, recalc',
    formula(date('2030-06-07', serial('2030-06-07')), true),
    { code: 'WORKSHEET.FORMULA_UNTRUSTED' },
  ],
  ['conversionDate', 'error', error('#VALUE!'), { code: 'WORKSHEET.CELL_ERROR' }],

  // list
  ['paymentDataPumpSelections', 'text', text('PayPal; Main'), { value: ['PayPal', 'Main'] }],
  ['paymentDataPumpSelections', 'number', num(7), { value: ['7'] }],
  [
    'paymentDataPumpSelections',
    'formula, text result',
    formula(text('PayPal')),
    { value: ['PayPal'], warning: 'WORKSHEET.FORMULA_RESULT' },
  ],
  ['paymentDataPumpSelections', 'formula, no result', formula(undefined), { code: 'WORKSHEET.FORMULA_NO_RESULT' }],

  // informational (Biller Contact feeds nothing): what is wrong with it is a warning
  ['billerContact', 'error', error('#N/A'), { code: 'WORKSHEET.CELL_ERROR', severity: 'warning' }],
  [
    'billerContact',
    'formula, no result',
    formula(undefined),
    { code: 'WORKSHEET.FORMULA_NO_RESULT', severity: 'warning' },
  ],
  [
    'billerContact',
    'formula, recalc',
    formula(text('x'), true),
    { code: 'WORKSHEET.FORMULA_UNTRUSTED', severity: 'warning' },
  ],
  ['billerContact', 'number, 000-0000', num(5551234, '000-0000'), { value: '555-1234' }],
];

describe('each cell kind in each field type', () => {
  it.each(rows)('%s ← %s', (key, _name, cell, expected) => {
    const v = validateBiller(validRaw({ [key]: cell }), fieldMap);
    const origin = v.biller?.source.cells[key] ?? {
      cell: `B${fieldMap.map.fields.findIndex((f) => f.key === key) + 3}`,
    };
    if ('value' in expected) {
      expect(v.biller, JSON.stringify(v.issues)).toBeDefined();
      expect(valueOf(v.biller as Biller, key)).toEqual(expected.value);
      expect(v.issues.map((i) => i.code)).toEqual(expected.warning ? [expected.warning] : []);
      return;
    }
    const issue = v.issues.find((i) => i.code === expected.code);
    const label = fieldMap.byKey.get(key)?.label;
    expect(issue, JSON.stringify(v.issues)).toMatchObject({
      severity: expected.severity ?? 'error',
      file: 'w.xlsx',
      sheet: 'Biller',
      cell: origin.cell,
      field: label,
    });
    if ((expected.severity ?? 'error') === 'error') expect(v.biller).toBeUndefined();
    else expect(v.biller).toBeDefined();
  });

  it.each(rows.filter(([key]) => fieldMap.byKey.get(key)?.type === 'secret'))(
    '%s ← %s: no message holds the value',
    (key, _n, cell) => {
      const v = validateBiller(validRaw({ [key]: cell }), fieldMap);
      const shown = JSON.stringify(v.issues);
      if (cell.text.length > 1) expect(shown).not.toContain(cell.text); // TRUE, 00123, 2026-01-02 as well
      if (cell.number !== undefined) expect(shown).not.toContain(String(cell.number));
    },
  );
});

describe('characters a person cannot see', () => {
  const invisible: Array<[string, string, string]> = [
    ['soft hyphen', 'Kx7q\u00adWv9z', 'U+00AD (SOFT HYPHEN) at character 5'],
    ['zero-width space', 'Kx7q\u200bWv9z', 'U+200B (ZERO WIDTH SPACE) at character 5'],
    ['right-to-left override', '\u202eKx7qWv9z', 'U+202E (RIGHT-TO-LEFT OVERRIDE) at character 1'],
    ['variation selector', 'Kx7q\ufe0fWv9z', 'U+FE0F (VARIATION SELECTOR) at character 5'],
    ['variation selector supplement', 'Kx\u{e0100}Wv9z', 'U+E0100 (VARIATION SELECTOR) at character 3'],
    ['Hangul filler', 'Kx7q\u3164', 'U+3164 (HANGUL FILLER) at character 5'],
    ['no-break space inside', 'Kx7q\u00a0Wv9z', 'U+00A0 (NO-BREAK SPACE) at character 5'],
    ['word joiner', 'Kx7q\u2060Wv9z', 'U+2060 (WORD JOINER) at character 5'],
    ['tab', 'Kx7q\tWv9z', 'U+0009 (TAB) at character 5'],
    ['BOM', 'Kx7q\ufeffWv9z', 'U+FEFF (ZERO WIDTH NO-BREAK SPACE (BOM)) at character 5'],
  ];
  const exactFields: FieldKey[] = [
    'paymentsPassword',
    'rtdrPrivateKey',
    'paymentsUsername',
    'ftpUsername',
    'rtdrUrl',
    'billerId',
  ];

  it.each(
    exactFields.flatMap((key) => invisible.map(([name, value, described]) => [key, name, value, described] as const)),
  )('%s with a %s: refused, naming code point and position, never the value', (key, _name, value, described) => {
    const cellText =
      key === 'rtdrUrl'
        ? `https://rtdr.example.com/${value}`
        : key === 'billerId'
          ? `6F9619FF-8B86-D011-B42D-00C04FC964FF${value}`
          : value;
    const v = validateBiller(validRaw({ [key]: text(cellText) }), fieldMap);
    const issue = v.issues.find((i) => i.code === 'WORKSHEET.CONTROL_CHARACTER');
    expect(issue, JSON.stringify(v.issues)).toMatchObject({ severity: 'error', field: fieldMap.byKey.get(key)?.label });
    if (key !== 'rtdrUrl' && key !== 'billerId') expect(issue?.message).toContain(described);
    expect(issue?.message).toMatch(/U\+[0-9A-F]{4,5} \(/);
    for (const part of ['Kx7q', 'Wv9z']) expect(JSON.stringify(v.issues)).not.toContain(part);
    expect(v.biller).toBeUndefined();
  });

  it('a biller name may hold a soft hyphen or a no-break space (it reaches no integration)', () => {
    const v = validateBiller(validRaw({ billerName: text('Town\u00a0of Ex\u00adample') }), fieldMap);
    expect(v.issues).toEqual([]);
  });

  it('a control character is refused in every field, named by code point', () => {
    const v = validateBiller(validRaw({ billerName: text('Town\u0007') }), fieldMap);
    expect(v.issues[0]?.message).toContain('U+0007 (a control character) at character 5');
  });
});

describe('significantDigits', () => {
  it.each([
    [0, 1],
    [123, 3],
    [1200, 2],
    [0.1 + 0.2, 17],
    [123456789012345, 15],
    [1234567890123456, 16],
    [1e21, 1],
  ])('%d → %d', (n, d) => {
    expect(significantDigits(n)).toBe(d);
  });
});
