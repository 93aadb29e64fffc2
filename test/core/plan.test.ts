import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import * as C from '../../src/core/checklist.js';
import { plan } from '../../src/core/plan.js';
import { Secret } from '../../src/core/secret.js';
import { applyToSnapshot } from '../../src/core/simulate.js';
import { reveal } from '../../src/core/snapshot.js';
import { VALID_TEXT } from '../support/raw.js';
import { biller, convertedSnapshot, mipsSnapshot } from '../support/snapshots.js';

const summary = (cs: Change[]) => cs.map((c) => `${c.kind} ${String(c.key)}`);

describe('a MIPS/APPS biller', () => {
  const p = plan(biller(), mipsSnapshot());

  it('gets every section of the checklist, in order, inside one maintenance window', () => {
    expect(p.blocked).toBeUndefined();
    expect(summary(p.changes)).toEqual([
      'maintenance.begin active',
      'partner.update integration_partner',
      `bif.set ${C.BIF_INVOICE_FORMAT_KEY}`,
      `ftp.pdf.set ${VALID_TEXT.ftpUsername}`,
      `ftp.zip.set ${VALID_TEXT.ftpUsername}`,
      'datapump.select Paperless',
      'datapump.select PayPal',
      'datapump.select OBD',
      'advanced.remove 14',
      'advanced.remove 16',
      'advanced.remove 19',
      'advanced.remove 88',
      'advanced.remove 105',
      'advanced.set 8',
      'advanced.set 9',
      'advanced.set 10',
      'advanced.set 11',
      'advanced.set 12',
      'advanced.set 13',
      'maintenance.end active',
    ]);
  });

  it('records before, after, section and the worksheet cell of each change', () => {
    const set8 = p.changes.find((c) => c.kind === 'advanced.set' && c.key === 8);
    expect(set8).toMatchObject({
      section: C.SECTION.webServices,
      entity: 'advanced_setting',
      name: 'RTDR EndPoint/WebService URL',
      before: 'https://old.example.com/rtdr',
      after: VALID_TEXT.rtdrUrl,
      source: { cell: 'B6' },
    });
    const partner = p.changes.find((c) => c.kind === 'partner.update');
    expect(partner).toMatchObject({
      before: C.PARTNER_MIPS_APPS,
      after: C.PARTNER_SPECTRUM,
      section: C.SECTION.partner,
    });
  });

  it('joins 10 and 13 as privateKey|password, wrapped as secrets', () => {
    const s10 = p.changes.find((c) => c.key === 10 && c.kind === 'advanced.set');
    expect(s10?.after).toBeInstanceOf(Secret);
    expect(reveal(s10?.after as Secret)).toBe(`${VALID_TEXT.rtdrPrivateKey}|${VALID_TEXT.rtdrPassword}`);
    expect(JSON.stringify(p)).not.toContain(VALID_TEXT.rtdrPassword);
  });

  it('sets the FTP PDF and ZIP settings exactly as the checklist says', () => {
    expect(p.changes.find((c) => c.kind === 'ftp.pdf.set')?.after).toEqual({
      path: '\\ToInvoiceCloud\\PDFs',
      backup: true,
      moveAction: 'Move to Filename Pending',
      active: true,
    });
    expect(p.changes.find((c) => c.kind === 'ftp.zip.set')?.after).toEqual({
      path: '\\ToInvoiceCloud\\PDFs',
      backup: true,
      deleteZipFiles: true,
      active: true,
    });
  });

  it('always lists the two BIF follow-ups', () => {
    expect(p.followUps.map((f) => f.code)).toEqual([
      'FOLLOW_UP.AUTOPAY_COLLECTION_DATE',
      'FOLLOW_UP.EMAIL_NOTIFICATION',
    ]);
  });

  it('leaves every other setting, BIF and invoicing option alone', () => {
    const after = applyToSnapshot(mipsSnapshot(), p.changes);
    expect(after.advancedSettings[3]).toBe('unrelated');
    expect(after.bif['IMT Computer Services/EmailNotification']).toBe('true');
    expect(after.invoicingOptions).toEqual(mipsSnapshot().invoicingOptions);
  });
});

