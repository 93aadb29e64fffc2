/**
 * One change the conversion makes: a typed, serialisable value. `after: null` removes the
 * entity; swapping before and after gives the change that undoes it (rollback).
 */
import { SECTION, type PdfSetting, type Section, type ZipSetting } from './checklist.js';
import type { CellOrigin } from './grid.js';
import type { SettingValue } from './snapshot.js';

interface Base {
  billerId: string;
  section: Section;
  /** The worksheet cell the new value comes from, when it comes from one. */
  source?: CellOrigin;
}

export type Change = Base &
  (
    | {
        kind: 'maintenance.begin' | 'maintenance.end';
        entity: 'maintenance';
        key: 'active';
        before: boolean;
        after: boolean;
      }
    | { kind: 'partner.update'; entity: 'profile'; key: 'integration_partner'; before: string; after: string }
    | { kind: 'bif.set'; entity: 'bif'; key: string; before: string | null; after: string | null }
    | { kind: 'ftp.pdf.set'; entity: 'ftp_pdf'; key: string; before: PdfSetting | null; after: PdfSetting | null }
    | { kind: 'ftp.zip.set'; entity: 'ftp_zip'; key: string; before: ZipSetting | null; after: ZipSetting | null }
    | {
        kind: 'datapump.select';
        entity: 'datapump_payment' | 'datapump_nonpayment';
        key: string;
        before: boolean;
        after: boolean;
      }
    | {
        kind: 'advanced.remove' | 'advanced.set';
        entity: 'advanced_setting';
        key: number;
        name: string;
        before: SettingValue | null;
        after: SettingValue | null;
      }
  );

/** Opening (`active`) or closing a biller's maintenance window: the one way every stage builds it. */
export function maintenanceChange(billerId: string, active: boolean): Change {
  const section = SECTION.maintenance;
  return {
    billerId,
    section,
    kind: active ? 'maintenance.begin' : 'maintenance.end',
    entity: 'maintenance',
    key: 'active',
    before: !active,
    after: active,
  };
}

/** The change that restores what `change` replaced. */
export function inverse(change: Change): Change {
  return { ...change, before: change.after, after: change.before } as Change;
}

/** add / update / remove, as the results workbook names an action. */
export function action(change: Change): 'add' | 'update' | 'remove' {
  if (change.after === null) return 'remove';
  if (change.before === null) return 'add';
  return 'update';
}

/** A one-line description for people; secret values are never shown. */
export function describe(change: Change): string {
  switch (change.kind) {
    case 'maintenance.begin':
      return 'begin maintenance window';
    case 'maintenance.end':
      return 'end maintenance window';
    case 'partner.update':
      return 'integration partner update';
    case 'bif.set':
      return `BIF ${change.key} ${action(change)}`;
    case 'ftp.pdf.set':
      return `FTP PDF setting for ${change.key} ${action(change)}`;
    case 'ftp.zip.set':
      return `FTP ZIP setting for ${change.key} ${action(change)}`;
    case 'datapump.select':
      return (
        `DataPump ${change.entity === 'datapump_payment' ? 'payment' : 'non-payment'} "${change.key}" ` +
        `${change.after ? 'selected' : 'cleared'}`
      );
    case 'advanced.remove':
    case 'advanced.set':
      return `Advanced Setting ${change.key} (${change.name}) ${action(change)}`;
  }
}

/** Before and after as text for people: secrets through `mask`, settings as key=value lists. */
export function shownValues(change: Change, mask: (secret: string) => string): { before: string; after: string } {
  const show = (v: Change['before']): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if ('reveal' in v) return mask(v.reveal());
    return Object.entries(v)
      .map(([k, x]) => `${k}=${String(x)}`)
      .join('; ');
  };
  return { before: show(change.before), after: show(change.after) };
}
