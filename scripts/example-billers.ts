/**
 * The example billers, in one place: the sample worksheets (examples/worksheets/) and the
 * example CRM export are both generated from this list, so they always match. Secrets here
 * are made up.
 */
import type { FieldValues } from '../test/support/workbooks.js';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

export const TOWN_OF_EXAMPLE: FieldValues = {
  billerName: 'Town of Example',
  billerId: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
  conversionDate: d('2026-11-20'),
  rtdrUrl: 'https://rtdr.spectrum.example-imt.com/townofexample/rtdr',
  rtdrUsername: 'toe-rtdr',
  rtdrPrivateKey: '9w!tbbKa!xxx',
  rtdrPassword: '99A9999F-DCBC-9F9A-B999-999AD99999F9',
  paymentsUrl: 'https://dp.spectrum.example-imt.com/townofexample/payments',
  paymentsUsername: 'toe-payments',
  paymentsPrivateKey: 'Zq8!mPk2!abc',
  paymentsPassword: '11B1111A-ABCD-1E1E-A111-111AB11111A1',
  ftpUsername: 'townofexample',
  invoiceFormatGuid: '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
  billerContact: 'Pat Clerk, clerk@townofexample.example.org',
};

export const NORTHFIELD: FieldValues = {
  billerName: 'Village of Northfield',
  billerId: 'A2C4E6F8-1B3D-4F5A-8C7E-9D0B1A2C3E4F',
  conversionDate: '11/15/2026',
  rtdrUrl: { text: 'Northfield RTDR endpoint', hyperlink: 'https://rtdr.spectrum.example-imt.com/northfield/rtdr' },
  rtdrUsername: '',
  rtdrPrivateKey: '',
  rtdrPassword: '',
  paymentsUrl: 'https://dp.spectrum.example-imt.com/northfield/payments',
  paymentsUsername: 'nf-payments',
  paymentsPrivateKey: 'Nf!key!7731',
  paymentsPassword: '22C2222B-BCDE-2F2F-B222-222BC22222B2',
  ftpUsername: 'northfield',
  paymentDataPumpSelections: 'Terminal: Village Hall\nPayPal',
  billerContact: { text: 'treasurer@northfield.example.org', hyperlink: 'mailto:treasurer@northfield.example.org' },
};

/** Already on Spectrum in the example CRM: the run reports it already converted. */
export const SOUTHPORT: FieldValues = {
  billerName: 'City of Southport',
  billerId: 'B3D5F7A9-2C4E-4A6B-9D8F-0E1C2B3D4F5A',
  rtdrUrl: 'https://rtdr.spectrum.example-imt.com/southport/rtdr',
  rtdrUsername: 'sp-rtdr',
  rtdrPrivateKey: 'Sp!key!0042',
  rtdrPassword: '33D3333C-CDEF-3A3A-C333-333CD33333C3',
  paymentsUrl: 'https://dp.spectrum.example-imt.com/southport/payments',
  paymentsUsername: 'sp-payments',
  paymentsPrivateKey: 'Sp!pay!0042',
  paymentsPassword: '44E4444D-DEFA-4B4B-D444-444DE44444D4',
  ftpUsername: 'southport',
  invoiceFormatGuid: '5A6B7C8D-9E0F-4A1B-8C2D-3E4F5A6B7C8D',
};

export const LAKESIDE: FieldValues = {
  billerName: 'Lakeside Water District',
  billerId: 'C4E6A8B0-3D5F-4B7C-8E9A-1F2D3C4E5A6B',
  conversionDate: d('2026-11-01'),
  rtdrUrl: 'https://rtdr.spectrum.example-imt.com/lakeside/rtdr',
  rtdrUsername: 'lk-rtdr',
  rtdrPrivateKey: 'Lk!key!5150',
  rtdrPassword: '55F5555E-EFAB-4C5C-8555-555EF55555E5',
  paymentsUrl: 'https://dp.spectrum.example-imt.com/lakeside/payments',
  paymentsUsername: 'lk-payments',
  paymentsPrivateKey: 'Lk!pay!5150',
  paymentsPassword: '66A6666F-FABC-4D6D-9666-666FA66666F6',
  ftpUsername: 'lakesidewater',
  invoiceFormatGuid: '6B7C8D9E-0F1A-4B2C-9D3E-4F5A6B7C8D9E',
};