describe('only what differs is a change', () => {
  it.each([
    { name: 'already converted: empty plan, no maintenance window', snapshot: convertedSnapshot(), expected: [] },
    {
      name: 'partner already IMT Spectrum, settings 8-13 partly right',
      snapshot: {
        ...convertedSnapshot(),
        advancedSettings: { ...convertedSnapshot().advancedSettings, 9: 'wrong', 13: new Secret('a|b') },
      },
      expected: ['advanced.set 9', 'advanced.set 13'],
    },
    {
      name: 'obsolete settings partly present',
      snapshot: {
        ...convertedSnapshot(),
        advancedSettings: { ...convertedSnapshot().advancedSettings, 15: 'x', 20: 'y', 105: 'z' },
      },
      expected: ['advanced.remove 15', 'advanced.remove 20', 'advanced.remove 105'],
    },
    {
      name: 'only the partner still MIPS/APPS',
      snapshot: { ...convertedSnapshot(), profile: { name: 'x', integrationPartner: C.PARTNER_MIPS_APPS } },
      expected: ['partner.update integration_partner'],
    },
    {
      name: 'FTP PDF setting present but inactive; ZIP right',
      snapshot: { ...convertedSnapshot(), ftpPdf: { [VALID_TEXT.ftpUsername]: { ...C.PDF_SETTING, active: false } } },
      expected: [`ftp.pdf.set ${VALID_TEXT.ftpUsername}`],
    },
    {
      name: 'a non-payment DataPump left selected',
      snapshot: {
        ...convertedSnapshot(),
        dataPump: { ...convertedSnapshot().dataPump, nonPayment: { Paperless: false, Autopay: true, Other: true } },
      },
      expected: ['datapump.select Autopay', 'datapump.select Other'],
    },
    {
      name: 'BIF GUID differing only in case is the same',
      snapshot: {
        ...convertedSnapshot(),
        bif: { [C.BIF_INVOICE_FORMAT_KEY]: VALID_TEXT.invoiceFormatGuid.toLowerCase() },
      },
      expected: [],
    },
  ])('$name', ({ snapshot, expected }) => {
    const p = plan(biller(), snapshot);
    const inner = summary(p.changes).filter((s) => !s.startsWith('maintenance'));
    expect(inner).toEqual(expected);
    expect(p.changes.length).toBe(expected.length === 0 ? 0 : expected.length + 2);
  });

  it('a biller left in maintenance by an interrupted run: no second begin, but the window is closed', () => {
    const p = plan(biller(), { ...mipsSnapshot(), maintenance: true });
    expect(p.changes[0]?.kind).toBe('partner.update');
    expect(p.changes.at(-1)?.kind).toBe('maintenance.end');
  });

  it('converted but still in maintenance: no write, a follow-up for a person', () => {
    const p = plan(biller(), { ...convertedSnapshot(), maintenance: true });
    expect(p.changes).toEqual([]);
    expect(p.followUps.map((f) => f.code)).toContain('FOLLOW_UP.IN_MAINTENANCE');
  });
});

describe('payment DataPump selections', () => {
  it('are kept when the worksheet lists none', () => {
    const p = plan(biller({ paymentDataPumpSelections: '' }), mipsSnapshot());
    expect(summary(p.changes).filter((s) => s.startsWith('datapump'))).toEqual(['datapump.select Paperless']);
  });

  it('become exactly the worksheet list (matched case-insensitively)', () => {
    const p = plan(biller({ paymentDataPumpSelections: 'terminal: main office; obd' }), mipsSnapshot());
    expect(summary(p.changes).filter((s) => s.startsWith('datapump'))).toEqual(['datapump.select Paperless']);
    const p2 = plan(biller({ paymentDataPumpSelections: 'PayPal' }), mipsSnapshot());
    expect(p2.changes.filter((c) => c.entity === 'datapump_payment').map((c) => [c.key, c.after])).toEqual([
      ['Terminal: Main Office', false],
      ['PayPal', true],
      ['OBD', false],
    ]);
  });
});

describe('settings 9 and 10 without RTDR credentials', () => {
  it('clears what is there, and does not create empty settings', () => {
    const none = biller({ rtdrUsername: '', rtdrPrivateKey: '', rtdrPassword: '' });
    const p = plan(none, mipsSnapshot());
    expect(p.changes.filter((c) => c.key === 9 || c.key === 10).map((c) => [c.key, reveal(c.after as string)])).toEqual(
      [
        [9, ''],
        [10, ''],
      ],
    );
    const absent = mipsSnapshot();
    delete absent.advancedSettings[9];
    delete absent.advancedSettings[10];
    expect(plan(none, absent).changes.filter((c) => c.key === 9 || c.key === 10)).toEqual([]);
  });
});

describe('blocked, with a reason, and no change', () => {
  it.each([
    { name: 'unknown biller', snapshot: null, code: 'BLOCKED.UNKNOWN_BILLER' },
    {
      name: 'another partner',
      snapshot: mipsSnapshot({ profile: { name: 'x', integrationPartner: 'Acme Billing' } }),
      code: 'BLOCKED.NOT_MIPS_APPS',
    },
    {
      name: 'FTP user missing',
      snapshot: mipsSnapshot({ ftpUsers: ['someone-else'] }),
      code: 'BLOCKED.FTP_USER_MISSING',
    },
    {
      name: 'payment selection CRM does not have',
      snapshot: mipsSnapshot({ dataPump: { payment: { PayPal: true }, nonPayment: {} } }),
      code: 'BLOCKED.DATAPUMP_SELECTION_UNKNOWN',
    },
  ])('$name', ({ snapshot, code }) => {
    const p = plan(biller(), snapshot);
    expect(p.blocked?.code).toBe(code);
    expect(p.changes).toEqual([]);
  });

  it('no InvoiceFormatGUID anywhere', () => {
    expect(plan(biller({ invoiceFormatGuid: '' }), mipsSnapshot()).blocked?.code).toBe(
      'BLOCKED.NO_INVOICE_FORMAT_GUID',
    );
    expect(
      plan(biller({ invoiceFormatGuid: '' }), mipsSnapshot(), {
        defaultInvoiceFormatGuid: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE',
      }).changes.find((c) => c.kind === 'bif.set')?.after,
    ).toBe('AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE');
  });

  it('the FTP user matches case-insensitively and uses the CRM spelling', () => {
    const p = plan(biller({ ftpUsername: 'TOWNOFEXAMPLE' }), mipsSnapshot());
    expect(p.changes.find((c) => c.kind === 'ftp.pdf.set')?.key).toBe(VALID_TEXT.ftpUsername);
  });
});

it('applying a plan, then planning again, gives an empty plan', () => {
  const before = mipsSnapshot();
  const after = applyToSnapshot(before, plan(biller(), before).changes);
  expect(plan(biller(), after).changes).toEqual([]);
});
