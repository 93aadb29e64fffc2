import { describe, expect, it } from 'vitest';
import { maintenanceChange, type Change } from '../../src/core/change.js';
import { PDF_SETTING, SECTION, ZIP_SETTING } from '../../src/core/checklist.js';
import { Secret } from '../../src/core/secret.js';
import { applyToSnapshot, cloneSnapshot, differences, flatten } from '../../src/core/simulate.js';
import type { BillerSnapshot } from '../../src/core/snapshot.js';
import { mipsSnapshot } from '../support/snapshots.js';

const ID = mipsSnapshot().billerId;
const base = { billerId: ID, section: SECTION.webServices };

describe('applyToSnapshot: each kind of change lands where the CRM keeps it', () => {
  it.each<{ name: string; change: Change; read: (s: BillerSnapshot) => unknown; want: unknown }>([
    { name: 'maintenance begins', change: maintenanceChange(ID, true), read: (s) => s.maintenance, want: true },
    {
      name: 'the partner',
      change: {
        ...base,
        kind: 'partner.update',
        entity: 'profile',
        key: 'integration_partner',
        before: 'a',
        after: 'b',
      },
      read: (s) => s.profile.integrationPartner,
      want: 'b',
    },
    {
      name: 'a BIF key set',
      change: { ...base, kind: 'bif.set', entity: 'bif', key: 'I/Format', before: null, after: 'G' },
      read: (s) => s.bif['I/Format'],
      want: 'G',
    },
    {
      name: 'a BIF key removed',
      change: {
        ...base,
        kind: 'bif.set',
        entity: 'bif',
        key: 'IMT Computer Services/EmailNotification',
        before: 'true',
        after: null,
      },
      read: (s) => 'IMT Computer Services/EmailNotification' in s.bif,
      want: false,
    },
    {
      name: 'an FTP PDF setting',
      change: { ...base, kind: 'ftp.pdf.set', entity: 'ftp_pdf', key: 'u', before: null, after: PDF_SETTING },
      read: (s) => s.ftpPdf.u,
      want: PDF_SETTING,
    },
    {
      name: 'an FTP ZIP setting',
      change: { ...base, kind: 'ftp.zip.set', entity: 'ftp_zip', key: 'u', before: null, after: ZIP_SETTING },
      read: (s) => s.ftpZip.u,
      want: ZIP_SETTING,
    },
    {
      name: 'a payment DataPump cleared',
      change: {
        ...base,
        kind: 'datapump.select',
        entity: 'datapump_payment',
        key: 'OBD',
        before: true,
        after: false,
      },
      read: (s) => s.dataPump.payment.OBD,
      want: false,
    },
    {
      name: 'a non-payment DataPump cleared',
      change: {
        ...base,
        kind: 'datapump.select',
        entity: 'datapump_nonpayment',
        key: 'Paperless',
        before: true,
        after: false,
      },
      read: (s) => s.dataPump.nonPayment.Paperless,
      want: false,
    },
    {
      name: 'a setting set',
      change: { ...base, kind: 'advanced.set', entity: 'advanced_setting', key: 9, name: 'n', before: 'a', after: 'b' },
      read: (s) => s.advancedSettings[9],
      want: 'b',
    },
    {
      name: 'a setting removed',
      change: {
        ...base,
        kind: 'advanced.remove',
        entity: 'advanced_setting',
        key: 88,
        name: 'n',
        before: 'x',
        after: null,
      },
      read: (s) => 88 in s.advancedSettings,
      want: false,
    },
  ])('$name', ({ change, read, want }) => {
    const before = mipsSnapshot();
    const untouched = structuredClone(flatten(before, { maintenance: true }));
    const after = applyToSnapshot(before, [change]);
    expect(read(after)).toEqual(want);
    // The input is never changed: apply compares what it promised with what it read back.
    expect(flatten(before, { maintenance: true })).toEqual(untouched);
    expect(differences(before, after, { maintenance: true })).toHaveLength(1);
  });

  it('changes apply in order: the last one to a key wins', () => {
    const set = (after: string | null): Change => ({
      ...base,
      kind: 'advanced.set',
      entity: 'advanced_setting',
      key: 8,
      name: 'n',
      before: null,
      after,
    });
    expect(applyToSnapshot(mipsSnapshot(), [set('a'), set('b')]).advancedSettings[8]).toBe('b');
    expect(applyToSnapshot(mipsSnapshot(), [set('a'), set(null)]).advancedSettings).not.toHaveProperty('8');
  });

  it('no change is the same snapshot, as a copy', () => {
    const s = mipsSnapshot();
    const copy = applyToSnapshot(s, []);
    expect(copy).not.toBe(s);
    expect(differences(s, copy, { maintenance: true })).toEqual([]);
  });
});

