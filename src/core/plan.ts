/**
 * The planner: one validated biller and its CRM snapshot in, every change the checklist
 * requires out, in checklist order. Pure: the same inputs always give the same plan, and a
 * change that would set what is already there is not a change.
 */
import type { Biller } from './biller.js';
import type { Change } from './change.js';
import * as C from './checklist.js';
import type { FieldKey } from './field-map.js';
import { Secret } from './secret.js';
import { sameSetting, type BillerSnapshot, type SettingValue } from './snapshot.js';

export const BLOCK_CODES = {
  'BLOCKED.UNKNOWN_BILLER': 'the biller id is not in the CRM',
  'BLOCKED.NOT_MIPS_APPS': 'the integration partner is neither IMT Computer Services nor IMT Spectrum',
  'BLOCKED.FTP_USER_MISSING': 'the worksheet FTP user does not exist in the CRM',
  'BLOCKED.DATAPUMP_SELECTION_UNKNOWN': 'the worksheet lists a payment DataPump selection the CRM does not have',
  'BLOCKED.NO_INVOICE_FORMAT_GUID': 'no InvoiceFormatGUID in the worksheet, the configuration or the CRM',
  'BLOCKED.DUPLICATE': 'the same biller appears in two worksheets of the run',
  'BLOCKED.IN_MAINTENANCE':
    'the biller is in a maintenance window this tool did not open (decided when applying, not by the planner)',
} as const;
export type BlockCode = keyof typeof BLOCK_CODES;

export interface FollowUp {
  billerId: string;
  code: string;
  section: C.Section;
  reason: string;
}
export interface Blocked {
  code: BlockCode;
  message: string;
}

export interface Plan {
  billerId: string;
  changes: Change[];
  followUps: FollowUp[];
  blocked?: Blocked;
}

export interface PlanOptions {
  /** The InvoiceFormatGUID to use when the worksheet has none. */
  defaultInvoiceFormatGuid?: string;
}

const lower = (s: string) => s.toLowerCase();

