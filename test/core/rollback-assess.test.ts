import { describe, expect, it } from 'vitest';
import {
  assessRollback,
  drift,
  lockedSecrets,
  OtherKeyError,
  type JournaledState,
  type SecretMatcher,
} from '../../src/core/rollback-assess.js';
import { Secret } from '../../src/core/secret.js';
import { applyToSnapshot } from '../../src/core/simulate.js';
import type { BillerSnapshot } from '../../src/core/snapshot.js';
import { convertedSnapshot, mipsSnapshot } from '../support/snapshots.js';

/** A journal without a key: a secret is kept as its fingerprint, `fp:` + the value. */
const fingerprints: SecretMatcher = { matches: (sealed, value) => sealed === `fp:${value}` };
/** A journal sealed with another key: opening any seal throws, as the real sealer does (through keyMatcher). */
const otherKey: SecretMatcher = {
  matches: () => {
    throw new OtherKeyError('the journal key does not open secrets journaled with another key');
  },
};

const SECRETS = [10, 13, 16, 19] as const;
/** A state as a journal without a key decodes it: the secrets gone from the snapshot, known only by fingerprint. */
function masked(s: BillerSnapshot, numbers: readonly number[] = SECRETS): JournaledState {
  const settings = { ...s.advancedSettings };
  const unknownSecrets = new Map<number, string>();
  for (const n of numbers) {
    const v = settings[n];
    if (v instanceof Secret) unknownSecrets.set(n, `fp:${v.reveal()}`);
    delete settings[n];
  }
  return { snapshot: { ...s, advancedSettings: settings }, unknownSecrets };
}
const known = (s: BillerSnapshot): JournaledState => ({ snapshot: s, unknownSecrets: new Map() });

const before = mipsSnapshot();
const after = convertedSnapshot();
const withKey = { before: known(before), after: known(after) };
const noKey = { before: masked(before), after: masked(after, [10, 13]) };
function without(n: number): BillerSnapshot {
  const advancedSettings = { ...after.advancedSettings };
  delete advancedSettings[n];
  return { ...after, advancedSettings };
}
const edited = (patch: BillerSnapshot['advancedSettings']): BillerSnapshot => ({
  ...after,
  advancedSettings: { ...after.advancedSettings, ...patch },
});

describe('lockedSecrets: the secrets to restore the journal cannot open', () => {
  it.each([
    ['with the key nothing is unknown', known(before), after, fingerprints, []],
    [
      'without a key, the CRM holds converted secrets (16 and 19 removed)',
      masked(before),
      after,
      fingerprints,
      SECRETS,
    ],
    ['without a key, the CRM already holds the journaled values', masked(before), before, fingerprints, []],
    ['another key: a seal that cannot be opened is locked, not a crash', masked(before), before, otherKey, SECRETS],
    ['in number order, whatever the journal order', masked(before, [13, 10]), after, fingerprints, [10, 13]],
  ])('%s', (_name, state, current, matcher, locked) => {
    expect(lockedSecrets(state, current, matcher)).toEqual(locked);
  });

  it('orders 9 before 13 (numbers, not text)', () => {
    const state = {
      snapshot: before,
      unknownSecrets: new Map([
        [13, 'fp:x'],
        [9, 'fp:y'],
      ]),
    };
    expect(lockedSecrets(state, after, fingerprints)).toEqual([9, 13]);
  });
});

describe('drift: what changed since the run left the biller', () => {
  it.each([
    ['nothing', known(after), after, []],
    ['a plain setting', known(after), edited({ 9: 'by-a-person' }), ['advanced_setting 9: differs']],
    ['a masked secret still the same', masked(after, [10]), after, []],
    [
      'a masked secret changed',
      masked(after, [10]),
      edited({ 10: new Secret('new|pw') }),
      ['advanced_setting 10: differs'],
    ],
    ['a masked secret removed', masked(after, [10]), without(10), ['advanced_setting 10: differs']],
    [
      'sorted, secrets and settings together',
      masked(after, [13]),
      edited({ 13: new Secret('x|y'), 8: 'https://elsewhere' }),
      ['advanced_setting 13: differs', 'advanced_setting 8: differs'],
    ],
  ])('%s', (_name, left, now, expected) => {
    expect(drift(left, now, fingerprints)).toEqual(expected);
  });

  it.each([
    ['the same value', after, 'cannot be compared (journaled with another key)'],
    ['a changed value', edited({ 10: new Secret('new|pw') }), 'cannot be compared (journaled with another key)'],
    ['no value (the run left one: it differs, whatever the key)', without(10), 'differs'],
  ])('a secret sealed with another key, the CRM holding %s: said, not a crash', (_n, now, says) => {
    expect(drift(masked(after, [10]), now, otherKey)).toEqual([`advanced_setting 10: ${says}`]);
  });

  it('leaves the snapshot it was given as it was', () => {
    const now = edited({});
    const keys = Object.keys(now.advancedSettings);
    drift(masked(after, [10, 13]), now, fingerprints);
    expect(Object.keys(now.advancedSettings)).toEqual(keys);
  });
});