/** Its CRM partner is another vendor: not a MIPS/APPS biller, so it is blocked. */
export const HILLCREST: FieldValues = {
  ...LAKESIDE,
  billerName: 'Hillcrest Utilities',
  billerId: 'D5F7B9C1-4E6A-4C8D-9FAB-2A3E4D5F6A7C',
  rtdrUrl: 'https://rtdr.spectrum.example-imt.com/hillcrest/rtdr',
  paymentsUrl: 'https://dp.spectrum.example-imt.com/hillcrest/payments',
  ftpUsername: 'hillcrest',
};

/** Its FTP user does not exist in CRM yet: blocked until someone creates it. */
export const RIVERBEND: FieldValues = {
  ...LAKESIDE,
  billerName: 'Riverbend Township',
  billerId: 'E6A8C0D2-5F7B-4D9E-AB0C-3B4F5E6A7B8D',
  rtdrUrl: 'https://rtdr.spectrum.example-imt.com/riverbend/rtdr',
  paymentsUrl: 'https://dp.spectrum.example-imt.com/riverbend/payments',
  ftpUsername: 'riverbend',
};

/** Converts on a later night: scheduled. */
export const PINE_VALLEY: FieldValues = {
  ...LAKESIDE,
  billerName: 'Pine Valley Sewer Authority',
  billerId: 'F7B9D1E3-6A8C-4EAF-BC1D-4C5A6F7B8C9E',
  conversionDate: d('2030-06-01'),
  rtdrUrl: 'https://rtdr.spectrum.example-imt.com/pinevalley/rtdr',
  paymentsUrl: 'https://dp.spectrum.example-imt.com/pinevalley/payments',
  ftpUsername: 'pinevalley',
};

export const MAPLE_GROVE: FieldValues = {
  ...LAKESIDE,
  billerName: 'Maple Grove Electric',
  billerId: '0A1B2C3D-4E5F-4A6B-8C7D-8E9FA0B1C2D3',
  conversionDate: d('2026-10-15'),
  rtdrUrl: 'https://rtdr.spectrum.example-imt.com/maplegrove/rtdr',
  paymentsUrl: 'https://dp.spectrum.example-imt.com/maplegrove/payments',
  paymentsPrivateKey: 'Mg!pay!8080',
  ftpUsername: 'maplegrove',
  paymentDataPumpSelections: 'Terminal: Main Office; OBD',
};

/** A worksheet with deliberate mistakes: the run reports it invalid and touches nothing. */
export const CEDAR_FALLS: FieldValues = {
  billerName: 'Cedar Falls Public Works',
  billerId: '1B2C3D4E-5F6A-4B7C-9D8E-9FA0B1C2D3E4',
  conversionDate: '2026-02-30',
  rtdrUrl: 'http://rtdr.old-mips.example-imt.com/cedarfalls',
  rtdrUsername: 'cf-rtdr',
  rtdrPrivateKey: 'Cf!key!1234',
  rtdrPassword: '',
  paymentsUrl: 'https://dp.spectrum.example-imt.com/cedarfalls/payments',
  paymentsPrivateKey: 'Cf!pay!1234',
  paymentsPassword: 'abc|def',
  ftpUsername: 'cedarfalls',
  invoiceFormatGuid: 'not-a-guid',
};

export const ALL_EXAMPLES = [
  TOWN_OF_EXAMPLE,
  NORTHFIELD,
  SOUTHPORT,
  LAKESIDE,
  HILLCREST,
  RIVERBEND,
  PINE_VALLEY,
  MAPLE_GROVE,
  CEDAR_FALLS,
];
