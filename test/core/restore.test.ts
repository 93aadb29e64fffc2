import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import * as C from '../../src/core/checklist.js';
import { changesToReach, undoFrom } from '../../src/core/restore.js';
import { Secret } from '../../src/core/secret.js';
import { applyToSnapshot, differences } from '../../src/core/simulate.js';
import type { BillerSnapshot } from '../../src/core/snapshot.js';
import { convertedSnapshot, mipsSnapshot } from '../support/snapshots.js';

const before = mipsSnapshot();
const id = before.billerId;
const partner: Change = {
  billerId: id,
  section: C.SECTION.partner,
  kind: 'partner.update',
  entity: 'profile',
  key: 'integration_partner',
  before: C.PARTNER_MIPS_APPS,
  after: C.PARTNER_SPECTRUM,
};
const remove14: Change = {
  billerId: id,
  section: C.SECTION.webServices,
  kind: 'advanced.remove',
  entity: 'advanced_setting',
  key: 14,
  name: C.settingName(14),
  before: before.advancedSettings[14] ?? null,
  after: null,
};
const begin: Change = {
  billerId: id,
  section: C.SECTION.maintenance,
  kind: 'maintenance.begin',
  entity: 'maintenance',
  key: 'active',
  before: false,
  after: true,
};
const touched = [begin, partner, remove14];

describe('undoFrom: what to set back, judged on the state read now', () => {
  it.each([
    {
      name: 'both changes reached the CRM: both set back, last first',
      now: applyToSnapshot(before, touched),
      undo: ['advanced_setting 14', 'profile integration_partner'],
      foreign: 0,
    },
    {
      name: 'the last change never landed (its answer was a refusal): only the first is set back',
      now: applyToSnapshot(before, [begin, partner]),
      undo: ['profile integration_partner'],
      foreign: 0,
    },
    {
      name: 'already back where it was (an undo whose answer was lost): nothing to do',
      now: before,
      undo: [],
      foreign: 0,
    },
    {
      name: "a third value on a key we touched: someone else's, left and reported",
      now: { ...applyToSnapshot(before, touched), profile: { ...before.profile, integrationPartner: 'Someone Else' } },
      undo: ['advanced_setting 14'],
      foreign: 1,
    },
  ])('$name', ({ now, undo, foreign }) => {
    const r = undoFrom(now, touched);
    expect(r.undo.map((c) => `${c.entity} ${String(c.key)}`)).toEqual(undo);
    expect(r.undo.every((u) => u.entity !== 'maintenance')).toBe(true); // the window is the caller's
    expect(r.foreign).toHaveLength(foreign);
    // Once undone, only the other person's edit still differs from before.
    expect(differences(before, applyToSnapshot(now, r.undo))).toHaveLength(foreign);
  });

  it.each([
    { name: 'both changes to the key landed', landed: 2 },
    { name: 'only the first landed', landed: 1 },
  ])('a key changed twice is set back once, to its value from before the first change ($name)', ({ landed }) => {
    const again: Change = { ...partner, before: C.PARTNER_SPECTRUM, after: 'IMT Spectrum 2' };
    const r = undoFrom(applyToSnapshot(before, [partner, again].slice(0, landed)), [partner, again]);
    expect(r.undo).toHaveLength(1);
    expect(r.undo[0]).toMatchObject({
      before: landed === 2 ? 'IMT Spectrum 2' : C.PARTNER_SPECTRUM,
      after: C.PARTNER_MIPS_APPS,
    });
  });
});