describe('cloneSnapshot', () => {
  it('copies every record, so writing the copy leaves the original as it was', () => {
    const s = mipsSnapshot({ ftpPdf: { u: PDF_SETTING } });
    const c = cloneSnapshot(s);
    c.profile.integrationPartner = 'x';
    c.invoicingOptions.x = true;
    c.bif.x = 'x';
    c.ftpUsers.push('x');
    delete c.ftpPdf.u;
    c.ftpZip.x = ZIP_SETTING;
    c.dataPump.payment.x = true;
    c.dataPump.nonPayment.x = true;
    c.advancedSettings[1] = 'x';
    expect(s).toEqual(mipsSnapshot({ ftpPdf: { u: PDF_SETTING } }));
  });

  it('CRM-named records have no prototype: __proto__ is an ordinary key', () => {
    const c = cloneSnapshot(mipsSnapshot());
    c.bif.__proto__ = 'v';
    expect(Object.keys(c.bif)).toContain('__proto__');
    expect(Object.getPrototypeOf(c.dataPump.payment)).toBeNull();
  });
});

describe('flatten and differences', () => {
  it('flatten names every entry "section key"; maintenance only when asked', () => {
    const keys = [...flatten(mipsSnapshot()).keys()];
    expect(keys).toContain('profile integration_partner');
    expect(keys).toContain('ftp_user townofexample');
    expect(keys).toContain('advanced_setting 10');
    expect(keys).toContain('datapump_nonpayment Autopay');
    expect(keys).not.toContain('maintenance active');
    expect(flatten(mipsSnapshot(), { maintenance: true }).get('maintenance active')).toBe('false');
  });

  it.each<{ name: string; actual: Partial<BillerSnapshot> }>([
    { name: 'settings gone', actual: { advancedSettings: { 3: 'unrelated' } } },
    { name: 'an FTP user more', actual: { ftpUsers: ['townofexample', 'other-user', 'new'] } },
    { name: 'a BIF value changed', actual: { bif: { 'IMT Computer Services/EmailNotification': 'false' } } },
  ])('name what differs, never the value: $name', ({ actual }) => {
    const expected = mipsSnapshot();
    const got = differences(expected, { ...expected, ...actual });
    expect(got.length).toBeGreaterThan(0);
    expect(got.join()).not.toMatch(/oldK|unrelated|false/);
  });

  it('says missing, unexpected or differs, sorted', () => {
    const expected = mipsSnapshot();
    const actual = mipsSnapshot({
      ftpUsers: ['townofexample', 'new-user'],
      bif: { 'IMT Computer Services/EmailNotification': 'false' },
    });
    expect(differences(expected, actual)).toEqual([
      'bif IMT Computer Services/EmailNotification: differs',
      'ftp_user new-user: unexpected',
      'ftp_user other-user: missing',
    ]);
  });

  it('compares a secret by its value, and a pickup setting whatever its key order', () => {
    const a = mipsSnapshot({ ftpPdf: { u: PDF_SETTING } });
    const reordered = { active: true, moveAction: PDF_SETTING.moveAction, backup: true, path: PDF_SETTING.path };
    const b = mipsSnapshot({ ftpPdf: { u: reordered } });
    b.advancedSettings[10] = new Secret('oldK|oldP');
    expect(differences(a, b)).toEqual([]);
    b.advancedSettings[10] = new Secret('oldK|other');
    expect(differences(a, b)).toEqual(['advanced_setting 10: differs']);
  });

  it('an empty setting is not an absent one', () => {
    const a = mipsSnapshot();
    const b = mipsSnapshot();
    b.advancedSettings[20] = '';
    expect(differences(a, b)).toEqual(['advanced_setting 20: unexpected']);
  });

  it('maintenance differs only when asked to compare it', () => {
    const a = mipsSnapshot();
    const b = mipsSnapshot({ maintenance: true });
    expect(differences(a, b)).toEqual([]);
    expect(differences(a, b, { maintenance: true })).toEqual(['maintenance active: differs']);
  });
});
