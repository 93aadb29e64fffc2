/**
 * The planner: one validated biller and its CRM snapshot in, every change the checklist
 * requires out, in checklist order. Pure: the same inputs always give the same plan, and a
 * change that would set what is already there is not a change.
 */
import type { Biller } from './biller.js';
import { maintenanceChange, type Change } from './change.js';
import * as C from './checklist.js';
import { desiredSettings } from './desired-settings.js';
import type { FieldKey } from './field-keys.js';
import { lower, readiness, unknownBiller, type Blocked, type Ready } from './plan-blocks.js';
import { sameSetting, settingText, type BillerSnapshot } from './snapshot.js';

export type { BlockCode } from './plan-blocks.js';

export interface FollowUp {
  billerId: string;
  code: string;
  section: C.Section;
  reason: string;
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

export function plan(biller: Biller, snapshot: BillerSnapshot | null, opts: PlanOptions = {}): Plan {
  const billerId = biller.billerId;
  if (!snapshot) return { billerId, changes: [], followUps: [], blocked: unknownBiller(billerId) };
  const ready = readiness(biller, snapshot, opts.defaultInvoiceFormatGuid);
  if ('blocked' in ready) return { billerId, changes: [], followUps: [], blocked: ready.blocked };
  const changes = [
    ...profileChanges(biller, snapshot, ready),
    ...dataPumpChanges(biller, snapshot),
    ...webServiceChanges(biller, snapshot),
  ];
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
  return { billerId, changes: inMaintenance(billerId, snapshot.maintenance, changes), followUps };
}

/** Where a field's value came from, for the change record. */
function sourceOf(biller: Biller, key: FieldKey): Pick<Change, 'source'> {
  const cell = biller.source.cells[key];
  return cell ? { source: cell } : {};
}

/** Steps 2, 4 and 5: the integration partner, the BIF InvoiceFormatGUID, the FTP pickup settings. */
function profileChanges(biller: Biller, snapshot: BillerSnapshot, { ftpUser, guid }: Ready): Change[] {
  return [
    ...partnerChange(biller, snapshot),
    ...invoiceFormatChange(biller, snapshot, guid),
    ...ftpChanges(biller, snapshot, ftpUser),
  ];
}

/** Step 2: a MIPS/APPS partner becomes Spectrum (Spectrum already needs nothing; readiness blocks any other). */
function partnerChange(biller: Biller, snapshot: BillerSnapshot): Change[] {
  const partner = snapshot.profile.integrationPartner;
  if (partner !== C.PARTNER_MIPS_APPS) return [];
  return [
    {
      billerId: biller.billerId,
      section: C.SECTION.partner,
      kind: 'partner.update',
      entity: 'profile',
      key: 'integration_partner',
      before: partner,
      after: C.PARTNER_SPECTRUM,
    },
  ];
}

/** Step 4: the BIF InvoiceFormatGUID, unless it already holds `guid`. */
function invoiceFormatChange(biller: Biller, snapshot: BillerSnapshot, guid: string): Change[] {
  const before = snapshot.bif[C.BIF_INVOICE_FORMAT_KEY] ?? null;
  // A GUID is the same GUID in any letter case: no change for case alone.
  if (before !== null && lower(before) === lower(guid)) return [];
  return [
    {
      billerId: biller.billerId,
      section: C.SECTION.bif,
      kind: 'bif.set',
      entity: 'bif',
      key: C.BIF_INVOICE_FORMAT_KEY,
      before,
      after: guid,
      ...sourceOf(biller, 'invoiceFormatGuid'),
    },
  ];
}

/** Step 5: the FTP user's PDF and ZIP pickup settings, each where it differs. */
function ftpChanges(biller: Biller, snapshot: BillerSnapshot, ftpUser: string): Change[] {
  const base = { billerId: biller.billerId, section: C.SECTION.ftp } as const;
  const source = sourceOf(biller, 'ftpUsername');
  const out: Change[] = [];
  const [pdfBefore, pdf] = [snapshot.ftpPdf[ftpUser] ?? null, { ...C.PDF_SETTING }];
  if (!sameSetting(pdfBefore, pdf))
    out.push({
      ...base,
      kind: 'ftp.pdf.set',
      entity: 'ftp_pdf',
      key: ftpUser,
      before: pdfBefore,
      after: pdf,
      ...source,
    });
  const [zipBefore, zip] = [snapshot.ftpZip[ftpUser] ?? null, { ...C.ZIP_SETTING }];
  if (!sameSetting(zipBefore, zip))
    out.push({
      ...base,
      kind: 'ftp.zip.set',
      entity: 'ftp_zip',
      key: ftpUser,
      before: zipBefore,
      after: zip,
      ...source,
    });
  return out;
}

/** Step 6: non-payment configurations cleared; payment ones become the worksheet's list, when it gives one. */
function dataPumpChanges(biller: Biller, snapshot: BillerSnapshot): Change[] {
  const base = { billerId: biller.billerId, section: C.SECTION.dataPump, kind: 'datapump.select' } as const;
  const out: Change[] = [];
  for (const [name, selected] of Object.entries(snapshot.dataPump.nonPayment)) {
    if (selected) out.push({ ...base, entity: 'datapump_nonpayment', key: name, before: true, after: false });
  }
  const wanted = biller.paymentDataPumpSelections;
  if (!wanted) return out;
  const want = new Set(wanted.map(lower));
  const source = sourceOf(biller, 'paymentDataPumpSelections');
  for (const [name, selected] of Object.entries(snapshot.dataPump.payment)) {
    const after = want.has(lower(name));
    if (after !== selected)
      out.push({ ...base, entity: 'datapump_payment', key: name, before: selected, after, ...source });
  }
  return out;
}

/** Step 7: remove the obsolete settings that are present, then set 8-13 where they differ. */
function webServiceChanges(biller: Biller, snapshot: BillerSnapshot): Change[] {
  const base = { billerId: biller.billerId, section: C.SECTION.webServices } as const;
  const entity = 'advanced_setting';
  const out: Change[] = [];
  for (const { number, name } of C.SETTINGS_TO_REMOVE) {
    const before = snapshot.advancedSettings[number];
    if (before !== undefined)
      out.push({ ...base, kind: 'advanced.remove', entity, key: number, name, before, after: null });
  }
  for (const { number, name, after, from } of desiredSettings(biller)) {
    const before = snapshot.advancedSettings[number] ?? null;
    // An empty value for a setting the CRM does not have is no change: nothing would be written.
    const emptyAndAbsent = before === null && settingText(after) === '';
    if (sameSetting(before, after) || emptyAndAbsent) continue;
    out.push({ ...base, kind: 'advanced.set', entity, key: number, name, before, after, ...sourceOf(biller, from) });
  }
  return out;
}

/** Step 1: a maintenance window around everything, also when one is already open (from an interrupted run). */
function inMaintenance(billerId: string, open: boolean, changes: Change[]): Change[] {
  return [...(open ? [] : [maintenanceChange(billerId, true)]), ...changes, maintenanceChange(billerId, false)];
}