describe('changesToReach: from the state now back to a recorded one, in checklist order', () => {
  const user = 'ftp-user';
  const pdf = { ...C.PDF_SETTING };
  const zip = { ...C.ZIP_SETTING };
  /** Each change as `kind key: before → after` (secrets by value), the window included. */
  const show = (changes: Change[]) =>
    changes.map((c) => {
      const text = (v: unknown) =>
        v && typeof v === 'object' && 'reveal' in v ? (v as Secret).reveal() : JSON.stringify(v);
      return `${c.kind} ${String(c.key)}: ${text(c.before)} → ${text(c.after)}`;
    });
  const recorded = mipsSnapshot();
  it.each<{ name: string; now: BillerSnapshot; skip?: number[]; want: string[] }>([
    { name: 'already there: nothing, not even a window', now: mipsSnapshot(), want: [] },
    {
      name: 'the partner back',
      now: mipsSnapshot({ profile: { ...recorded.profile, integrationPartner: C.PARTNER_SPECTRUM } }),
      want: [
        'maintenance.begin active: false → true',
        `partner.update integration_partner: "${C.PARTNER_SPECTRUM}" → "${C.PARTNER_MIPS_APPS}"`,
        'maintenance.end active: true → false',
      ],
    },
    {
      name: 'a window already open is not opened again, but closed',
      now: mipsSnapshot({ maintenance: true, bif: { ...recorded.bif, [C.BIF_INVOICE_FORMAT_KEY]: 'G' } }),
      want: [`bif.set ${C.BIF_INVOICE_FORMAT_KEY}: "G" → null`, 'maintenance.end active: true → false'],
    },
    {
      name: 'BIF keys set back and removed, key by key in key order',
      now: mipsSnapshot({ bif: { 'IMT Computer Services/EmailNotification': 'false', 'Z/Added': 'x' } }),
      want: [
        'maintenance.begin active: false → true',
        'bif.set IMT Computer Services/EmailNotification: "false" → "true"',
        'bif.set Z/Added: "x" → null',
        'maintenance.end active: true → false',
      ],
    },
    {
      name: 'FTP pickup settings removed (PDF, then ZIP)',
      now: mipsSnapshot({ ftpPdf: { [user]: pdf }, ftpZip: { [user]: zip } }),
      want: [
        'maintenance.begin active: false → true',
        `ftp.pdf.set ${user}: ${JSON.stringify(pdf)} → null`,
        `ftp.zip.set ${user}: ${JSON.stringify(zip)} → null`,
        'maintenance.end active: true → false',
      ],
    },
    {
      name: 'DataPump selections back (non-payment, then payment); an item the record lacks is left',
      now: mipsSnapshot({
        dataPump: {
          payment: { 'Terminal: Main Office': true, PayPal: true, OBD: false, New: true },
          nonPayment: { Paperless: false, Autopay: false },
        },
      }),
      want: [
        'maintenance.begin active: false → true',
        'datapump.select Paperless: false → true',
        'datapump.select OBD: false → true',
        'datapump.select PayPal: true → false',
        'maintenance.end active: true → false',
      ],
    },
    {
      name: 'advanced settings by number: set back, added back, removed',
      now: mipsSnapshot({
        advancedSettings: { ...without(recorded.advancedSettings, 14), 8: 'https://new.example.com', 200: 'x' },
      }),
      want: [
        'maintenance.begin active: false → true',
        'advanced.set 8: "https://new.example.com" → "https://old.example.com/rtdr"',
        'advanced.set 14: null → "https://old.example.com/pl"',
        'advanced.remove 200: "x" → null',
        'maintenance.end active: true → false',
      ],
    },
    {
      name: 'a secret setting whose recorded value is unknown is skipped; other settings are not',
      now: mipsSnapshot({ advancedSettings: { ...recorded.advancedSettings, 10: new Secret('new'), 9: 'u' } }),
      skip: [10, 9],
      want: [
        'maintenance.begin active: false → true',
        'advanced.set 9: "u" → "old-user"',
        'maintenance.end active: true → false',
      ],
    },
    {
      name: 'a secret setting not skipped is set back to its value',
      now: mipsSnapshot({ advancedSettings: { ...recorded.advancedSettings, 10: new Secret('new') } }),
      want: [
        'maintenance.begin active: false → true',
        'advanced.set 10: new → oldK|oldP',
        'maintenance.end active: true → false',
      ],
    },
  ])('$name', ({ now, skip, want }) => {
    const changes = changesToReach(now, recorded, new Set(skip));
    expect(show(changes)).toEqual(want);
    expect(changes.every((c) => c.billerId === recorded.billerId)).toBe(true);
  });

  it('every section in the order of the checklist, and applied they reach the record', () => {
    const now = convertedSnapshot();
    const changes = changesToReach(now, recorded);
    const order = [...new Set(changes.map((c) => c.kind))];
    expect(order).toEqual([
      'maintenance.begin',
      'partner.update',
      'bif.set',
      'ftp.pdf.set',
      'ftp.zip.set',
      'datapump.select',
      'advanced.set',
      'maintenance.end',
    ]);
    expect(differences(applyToSnapshot(now, changes), recorded, { maintenance: true })).toEqual([]);
  });
});

/** The settings without setting `n`. */
function without<T>(settings: Record<number, T>, n: number): Record<number, T> {
  return Object.fromEntries(Object.entries(settings).filter(([k]) => Number(k) !== n));
}
