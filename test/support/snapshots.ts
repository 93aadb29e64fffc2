/** Billers and CRM snapshots for engine tests. */
import type { Biller } from '../../src/core/biller.js';
import * as C from '../../src/core/checklist.js';
import type { FieldKey } from '../../src/core/field-map.js';
import type { NormCell } from '../../src/core/grid.js';
import { Secret } from '../../src/core/secret.js';
import type { BillerSnapshot } from '../../src/core/snapshot.js';
import { validateBiller } from '../../src/core/validate.js';
import { fieldMap, validRaw, VALID_TEXT } from './raw.js';

export function biller(overrides: Partial<Record<FieldKey, string | NormCell | undefined>> = {}): Biller {
  const v = validateBiller(validRaw(overrides), fieldMap);
  if (!v.biller) throw new Error(`test biller invalid: ${JSON.stringify(v.issues)}`);
  return v.biller;
}

/** A MIPS/APPS biller's CRM before conversion, for the default test biller. */
export function mipsSnapshot(patch: Partial<BillerSnapshot> = {}): BillerSnapshot {
  return {
    billerId: VALID_TEXT.billerId,
    profile: { name: VALID_TEXT.billerName, integrationPartner: C.PARTNER_MIPS_APPS },
    invoicingOptions: { 'Email invoices': true, 'Paper invoices': false },
    bif: { 'IMT Computer Services/EmailNotification': 'true' },
    ftpUsers: [VALID_TEXT.ftpUsername, 'other-user'],
    ftpPdf: {},
    ftpZip: {},
    dataPump: {
      payment: { 'Terminal: Main Office': true, PayPal: false, OBD: true },
      nonPayment: { Paperless: true, Autopay: false },
    },
    advancedSettings: {
      3: 'unrelated',
      8: 'https://old.example.com/rtdr',
      9: 'old-user',
      10: new Secret('oldK|oldP'),
      11: 'https://old.example.com/dp',
      12: 'old-dp',
      13: new Secret('oldK2|oldP2'),
      14: 'https://old.example.com/pl',
      16: new Secret('plpw'),
      19: new Secret('appw'),
      88: 'https://old2.example.com',
      105: 'true',
    },
    maintenance: false,
    ...patch,
  };
}

/** The same biller once converted, exactly as its worksheet says. */
export function convertedSnapshot(): BillerSnapshot {
  const user = VALID_TEXT.ftpUsername;
  return mipsSnapshot({
    profile: { name: VALID_TEXT.billerName, integrationPartner: C.PARTNER_SPECTRUM },
    bif: {
      'IMT Computer Services/EmailNotification': 'true',
      [C.BIF_INVOICE_FORMAT_KEY]: VALID_TEXT.invoiceFormatGuid,
    },
    ftpPdf: { [user]: { ...C.PDF_SETTING } },
    ftpZip: { [user]: { ...C.ZIP_SETTING } },
    dataPump: {
      payment: { 'Terminal: Main Office': true, PayPal: true, OBD: false },
      nonPayment: { Paperless: false, Autopay: false },
    },
    advancedSettings: {
      3: 'unrelated',
      8: VALID_TEXT.rtdrUrl,
      9: VALID_TEXT.rtdrUsername,
      10: new Secret(`${VALID_TEXT.rtdrPrivateKey}|${VALID_TEXT.rtdrPassword}`),
      11: VALID_TEXT.paymentsUrl,
      12: VALID_TEXT.paymentsUsername,
      13: new Secret(`${VALID_TEXT.paymentsPrivateKey}|${VALID_TEXT.paymentsPassword}`),
    },
  });
}

/** A MIPS/APPS CRM snapshot for any biller of the workbook builders (sampleBiller). */
export function mipsSnapshotFor(b: {
  billerId?: unknown;
  billerName?: unknown;
  ftpUsername?: unknown;
}): BillerSnapshot {
  const s = mipsSnapshot();
  return {
    ...s,
    billerId: String(b.billerId),
    profile: { ...s.profile, name: String(b.billerName) },
    ftpUsers: [String(b.ftpUsername)],
    dataPump: { payment: { 'Terminal: Main Office': true, PayPal: false }, nonPayment: { Paperless: true } },
  };
}
