import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/core/change.js';
import * as C from '../../../src/core/checklist.js';
import { Secret } from '../../../src/core/secret.js';
import type { BillerSnapshot } from '../../../src/core/snapshot.js';
import { differences } from '../../../src/core/simulate.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { putSnapshot, writeEntity } from '../../../src/targets/sqlite/crm-writes.js';
import { CrmStore } from '../../../src/targets/sqlite/crm-store.js';
import { MIGRATIONS } from '../../../src/targets/sqlite/schema.js';
import { mipsSnapshot } from '../../support/snapshots.js';

const s = mipsSnapshot();
const id = s.billerId;
const cases: Array<{ name: string; change: Change; read: (x: ReturnType<CrmStore['snapshot']>) => unknown }> = [
  {
    name: 'a secret setting, stored as its value',
    change: {
      billerId: id,
      section: C.SECTION.webServices,
      kind: 'advanced.set',
      entity: 'advanced_setting',
      key: 10,
      name: 'x',
      before: null,
      after: new Secret('k|p'),
    },
    read: (x) => String((x?.advancedSettings[10] as Secret).reveal()),
  },
  {
    name: 'a removed setting',
    change: {
      billerId: id,
      section: C.SECTION.webServices,
      kind: 'advanced.remove',
      entity: 'advanced_setting',
      key: 14,
      name: 'x',
      before: 'y',
      after: null,
    },
    read: (x) => x?.advancedSettings[14],
  },
  {
    name: 'a BIF key',
    change: {
      billerId: id,
      section: C.SECTION.bif,
      kind: 'bif.set',
      entity: 'bif',
      key: 'K',
      before: null,
      after: 'V',
    },
    read: (x) => x?.bif.K,
  },
  {
    name: 'a DataPump item',
    change: {
      billerId: id,
      section: C.SECTION.dataPump,
      kind: 'datapump.select',
      entity: 'datapump_payment',
      key: 'PayPal',
      before: false,
      after: true,
    },
    read: (x) => x?.dataPump.payment.PayPal,
  },
];
const expected = ['k|p', undefined, 'V', true];

describe('crm writes', () => {
  it('putSnapshot stores a whole biller as it is', () => {
    const store = CrmStore.open(':memory:');
    store.putSnapshots([s]);
    expect(differences(s, store.snapshot(id)!, { maintenance: true })).toEqual([]);
    store.close();
  });

  it.each(cases.map((c, i) => ({ ...c, want: expected[i] })))('writeEntity: $name', ({ change, read, want }) => {
    const path = join(mkdtempSync(join(tmpdir(), 'sc-crmw-')), 'crm.db');
    const file = openDatabase(path, { what: 'CRM database', migrations: MIGRATIONS });
    file.transaction(() => putSnapshot(file, s));
    writeEntity(file, change);
    file.close();
    const store = CrmStore.open(path);
    expect(read(store.snapshot(id))).toEqual(want);
    store.close();
  });
});

describe('writeEntity, every entity (set, replaced, removed), read back through the store', () => {
  const user = 'ftp-user';
  const pdf = { ...C.PDF_SETTING };
  const zip = { ...C.ZIP_SETTING };
  const base = { billerId: id };
  const start = mipsSnapshot({
    maintenanceOwner: 'R0',
    ftpPdf: { gone: { ...pdf, active: false } },
    ftpZip: { gone: { ...zip, active: false } },
  });
  it.each<{ name: string; change: Change; read: (x: BillerSnapshot) => unknown; want: unknown }>([
    {
      name: 'the maintenance window opened, nobody its owner',
      change: {
        ...base,
        section: C.SECTION.maintenance,
        kind: 'maintenance.begin',
        entity: 'maintenance',
        key: 'active',
        before: false,
        after: true,
      },
      read: (x) => [x.maintenance, x.maintenanceOwner],
      want: [true, undefined],
    },
    {
      name: 'the integration partner',
      change: {
        ...base,
        section: C.SECTION.partner,
        kind: 'partner.update',
        entity: 'profile',
        key: 'integration_partner',
        before: C.PARTNER_MIPS_APPS,
        after: C.PARTNER_SPECTRUM,
      },
      read: (x) => x.profile,
      want: { name: start.profile.name, integrationPartner: C.PARTNER_SPECTRUM },
    },
    {
      name: 'a BIF key replaced',
      change: {
        ...base,
        section: C.SECTION.bif,
        kind: 'bif.set',
        entity: 'bif',
        key: 'IMT Computer Services/EmailNotification',
        before: 'true',
        after: 'false',
      },
      read: (x) => x.bif,
      want: { 'IMT Computer Services/EmailNotification': 'false' },
    },
    {
      name: 'a BIF key removed',
      change: {
        ...base,
        section: C.SECTION.bif,
        kind: 'bif.set',
        entity: 'bif',
        key: 'IMT Computer Services/EmailNotification',
        before: 'true',
        after: null,
      },
      read: (x) => x.bif,
      want: {},
    },
    {
      name: 'an FTP PDF setting added',
      change: {
        ...base,
        section: C.SECTION.ftp,
        kind: 'ftp.pdf.set',
        entity: 'ftp_pdf',
        key: user,
        before: null,
        after: pdf,
      },
      read: (x) => x.ftpPdf,
      want: { gone: { ...pdf, active: false }, [user]: pdf },
    },
    {
      name: 'an FTP PDF setting removed',
      change: {
        ...base,
        section: C.SECTION.ftp,
        kind: 'ftp.pdf.set',
        entity: 'ftp_pdf',
        key: 'gone',
        before: pdf,
        after: null,
      },
      read: (x) => x.ftpPdf,
      want: {},
    },
    {
      name: 'an FTP ZIP setting replaced',
      change: {
        ...base,
        section: C.SECTION.ftp,
        kind: 'ftp.zip.set',
        entity: 'ftp_zip',
        key: 'gone',
        before: null,
        after: zip,
      },
      read: (x) => x.ftpZip,
      want: { gone: zip },
    },
    {
      name: 'an FTP ZIP setting removed',
      change: {
        ...base,
        section: C.SECTION.ftp,
        kind: 'ftp.zip.set',
        entity: 'ftp_zip',
        key: 'gone',
        before: zip,
        after: null,
      },
      read: (x) => x.ftpZip,
      want: {},
    },
    {
      name: 'a non-payment DataPump item cleared',
      change: {
        ...base,
        section: C.SECTION.dataPump,
        kind: 'datapump.select',
        entity: 'datapump_nonpayment',
        key: 'Paperless',
        before: true,
        after: false,
      },
      read: (x) => x.dataPump,
      want: { payment: start.dataPump.payment, nonPayment: { Paperless: false, Autopay: false } },
    },
    {
      name: 'a plain advanced setting replaced',
      change: {
        ...base,
        section: C.SECTION.webServices,
        kind: 'advanced.set',
        entity: 'advanced_setting',
        key: 8,
        name: 'x',
        before: 'a',
        after: 'https://new',
      },
      read: (x) => x.advancedSettings[8],
      want: 'https://new',
    },
  ])('$name', ({ change, read, want }) => {
    const store = CrmStore.open(':memory:');
    store.putSnapshots([start]);
    store.write(change);
    const after = store.snapshot(id);
    store.close();
    expect(after).not.toBeNull();
    expect(read(after as BillerSnapshot)).toEqual(want);
  });
});
