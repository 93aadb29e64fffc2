import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import * as C from '../../src/core/checklist.js';
import { undoFrom } from '../../src/core/restore.js';
import { applyToSnapshot, differences } from '../../src/core/simulate.js';
import { mipsSnapshot } from '../support/snapshots.js';

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
