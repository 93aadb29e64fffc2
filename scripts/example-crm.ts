/**
 * The example CRM: one snapshot per example biller, in the state that makes the demo reach
 * every status. Written to examples/crm-export.csv by make-examples.ts.
 */
import type ExcelJS from 'exceljs';
import * as C from '../src/core/checklist.js';
import { Secret } from '../src/core/secret.js';
import type { BillerSnapshot } from '../src/core/snapshot.js';
import type { FieldValues } from '../test/support/workbooks.js';
import * as ex from './example-billers.js';

const text = (v: ExcelJS.CellValue | undefined): string => (typeof v === 'string' ? v : '');
const id = (b: FieldValues) => text(b.billerId);

/** A MIPS/APPS biller before conversion: old endpoints, obsolete settings, paperless and autopay pumps on. */
function mipsBiller(
  b: FieldValues,
  n: number,
  opts: { ftpUser?: boolean; payment?: Record<string, boolean> } = {},
): BillerSnapshot {
  const slug = text(b.ftpUsername);
  const settings: BillerSnapshot['advancedSettings'] = {
    8: `https://mips.example-imt.com/${slug}/rtdr.asmx`,
    9: `${slug}-mips`,
    10: new Secret(`oldKey${n}|oldPw${n}`),
    11: `https://mips.example-imt.com/${slug}/datapump.asmx`,
    12: `${slug}-dp`,
    13: new Secret(`oldDpKey${n}|oldDpPw${n}`),
    14: `https://mips.example-imt.com/${slug}/paperless.asmx`,
    15: `${slug}-pl`,
    16: new Secret(`oldPlPw${n}`),
    17: `https://mips.example-imt.com/${slug}/autopay.asmx`,
    18: `${slug}-ap`,
    19: new Secret(`oldApPw${n}`),
    20: `https://mips.example-imt.com/${slug}/pdf.asmx`,
    21: `${slug}-pdf`,
    22: new Secret(`oldPdfPw${n}`),
    88: `https://mips2.example-imt.com/${slug}/rtdr.asmx`,
    105: 'true',
    3: 'Keep me: an unrelated setting the conversion must not touch',
  };
  if (n % 2 === 0) {
    delete settings[20];
    delete settings[21];
    delete settings[22];
    delete settings[88];
  } // partly present
  return {
    billerId: id(b),
    profile: { name: text(b.billerName), integrationPartner: C.PARTNER_MIPS_APPS },
    invoicingOptions: {
      'Email invoices': true,
      'Paper invoices': true,
      'Show invoice history': true,
      'Allow partial payments': false,
    },
    bif: { 'IMT Computer Services/AutopayCollectionDate': '5', 'IMT Computer Services/EmailNotification': 'true' },
    ftpUsers: opts.ftpUser === false ? [] : [slug],
    ftpPdf: {},
    ftpZip: {},
    dataPump: {
      payment: opts.payment ?? { 'Terminal: Main Office': true, PayPal: false, OBD: false },
      nonPayment: { Paperless: true, Autopay: true, 'eBill Enrollment': false },
    },
    advancedSettings: settings,
    maintenance: false,
  };
}

/** City of Southport: already converted by hand, exactly as its worksheet says. */
function southport(): BillerSnapshot {
  const b = ex.SOUTHPORT;
  return {
    billerId: id(b),
    profile: { name: text(b.billerName), integrationPartner: C.PARTNER_SPECTRUM },
    invoicingOptions: { 'Email invoices': true, 'Paper invoices': false },
    bif: { [C.BIF_INVOICE_FORMAT_KEY]: text(b.invoiceFormatGuid) },
    ftpUsers: [text(b.ftpUsername)],
    ftpPdf: { [text(b.ftpUsername)]: { ...C.PDF_SETTING } },
    ftpZip: { [text(b.ftpUsername)]: { ...C.ZIP_SETTING } },
    dataPump: { payment: { 'Terminal: City Hall': true }, nonPayment: { Paperless: false, Autopay: false } },
    advancedSettings: {
      8: text(b.rtdrUrl),
      9: text(b.rtdrUsername),
      10: new Secret(`${text(b.rtdrPrivateKey)}|${text(b.rtdrPassword)}`),
      11: text(b.paymentsUrl),
      12: text(b.paymentsUsername),
      13: new Secret(`${text(b.paymentsPrivateKey)}|${text(b.paymentsPassword)}`),
    },
    maintenance: false,
  };
}

export function exampleCrm(): BillerSnapshot[] {
  return [
    mipsBiller(ex.TOWN_OF_EXAMPLE, 1),
    mipsBiller(ex.NORTHFIELD, 2, {
      payment: { 'Terminal: Village Hall': false, PayPal: true, 'Terminal: Old Kiosk': true },
    }),
    southport(),
    mipsBiller(ex.LAKESIDE, 4),
    {
      ...mipsBiller(ex.HILLCREST, 5),
      profile: { name: text(ex.HILLCREST.billerName), integrationPartner: 'Acme Billing Systems' },
    },
    mipsBiller(ex.RIVERBEND, 6, { ftpUser: false }),
    mipsBiller(ex.PINE_VALLEY, 7),
    mipsBiller(ex.MAPLE_GROVE, 8, { payment: { 'Terminal: Main Office': true, OBD: false, PayPal: true } }),
    mipsBiller(ex.CEDAR_FALLS, 9),
  ];
}