describe('assessRollback: what rolling back one biller means now', () => {
  const inWindow = { ...after, maintenance: true };
  it.each([
    ['gone from the CRM', withKey, null, false, 'gone'],
    ['gone, even with --force', withKey, null, true, 'gone'],
    ['secrets it cannot restore', noKey, after, false, 'needs-key'],
    ['secrets it cannot restore: --force does not help', noKey, after, true, 'needs-key'],
    [
      'secrets first, before a change since or a window',
      noKey,
      { ...edited({ 9: 'p' }), maintenance: true },
      true,
      'needs-key',
    ],
    ['changed since the run', withKey, edited({ 9: 'p' }), false, 'changed'],
    [
      'changed since, and in a window: changed is said first',
      withKey,
      { ...edited({ 9: 'p' }), maintenance: true },
      false,
      'changed',
    ],
    ['in a maintenance window', withKey, inWindow, false, 'maintenance'],
    [
      'changed since and in a window, --force: the window still refuses',
      withKey,
      { ...edited({ 9: 'p' }), maintenance: true },
      true,
      'maintenance',
    ],
    ['as the run left it', withKey, after, false, 'restore'],
    ['changed since, --force', withKey, edited({ 9: 'p' }), true, 'restore'],
  ])('%s', (_name, state, current, force, kind) => {
    expect(assessRollback(state, current, fingerprints, force).kind).toBe(kind);
  });

  // Another key, and the state before held no secret to restore: nothing is locked (the biller is handled, not
  // the whole command stopped); what the run sealed cannot be compared, so it is a change since unless --force.
  it.each([
    [false, { kind: 'changed', drift: ['advanced_setting 10: cannot be compared (journaled with another key)'] }],
    [true, { kind: 'restore', drift: ['advanced_setting 10: cannot be compared (journaled with another key)'] }],
  ])('another key, no secret in the state before, --force %s: %o', (force, expected) => {
    expect(assessRollback({ before: known(before), after: masked(after, [10]) }, after, otherKey, force)).toMatchObject(
      expected,
    );
  });

  it('restore: the changes bring the CRM back to the before-state, wrapped in a maintenance window', () => {
    const a = assessRollback(withKey, after, fingerprints, false);
    if (a.kind !== 'restore') throw new Error(a.kind);
    expect(a.current).toBe(after);
    expect(a.drift).toEqual([]);
    expect(a.changes[0]?.kind).toBe('maintenance.begin');
    expect(a.changes.at(-1)?.kind).toBe('maintenance.end');
    const reached = applyToSnapshot(after, a.changes);
    expect(reached.profile).toEqual(before.profile);
    expect(Object.keys(reached.advancedSettings).sort()).toEqual(Object.keys(before.advancedSettings).sort());
  });

  it('restore with --force carries what changed since; nothing to do when the CRM is already as before', () => {
    const forced = assessRollback(withKey, edited({ 9: 'p' }), fingerprints, true);
    expect(forced).toMatchObject({ kind: 'restore', drift: ['advanced_setting 9: differs'] });
    const again = assessRollback(withKey, before, fingerprints, true);
    expect(again).toMatchObject({ kind: 'restore', changes: [] });
  });

  it('needs-key names the locked settings; changed names the drift', () => {
    expect(assessRollback(noKey, after, fingerprints, false)).toEqual({ kind: 'needs-key', locked: [...SECRETS] });
    expect(assessRollback(withKey, edited({ 12: 'q' }), fingerprints, false)).toEqual({
      kind: 'changed',
      drift: ['advanced_setting 12: differs'],
    });
  });

  it('a masked secret the CRM already holds is skipped, never written blind', () => {
    const sameSecrets = {
      ...after,
      advancedSettings: { ...after.advancedSettings, ...pick(before.advancedSettings, SECRETS) },
    };
    const a = assessRollback({ before: masked(before), after: known(sameSecrets) }, sameSecrets, fingerprints, false);
    if (a.kind !== 'restore') throw new Error(a.kind);
    const touched = a.changes.filter((c) => c.entity === 'advanced_setting').map((c) => Number(c.key));
    for (const n of SECRETS) expect(touched).not.toContain(n);
    expect(touched.length).toBeGreaterThan(0);
  });
});

function pick<T>(o: Record<number, T>, keys: readonly number[]): Record<number, T> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]!]));
}

describe('only a seal of another key passes for "journaled with another key": any other fault is thrown', () => {
  const throwing = (e: Error): SecretMatcher => ({
    matches: () => {
      throw e;
    },
  });
  const faults = [
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'subarray')")],
    ['a corrupt journal', new Error('unsupported state or unable to authenticate data')],
  ] as const;
  const converted = { before: masked(before), after: masked(after, [10]) };
  it.each(faults)('%s: lockedSecrets throws it', (_name, e) => {
    expect(() => lockedSecrets(masked(before), before, throwing(e))).toThrow(e);
  });
  it.each(faults)('%s: drift throws it', (_name, e) => {
    expect(() => drift(masked(after, [10]), after, throwing(e))).toThrow(e);
  });
  it.each(faults)('%s: assessRollback throws it, with or without --force', (_name, e) => {
    for (const force of [false, true]) expect(() => assessRollback(converted, after, throwing(e), force)).toThrow(e);
  });
});
