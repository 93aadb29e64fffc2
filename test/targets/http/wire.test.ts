import { describe, expect, it } from 'vitest';
import { SECRET_SETTINGS } from '../../../src/core/checklist.js';
import { Secret } from '../../../src/core/secret.js';
import { fromWire, toWire, WireBiller } from '../../../src/targets/http/wire.js';
import { mipsSnapshot } from '../../support/snapshots.js';

describe('toWire / fromWire', () => {
  it('secret settings travel in clear on the wire and come back wrapped as Secret', () => {
    const snap = mipsSnapshot();
    const wire = toWire(snap);
    for (const [n, v] of Object.entries(snap.advancedSettings)) {
      expect(wire.advancedSettings[n]).toBe(v instanceof Secret ? v.reveal() : v);
    }
    const back = fromWire(WireBiller.parse(JSON.parse(JSON.stringify(wire))));
    for (const n of Object.keys(wire.advancedSettings).map(Number)) {
      expect(back.advancedSettings[n] instanceof Secret).toBe(SECRET_SETTINGS.has(n));
    }
    expect(toWire(back)).toEqual(wire);
  });
});

describe('WireBiller', () => {
  const good = () => JSON.parse(JSON.stringify(toWire(mipsSnapshot()))) as Record<string, unknown>;
  it.each([
    { name: 'a setting number that is not digits', patch: { advancedSettings: { x8: 'v' } } },
    { name: 'a boolean sent as text', patch: { maintenance: 'false' } },
    { name: 'no profile', patch: { profile: undefined } },
    { name: 'an ftp user that is not text', patch: { ftpUsers: [1] } },
    { name: 'a pdf setting without its action', patch: { ftpPdf: { u: { path: '/', backup: true, active: true } } } },
  ])('refuses $name', ({ patch }) => {
    expect(WireBiller.safeParse({ ...good(), ...patch }).success).toBe(false);
  });

  it('accepts what toWire writes, with or without a maintenance owner', () => {
    expect(WireBiller.safeParse(good()).success).toBe(true);
    expect(WireBiller.safeParse({ ...good(), maintenanceOwner: 'R1' }).success).toBe(true);
  });
});
