import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { createSealer } from '../../src/journal/seal.js';
import { decodeSnapshot, encodeChangeValue, encodeSnapshot } from '../../src/journal/snapshot-codec.js';
import { createMasker } from '../../src/mask.js';
import { mipsSnapshot } from '../support/snapshots.js';

const mask = createMasker(Buffer.alloc(32, 7));
const withKey = createSealer(Buffer.alloc(32, 9), mask);
const masksOnly = createSealer(undefined, mask);
const SECRET_SETTINGS = [10, 13, 16, 19];

describe('encodeSnapshot / decodeSnapshot', () => {
  it('round-trips a snapshot with a key: secrets come back as Secret, everything else as it was', () => {
    const snap = mipsSnapshot();
    const text = encodeSnapshot(snap, withKey);
    for (const n of SECRET_SETTINGS) expect(text).not.toContain((snap.advancedSettings[n] as Secret).reveal());
    const { snapshot, unknownSecrets } = decodeSnapshot(text, withKey);
    expect(unknownSecrets.size).toBe(0);
    for (const n of SECRET_SETTINGS) {
      expect(snapshot.advancedSettings[n]).toBeInstanceOf(Secret);
      expect((snapshot.advancedSettings[n] as Secret).reveal()).toBe((snap.advancedSettings[n] as Secret).reveal());
    }
    const plain = (s: typeof snap) => ({ ...s, advancedSettings: undefined });
    expect(plain(snapshot)).toEqual(plain(snap));
    expect(snapshot.advancedSettings[8]).toBe(snap.advancedSettings[8]);
  });

  it.each([
    { name: 'masked (no key)', seal: masksOnly, open: masksOnly },
    { name: 'sealed with another key', seal: withKey, open: createSealer(Buffer.alloc(32, 1), mask) },
  ])('$name: the secret settings are reported unknown with their sealed text, plain ones kept', ({ seal, open }) => {
    const snap = mipsSnapshot();
    const text = encodeSnapshot(snap, seal);
    const { snapshot, unknownSecrets } = decodeSnapshot(text, open);
    expect([...unknownSecrets.keys()].sort((a, b) => a - b)).toEqual(SECRET_SETTINGS);
    const raw = JSON.parse(text) as { advancedSettings: Record<string, { sealed: string }> };
    expect(unknownSecrets.get(13)).toBe(raw.advancedSettings['13']!.sealed);
    for (const n of SECRET_SETTINGS) expect(snapshot.advancedSettings[n]).toBeUndefined();
    expect(snapshot.advancedSettings[8]).toBe(snap.advancedSettings[8]);
  });
});

describe('encodeChangeValue', () => {
  it.each([
    { name: 'a string', value: 'https://x', want: '"https://x"' },
    { name: 'undefined (nothing before)', value: undefined, want: 'null' },
    { name: 'a boolean', value: true, want: 'true' },
  ])('$name', ({ value, want }) => {
    expect(encodeChangeValue(value as never, withKey)).toBe(want);
  });

  it('a Secret is sealed, never written in clear', () => {
    const text = encodeChangeValue(new Secret('pw|hunter2') as never, withKey);
    const sealed = (JSON.parse(text) as { sealed: string }).sealed;
    expect(text).not.toContain('hunter2');
    expect(withKey.open(sealed)).toBe('pw|hunter2');
  });
});
