/**
 * What stops the planner before any change: a biller the CRM does not know, one that is not a
 * MIPS/APPS biller, or a worksheet that names what the CRM does not have. Each refusal says what to fix.
 */
import type { Biller } from './biller.js';
import * as C from './checklist.js';
import type { BillerSnapshot } from './snapshot.js';

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

export interface Blocked {
  code: BlockCode;
  message: string;
}

/** What the planner works with once nothing blocks the biller. */
export interface Ready {
  /** The worksheet's FTP user as the CRM spells it. */
  ftpUser: string;
  /** The InvoiceFormatGUID: the worksheet's, else the configured default, else the CRM's. */
  guid: string;
}

export const lower = (s: string) => s.toLowerCase();

export function unknownBiller(billerId: string): Blocked {
  return {
    code: 'BLOCKED.UNKNOWN_BILLER',
    message: `biller ${billerId} does not exist in the CRM; check the IC Biller ID`,
  };
}

export function readiness(
  biller: Biller,
  snapshot: BillerSnapshot,
  defaultGuid: string | undefined,
): Ready | { blocked: Blocked } {
  const blocked = (code: BlockCode, message: string) => ({ blocked: { code, message } });
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
      `the FTP user "${biller.ftpUsername}" does not exist in the CRM; ` +
        'create it through the normal CRM process, then run again',
    );
  }
  const guid = biller.invoiceFormatGuid ?? defaultGuid ?? snapshot.bif[C.BIF_INVOICE_FORMAT_KEY];
  if (!guid)
    return blocked(
      'BLOCKED.NO_INVOICE_FORMAT_GUID',
      'no Invoice Format GUID in the worksheet or the configuration (defaultInvoiceFormatGuid), and none in the CRM',
    );
  const known = new Map(Object.keys(snapshot.dataPump.payment).map((n) => [lower(n), n]));
  const unknown = (biller.paymentDataPumpSelections ?? []).filter((n) => !known.has(lower(n)));
  if (unknown.length) {
    const has = [...known.values()].map((n) => `"${n}"`).join(', ') || 'none';
    return blocked(
      'BLOCKED.DATAPUMP_SELECTION_UNKNOWN',
      `the worksheet's payment DataPump selections ${unknown.map((n) => `"${n}"`).join(', ')} ` +
        `do not exist in the CRM (it has: ${has})`,
    );
  }
  return { ftpUser, guid };
}
