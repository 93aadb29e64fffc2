/**
 * The target port contract: every adapter must pass this suite. `setup` gives a fresh target
 * over a CRM holding the test biller's MIPS/APPS snapshot, and a way to read that CRM directly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { convertBiller } from '../../src/apply/apply-biller.js';
import type { Change } from '../../src/core/change.js';
import * as C from '../../src/core/checklist.js';
import { plan } from '../../src/core/plan.js';
import { Secret } from '../../src/core/secret.js';
import { applyToSnapshot, differences } from '../../src/core/simulate.js';
import type { BillerSnapshot } from '../../src/core/snapshot.js';
import { TargetError, type TargetPort } from '../../src/targets/target-port.js';
import { biller, mipsSnapshot } from '../support/snapshots.js';

export interface ContractSetup {
  target: TargetPort;
  /** The CRM's state read without going through the target. */
  direct: (billerId: string) => BillerSnapshot | null;
  close: () => void | Promise<void>;
}

const b = biller();
const id = b.billerId;
const base = { billerId: id, section: C.SECTION.webServices } as const;

/** One change of each kind, as set and as removal where the kind allows it. */
const writes: Array<{ name: string; change: Change }> = [
  {
    name: 'partner',
    change: {
      ...base,
      kind: 'partner.update',
      entity: 'profile',
      key: 'integration_partner',
      before: C.PARTNER_MIPS_APPS,
      after: C.PARTNER_SPECTRUM,
    },
  },
  {
    name: 'BIF add',
    change: {
      ...base,
      kind: 'bif.set',
      entity: 'bif',
      key: C.BIF_INVOICE_FORMAT_KEY,
      before: null,
      after: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE',
    },
  },
  {
    name: 'BIF remove',
    change: {
      ...base,
      kind: 'bif.set',
      entity: 'bif',
      key: 'IMT Computer Services/EmailNotification',
      before: 'true',
      after: null,
    },
  },
  {
    name: 'FTP PDF add',
    change: {
      ...base,
      kind: 'ftp.pdf.set',
      entity: 'ftp_pdf',
      key: 'townofexample',
      before: null,
      after: { ...C.PDF_SETTING },
    },
  },
  {
    name: 'FTP ZIP add',
    change: {
      ...base,
      kind: 'ftp.zip.set',
      entity: 'ftp_zip',
      key: 'townofexample',
      before: null,
      after: { ...C.ZIP_SETTING },
    },
  },
  {
    name: 'DataPump clear',
    change: {
      ...base,
      kind: 'datapump.select',
      entity: 'datapump_nonpayment',
      key: 'Paperless',
      before: true,
      after: false,
    },
  },
  {
    name: 'DataPump select',
    change: { ...base, kind: 'datapump.select', entity: 'datapump_payment', key: 'PayPal', before: false, after: true },
  },
  {
    name: 'setting update',
    change: {
      ...base,
      kind: 'advanced.set',
      entity: 'advanced_setting',
      key: 8,
      name: 'x',
      before: 'https://old.example.com/rtdr',
      after: 'https://new.example.com/rtdr',
    },
  },
  {
    name: 'secret setting update',
    change: {
      ...base,
      kind: 'advanced.set',
      entity: 'advanced_setting',
      key: 13,
      name: 'x',
      before: new Secret('oldK2|oldP2'),
      after: new Secret('k|p'),
    },
  },
  {
    name: 'setting remove',
    change: {
      ...base,
      kind: 'advanced.remove',
      entity: 'advanced_setting',
      key: 14,
      name: 'x',
      before: 'https://old.example.com/pl',
      after: null,
    },
  },
];

export function targetContract(name: string, setup: () => ContractSetup | Promise<ContractSetup>): void {
  describe(`target contract: ${name}`, () => {
    let env: ContractSetup | undefined;
    const open = async () => (env = await setup());
    afterEach(async () => {
      await env?.close();
      env = undefined;
    });

    it('reads a snapshot equal to the CRM, and null for an unknown biller', async () => {
      const { target } = await open();
      const s = await target.readSnapshot(id);
      expect(s && differences(mipsSnapshot(), s, { maintenance: true })).toEqual([]);
      expect(await target.readSnapshot('00000000-0000-4000-8000-000000000000')).toBeNull();
    });

    it.each(writes)('$name: applied once or twice, same state', async ({ change }) => {
      const { target, direct } = await open();
      await target.apply(change);
      const once = direct(id);
      await target.apply(change);
      const twice = direct(id);
      expect(once && twice && differences(once, twice, { maintenance: true })).toEqual([]);
      expect(once && differences(applyToSnapshot(mipsSnapshot(), [change]), once, { maintenance: true })).toEqual([]);
    });

    it('maintenance begins and ends idempotently', async () => {
      const { target, direct } = await open();
      await target.beginMaintenance(id);
      await target.beginMaintenance(id);
      expect(direct(id)?.maintenance).toBe(true);
      await target.endMaintenance(id);
      await target.endMaintenance(id);
      expect(direct(id)?.maintenance).toBe(false);
    });

    it(
      'the maintenance window is a lease: ' + 'only its owner reopens or closes it, and a read names the holder',
      async () => {
        const { target, direct } = await open();
        await target.beginMaintenance(id, 'RUN-A');
        await target.beginMaintenance(id, 'RUN-A'); // the owner's retry is idempotent
        expect(await target.readSnapshot(id)).toMatchObject({ maintenance: true, maintenanceOwner: 'RUN-A' });
        await expect(target.beginMaintenance(id, 'RUN-B')).rejects.toMatchObject({ kind: 'conflict' });
        await expect(target.endMaintenance(id, 'RUN-B')).rejects.toMatchObject({ kind: 'conflict' });
        await expect(target.endMaintenance(id)).rejects.toMatchObject({ kind: 'conflict' });
        expect(direct(id)).toMatchObject({ maintenance: true, maintenanceOwner: 'RUN-A' });
        await target.endMaintenance(id, 'RUN-A');
        await target.endMaintenance(id, 'RUN-A');
        expect(direct(id)?.maintenance).toBe(false);
        expect(direct(id)?.maintenanceOwner).toBeUndefined();
      },
    );

    it('a write to an unknown biller is a not-found TargetError', async () => {
      const { target } = await open();
      const change = { ...writes[0]!.change, billerId: '00000000-0000-4000-8000-000000000000' };
      await expect(target.apply(change)).rejects.toMatchObject({ kind: 'not-found', code: 'CRM.NOT_FOUND' });
      await expect(target.beginMaintenance('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(TargetError);
    });

    it('the full conversion of a biller ends in the planned state', async () => {
      const { target, direct } = await open();
      const outcome = await convertBiller(target, b);
      expect(outcome.status).toBe('converted');
      const expected = applyToSnapshot(mipsSnapshot(), plan(b, mipsSnapshot()).changes);
      expect(differences(expected, direct(id)!, { maintenance: true })).toEqual([]);
    });
  });
}
