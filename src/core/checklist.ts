/**
 * The conversion checklist, as constants, section by section in the order of the seed page
 * ("Conversion Detail"). Everything the planner decides comes from here; nothing about the
 * conversion is hard-coded elsewhere.
 */

/** The checklist sections, as the seed page's navigation names them. */
export const SECTION = {
  maintenance: '1. Maintenance window',
  partner: '2. Integration Partner ID',
  invoicing: '3. Advanced Configuration (Invoicing)',
  bif: '4. BIF Customizations',
  ftp: '5. FTP Management',
  dataPump: '6. Data Pump Management',
  webServices: '7. Web Services / Advanced Settings',
} as const;
export type Section = (typeof SECTION)[keyof typeof SECTION];

// 2. Integration Partner ID (CRM > Profile): FROM 'IMT Computer Services' TO 'IMT Spectrum'.
export const PARTNER_MIPS_APPS = 'IMT Computer Services';
export const PARTNER_SPECTRUM = 'IMT Spectrum';

// 3. Advanced Configuration (CRM > Invoicing): no changes; the enabled options stay enabled.

// 4. BIF Customizations (CRM Integration Summary): InvoiceFormatGUID for the IMT Spectrum integration.
const BIF_INTEGRATION = PARTNER_SPECTRUM;
const BIF_INVOICE_FORMAT = 'InvoiceFormatGUID';
/** The BIF key as stored: integration and customization name. */
export const BIF_INVOICE_FORMAT_KEY = `${BIF_INTEGRATION}/${BIF_INVOICE_FORMAT}`;

// 5. FTP Management (CRM > Tools > Search/Manage FTP Credentials): a PDF and a ZIP setting for the FTP user.
const FTP_PATH = '\\ToInvoiceCloud\\PDFs';
const PDF_MOVE_ACTION = 'Move to Filename Pending';
export interface PdfSetting {
  path: string;
  backup: boolean;
  moveAction: string;
  active: boolean;
}
export interface ZipSetting {
  path: string;
  backup: boolean;
  deleteZipFiles: boolean;
  active: boolean;
}
export const PDF_SETTING: PdfSetting = { path: FTP_PATH, backup: true, moveAction: PDF_MOVE_ACTION, active: true };
export const ZIP_SETTING: ZipSetting = { path: FTP_PATH, backup: true, deleteZipFiles: true, active: true };

// 6. Data Pump Management: non-payment configurations end with nothing selected; payment ones are kept
//    (terminals and payment types vary per biller) unless the worksheet lists them.

// 7. Web Services (CRM > Advanced Settings): remove these if present ...
export const SETTINGS_TO_REMOVE: ReadonlyArray<{ number: number; name: string }> = [
  { number: 14, name: 'DataPump Paperless EndPoint/WebService URL' },
  { number: 15, name: 'DataPump Paperless EndPoint/WebService Username' },
  { number: 16, name: 'DataPump Paperless EndPoint/WebService Password' },
  { number: 17, name: 'DataPump AutoPay EndPoint/WebService URL' },
  { number: 18, name: 'DataPump AutoPay EndPoint/WebService Username' },
  { number: 19, name: 'DataPump AutoPay EndPoint/WebService Password' },
  { number: 20, name: 'Remote PDF EndPoint/WebService URL' },
  { number: 21, name: 'Remote PDF EndPoint/WebService Username' },
  { number: 22, name: 'Remote PDF EndPoint/WebService Password' },
  { number: 88, name: 'Secondary RTDR EndPoint/WebService URL' },
  { number: 105, name: 'Batch Single Invoice Imports' },
];

// ... and update (create if absent) these from the worksheet. 10 and 13 are "privateKey|password".
const SETTINGS_TO_UPDATE: ReadonlyArray<{ number: number; name: string }> = [
  { number: 8, name: 'RTDR EndPoint/WebService URL' },
  { number: 9, name: 'RTDR Username if Applicable' },
  { number: 10, name: 'RTDR Key or Password if Applicable' },
  { number: 11, name: 'DataPump Payments EndPoint/WebService URL' },
  { number: 12, name: 'DataPump Payments EndPoint/WebService Username' },
  { number: 13, name: 'DataPump Payments EndPoint/WebService Password' },
];

/** Settings whose values are secrets: never shown, logged or reported in clear. */
export const SECRET_SETTINGS: ReadonlySet<number> = new Set([10, 13, 16, 19, 22]);

export function settingName(n: number): string {
  return [...SETTINGS_TO_UPDATE, ...SETTINGS_TO_REMOVE].find((s) => s.number === n)?.name ?? `Advanced Setting ${n}`;
}

export const PIPE = '|';

/** Tasks for a person, listed in the results for every converted biller. */
export const FOLLOW_UPS = [
  {
    code: 'FOLLOW_UP.AUTOPAY_COLLECTION_DATE',
    section: SECTION.bif,
    reason: 'Ask the biller whether the AutopayCollectionDate BIF customization needs updating for IMT Spectrum.',
  },
  {
    code: 'FOLLOW_UP.EMAIL_NOTIFICATION',
    section: SECTION.bif,
    reason: 'Ask the biller whether the EmailNotification BIF customization needs updating for IMT Spectrum.',
  },
] as const;
