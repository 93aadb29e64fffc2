import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { desiredSettings } from '../../src/core/desired-settings.js';
import { loadFieldMap } from '../../src/core/field-map.js';
import { plan } from '../../src/core/plan.js';
import { reveal } from '../../src/core/snapshot.js';
import { validateBiller } from '../../src/core/validate.js';
import { editedMap } from '../support/field-maps.js';
import { fieldMap, validRaw } from '../support/raw.js';
import { mipsSnapshot } from '../support/snapshots.js';

/** The test biller as read with a given field map. */
function billerWith(map: unknown) {
  const v = validateBiller(validRaw(), loadFieldMap(map));
  if (!v.biller) throw new Error(`test biller invalid: ${JSON.stringify(v.issues)}`);
  return v.biller;
}

/** Setting → [value written, field whose cell is named as the source]. */
function settingsSet(changes: readonly Change[]): Record<number, [string | null, string | undefined]> {
  const out: Record<number, [string | null, string | undefined]> = {};
  for (const c of changes) if (c.kind === 'advanced.set') out[c.key] = [reveal(c.after), c.source?.cell];
  return out;
}

const cellOf = (key: string) => `B${fieldMap.map.fields.findIndex((f) => f.key === key) + 3}`;
const COMMITTED = {
  8: ['https://rtdr.example.com/rtdr', cellOf('rtdrUrl')],
  9: ['rtdr-user', cellOf('rtdrUsername')],
  10: ['rtdrKeyUNIQUE1|rtdrPwUNIQUE2', cellOf('rtdrPrivateKey')],
  11: ['https://pay.example.com/datapump', cellOf('paymentsUrl')],
  12: ['pay-user', cellOf('paymentsUsername')],
  13: ['payKeyUNIQUE3|payPwUNIQUE4', cellOf('paymentsPrivateKey')],
};

describe('the plan follows the field map file, not code', () => {
  it.each([
    { name: 'the committed map', patch: {}, expected: COMMITTED },
    {
      name: 'two usernames swapped between settings 9 and 12',
      patch: { rtdrUsername: { setting: 12 }, paymentsUsername: { setting: 9 } },
      expected: { ...COMMITTED, 9: COMMITTED[12], 12: COMMITTED[9] },
    },
    {
      name: 'the two secret pairs swapped between settings 10 and 13',
      patch: {
        rtdrPrivateKey: { setting: 13 },
        rtdrPassword: { setting: 13 },
        paymentsPrivateKey: { setting: 10 },
        paymentsPassword: { setting: 10 },
      },
      expected: { ...COMMITTED, 10: COMMITTED[13], 13: COMMITTED[10] },
    },
    {
      name: 'the parts of setting 10 swapped',
      patch: { rtdrPrivateKey: { part: 'password' }, rtdrPassword: { part: 'privateKey' } },
      expected: { ...COMMITTED, 10: ['rtdrPwUNIQUE2|rtdrKeyUNIQUE1', cellOf('rtdrPassword')] },
    },
    {
      name: 'setting 9 fed by the biller contact instead of the RTDR username',
      patch: { rtdrUsername: { setting: undefined }, billerContact: { setting: 9 } },
      expected: { ...COMMITTED, 9: ['clerk@example.org', cellOf('billerContact')] },
    },
  ])('$name', ({ patch, expected }) => {
    const p = plan(billerWith(editedMap(patch)), mipsSnapshot());
    expect(settingsSet(p.changes)).toEqual(expected);
  });
});

describe('desiredSettings', () => {
  it('gives settings 8-13 in order, with their CRM names', () => {
    expect(desiredSettings(billerWith(editedMap({}))).map((s) => `${s.number} ${s.name}`)).toEqual([
      '8 RTDR EndPoint/WebService URL',
      '9 RTDR Username if Applicable',
      '10 RTDR Key or Password if Applicable',
      '11 DataPump Payments EndPoint/WebService URL',
      '12 DataPump Payments EndPoint/WebService Username',
      '13 DataPump Payments EndPoint/WebService Password',
    ]);
  });

  it('joins an empty pair to an empty secret, never to "|"', () => {
    const v = validateBiller(validRaw({ rtdrPrivateKey: '', rtdrPassword: '' }), fieldMap);
    const ten = desiredSettings(v.biller!).find((s) => s.number === 10);
    expect(ten && typeof ten.after !== 'string' && ten.after.reveal()).toBe('');
  });
});
