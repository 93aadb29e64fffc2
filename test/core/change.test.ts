import { describe, expect, it } from 'vitest';
import { action, describe as describeChange, inverse, shownValues, type Change } from '../../src/core/change.js';
import { PDF_SETTING, SECTION, ZIP_SETTING } from '../../src/core/checklist.js';
import { Secret } from '../../src/core/secret.js';

const billerId = 'B-1';
const source = { file: 'a.xlsx', sheet: 'Worksheet', cell: 'C7' };
const mask = (s: string) => `<masked ${s.length}>`;

/** One change of each kind, with the text people are shown for it. */
const cases: Array<{ name: string; change: Change; action: string; text: string; before: string; after: string }> = [
  {
    name: 'maintenance begin',
    change: {
      billerId,
      section: SECTION.maintenance,
      kind: 'maintenance.begin',
      entity: 'maintenance',
      key: 'active',
      before: false,
      after: true,
    },
    action: 'update',
    text: 'begin maintenance window',
    before: 'false',
    after: 'true',
  },
  {
    name: 'maintenance end',
    change: {
      billerId,
      section: SECTION.maintenance,
      kind: 'maintenance.end',
      entity: 'maintenance',
      key: 'active',
      before: true,
      after: false,
    },
    action: 'update',
    text: 'end maintenance window',
    before: 'true',
    after: 'false',
  },
  {
    name: 'partner update',
    change: {
      billerId,
      section: SECTION.partner,
      kind: 'partner.update',
      entity: 'profile',
      key: 'integration_partner',
      before: 'IMT Computer Services',
      after: 'IMT Spectrum',
    },
    action: 'update',
    text: 'integration partner update',
    before: 'IMT Computer Services',
    after: 'IMT Spectrum',
  },
  {
    name: 'BIF added',
    change: {
      billerId,
      section: SECTION.bif,
      kind: 'bif.set',
      entity: 'bif',
      key: 'IMT Spectrum/InvoiceFormatGUID',
      before: null,
      after: 'g-1',
      source,
    },
    action: 'add',
    text: 'BIF IMT Spectrum/InvoiceFormatGUID add',
    before: '',
    after: 'g-1',
  },
  {
    name: 'FTP PDF setting added',
    change: {
      billerId,
      section: SECTION.ftp,
      kind: 'ftp.pdf.set',
      entity: 'ftp_pdf',
      key: 'user1',
      before: null,
      after: { ...PDF_SETTING },
    },
    action: 'add',
    text: 'FTP PDF setting for user1 add',
    before: '',
    after: Object.entries(PDF_SETTING)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('; '),
  },
  {
    name: 'FTP ZIP setting removed',
    change: {
      billerId,
      section: SECTION.ftp,
      kind: 'ftp.zip.set',
      entity: 'ftp_zip',
      key: 'user1',
      before: { ...ZIP_SETTING },
      after: null,
    },
    action: 'remove',
    text: 'FTP ZIP setting for user1 remove',
    before: Object.entries(ZIP_SETTING)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('; '),
    after: '',
  },
  {
    name: 'DataPump payment selected',
    change: {
      billerId,
      section: SECTION.dataPump,
      kind: 'datapump.select',
      entity: 'datapump_payment',
      key: 'PayPal',
      before: false,
      after: true,
    },
    action: 'update',
    text: 'DataPump payment "PayPal" selected',
    before: 'false',
    after: 'true',
  },
  {
    name: 'DataPump non-payment cleared',
    change: {
      billerId,
      section: SECTION.dataPump,
      kind: 'datapump.select',
      entity: 'datapump_nonpayment',
      key: 'Paperless',
      before: true,
      after: false,
    },
    action: 'update',
    text: 'DataPump non-payment "Paperless" cleared',
    before: 'true',
    after: 'false',
  },
  {
    name: 'advanced setting set, plain',
    change: {
      billerId,
      section: SECTION.webServices,
      kind: 'advanced.set',
      entity: 'advanced_setting',
      key: 8,
      name: 'RTDR URL',
      before: 'https://old.example.com',
      after: 'https://new.example.com',
      source,
    },
    action: 'update',
    text: 'Advanced Setting 8 (RTDR URL) update',
    before: 'https://old.example.com',
    after: 'https://new.example.com',
  },
  {
    name: 'advanced setting set, secret',
    change: {
      billerId,
      section: SECTION.webServices,
      kind: 'advanced.set',
      entity: 'advanced_setting',
      key: 10,
      name: 'RTDR key|password',
      before: new Secret('old-k|old-p'),
      after: new Secret('new-key|new-pass'),
    },
    action: 'update',
    text: 'Advanced Setting 10 (RTDR key|password) update',
    before: '<masked 11>',
    after: '<masked 16>',
  },
  {
    name: 'advanced setting removed',
    change: {
      billerId,
      section: SECTION.webServices,
      kind: 'advanced.remove',
      entity: 'advanced_setting',
      key: 88,
      name: 'Old URL',
      before: 'https://old2.example.com',
      after: null,
    },
    action: 'remove',
    text: 'Advanced Setting 88 (Old URL) remove',
    before: 'https://old2.example.com',
    after: '',
  },
];

describe('a change', () => {
  it.each(cases)('$name: inverse swaps before and after, keeps the rest', ({ change }) => {
    const undo = inverse(change);
    expect(undo.before).toBe(change.after);
    expect(undo.after).toBe(change.before);
    const { before: _b, after: _a, ...rest } = change;
    const { before: _ub, after: _ua, ...undoRest } = undo;
    expect(undoRest).toEqual(rest);
    expect(inverse(undo)).toEqual(change);
    expect(undo).not.toBe(change);
  });

  it.each(cases)('$name: action $action, and its inverse the opposite', ({ change, action: want }) => {
    expect(action(change)).toBe(want);
    const opposite = { add: 'remove', remove: 'add', update: 'update' }[want];
    expect(action(inverse(change))).toBe(opposite);
  });

  it.each(cases)('$name: described as "$text"', ({ change, text }) => {
    expect(describeChange(change)).toBe(text);
  });

  it.each(cases)('$name: shown as before "$before", after "$after"', ({ change, before, after }) => {
    expect(shownValues(change, mask)).toEqual({ before, after });
    expect(shownValues(inverse(change), mask)).toEqual({ before: after, after: before });
  });

  it('never shows a secret, even in its description', () => {
    const secret = cases.find((c) => c.name.endsWith('secret'))!.change;
    const shown = JSON.stringify([describeChange(secret), shownValues(secret, mask), inverse(secret)]);
    expect(shown).not.toContain('new-pass');
    expect(shown).not.toContain('old-p');
  });
});