export function plan(biller: Biller, snapshot: BillerSnapshot | null, opts: PlanOptions = {}): Plan {
  const billerId = biller.billerId;
  const blocked = (code: BlockCode, message: string): Plan => ({
    billerId,
    changes: [],
    followUps: [],
    blocked: { code, message },
  });
  if (!snapshot)
    return blocked('BLOCKED.UNKNOWN_BILLER', `biller ${billerId} does not exist in the CRM; check the IC Biller ID`);
  const partner = snapshot.profile.integrationPartner;
  if (partner !== C.PARTNER_MIPS_APPS && partner !== C.PARTNER_SPECTRUM) {
    return blocked(
      'BLOCKED.NOT_MIPS_APPS',
      `the CRM integration partner is "${partner}", not "${C.PARTNER_MIPS_APPS}": this is not a MIPS/APPS biller`,
    );
  }
  const ftpUser = snapshot.ftpUsers.find((u) => lower(u) === lower(biller.ftpUsername));
  if (ftpUser === undefined) {
    return blocked(
      'BLOCKED.FTP_USER_MISSING',
      `the FTP user "${biller.ftpUsername}" does not exist in the CRM; create it through the normal CRM process, then run again`,
    );
  }
  const guid = biller.invoiceFormatGuid ?? opts.defaultInvoiceFormatGuid ?? snapshot.bif[C.BIF_INVOICE_FORMAT_KEY];
  if (!guid)
    return blocked(
      'BLOCKED.NO_INVOICE_FORMAT_GUID',
      'no Invoice Format GUID in the worksheet or the configuration (defaultInvoiceFormatGuid), and none in the CRM',
    );
  const wanted = biller.paymentDataPumpSelections;
  const known = new Map(Object.keys(snapshot.dataPump.payment).map((n) => [lower(n), n]));
  const unknown = (wanted ?? []).filter((n) => !known.has(lower(n)));
  if (unknown.length) {
    return blocked(
      'BLOCKED.DATAPUMP_SELECTION_UNKNOWN',
      `the worksheet's payment DataPump selections ${unknown.map((n) => `"${n}"`).join(', ')} do not exist in the CRM (it has: ${[...known.values()].map((n) => `"${n}"`).join(', ') || 'none'})`,
    );
  }

  const cell = (k: FieldKey) => biller.source.cells[k];
  const withSource = (k: FieldKey) => (cell(k) ? { source: cell(k) } : {});
  const changes: Change[] = [];

  // 2. Integration Partner ID
  if (partner === C.PARTNER_MIPS_APPS) {
    changes.push({
      billerId,
      section: C.SECTION.partner,
      kind: 'partner.update',
      entity: 'profile',
      key: 'integration_partner',
      before: partner,
      after: C.PARTNER_SPECTRUM,
    });
  }
  // 4. BIF Customizations
  const bifBefore = snapshot.bif[C.BIF_INVOICE_FORMAT_KEY] ?? null;
  if (bifBefore === null || lower(bifBefore) !== lower(guid)) {
    changes.push({
      billerId,
      section: C.SECTION.bif,
      kind: 'bif.set',
      entity: 'bif',
      key: C.BIF_INVOICE_FORMAT_KEY,
      before: bifBefore,
      after: guid,
      ...withSource('invoiceFormatGuid'),
    });
  }
  // 5. FTP Management: the PDF setting, then the ZIP setting, both for the worksheet's FTP user.
  const pdfBefore = snapshot.ftpPdf[ftpUser] ?? null;
  if (!sameJson(pdfBefore, C.PDF_SETTING)) {
    changes.push({
      billerId,
      section: C.SECTION.ftp,
      kind: 'ftp.pdf.set',
      entity: 'ftp_pdf',
      key: ftpUser,
      before: pdfBefore,
      after: { ...C.PDF_SETTING },
      ...withSource('ftpUsername'),
    });
  }
  const zipBefore = snapshot.ftpZip[ftpUser] ?? null;
  if (!sameJson(zipBefore, C.ZIP_SETTING)) {
    changes.push({
      billerId,
      section: C.SECTION.ftp,
      kind: 'ftp.zip.set',
      entity: 'ftp_zip',
      key: ftpUser,
      before: zipBefore,
      after: { ...C.ZIP_SETTING },
      ...withSource('ftpUsername'),
    });
  }
  // 6. Data Pump Management
  for (const [name, selected] of Object.entries(snapshot.dataPump.nonPayment)) {
    if (selected)
      changes.push({
        billerId,
        section: C.SECTION.dataPump,
        kind: 'datapump.select',
        entity: 'datapump_nonpayment',
        key: name,
        before: true,
        after: false,
      });
  }
  if (wanted) {
    const want = new Set(wanted.map(lower));
    for (const [name, selected] of Object.entries(snapshot.dataPump.payment)) {
      const after = want.has(lower(name));
      if (after !== selected)
        changes.push({
          billerId,
          section: C.SECTION.dataPump,
          kind: 'datapump.select',
          entity: 'datapump_payment',
          key: name,
          before: selected,
          after,
          ...withSource('paymentDataPumpSelections'),
        });
    }
  }
  // 7. Web Services: remove the obsolete settings that are present, then set 8-13 where they differ.
  for (const { number, name } of C.SETTINGS_TO_REMOVE) {
    const before = snapshot.advancedSettings[number];
    if (before !== undefined)
      changes.push({
        billerId,
        section: C.SECTION.webServices,
        kind: 'advanced.remove',
        entity: 'advanced_setting',
        key: number,
        name,
        before,
        after: null,
      });
  }
  for (const { number, name, after, from } of desiredSettings(biller)) {
    const before = snapshot.advancedSettings[number] ?? null;
    const emptyAndAbsent = before === null && (typeof after === 'string' ? after : after.reveal()) === '';
    if (sameSetting(before, after) || emptyAndAbsent) continue;
    changes.push({
      billerId,
      section: C.SECTION.webServices,
      kind: 'advanced.set',
      entity: 'advanced_setting',
      key: number,
      name,
      before,
      after,
      ...withSource(from),
    });
  }

  const followUps: FollowUp[] = C.FOLLOW_UPS.map((f) => ({
    billerId,
    code: f.code,
    section: f.section,
    reason: f.reason,
  }));
  if (changes.length === 0) {
    if (snapshot.maintenance)
      followUps.push({
        billerId,
        code: 'FOLLOW_UP.IN_MAINTENANCE',
        section: C.SECTION.maintenance,
        reason:
          'The biller is converted but its IC pages are still in maintenance; end the window once nobody needs it.',
      });
    return { billerId, changes, followUps };
  }
  // 1. Maintenance window around everything, also when the window is already open (from an interrupted run).
  const begin: Change[] = snapshot.maintenance
    ? []
    : [
        {
          billerId,
          section: C.SECTION.maintenance,
          kind: 'maintenance.begin',
          entity: 'maintenance',
          key: 'active',
          before: false,
          after: true,
        },
      ];
  const end: Change = {
    billerId,
    section: C.SECTION.maintenance,
    kind: 'maintenance.end',
    entity: 'maintenance',
    key: 'active',
    before: true,
    after: false,
  };
  return { billerId, changes: [...begin, ...changes, end], followUps };
}

function sameJson(a: unknown, b: unknown): boolean {
  return (
    a !== null &&
    JSON.stringify(a, Object.keys(a as object).sort()) === JSON.stringify(b, Object.keys(b as object).sort())
  );
}

/** Settings 8-13 as the worksheet wants them; 10 and 13 are "privateKey|password" (or empty). */
export function desiredSettings(
  b: Biller,
): Array<{ number: number; name: string; after: SettingValue; from: FieldKey }> {
  const pair = (key: Secret, pw: Secret) =>
    new Secret(key.isEmpty && pw.isEmpty ? '' : `${key.reveal()}${C.PIPE}${pw.reveal()}`);
  const values: Array<[number, SettingValue, FieldKey]> = [
    [8, b.rtdr.url, 'rtdrUrl'],
    [9, b.rtdr.username, 'rtdrUsername'],
    [10, pair(b.rtdr.privateKey, b.rtdr.password), 'rtdrPrivateKey'],
    [11, b.payments.url, 'paymentsUrl'],
    [12, b.payments.username, 'paymentsUsername'],
    [13, pair(b.payments.privateKey, b.payments.password), 'paymentsPrivateKey'],
  ];
  return values.map(([number, after, from]) => ({ number, name: C.settingName(number), after, from }));
}
