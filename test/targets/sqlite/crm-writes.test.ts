import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/core/change.js';
import * as C from '../../../src/core/checklist.js';
import { Secret } from '../../../src/core/secret.js';
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
