/**
 * Snapshots and change values as journal text. Secret values (Secret instances) are sealed;
 * everything else is plain JSON. Decoding gives back Secret instances where the sealer can
 * open them, and the numbers of the secret settings it could not.
 */
import type { Change } from '../core/change.js';
import { Secret } from '../core/secret.js';
import { withDicts, type BillerSnapshot, type SettingValue } from '../core/snapshot.js';
import type { Sealer } from './seal.js';

type Sealed = { sealed: string };

function encodeValue(v: unknown, sealer: Sealer): unknown {
  return v instanceof Secret ? { sealed: sealer.seal(v.reveal()) } : v;
}

export function encodeSnapshot(s: BillerSnapshot, sealer: Sealer): string {
  const settings: Record<string, unknown> = {};
  for (const [n, v] of Object.entries(s.advancedSettings)) settings[n] = encodeValue(v, sealer);
  return JSON.stringify({ ...s, advancedSettings: settings });
}

/** The snapshot, plus the secret settings whose values were masked and cannot be restored. */
export function decodeSnapshot(
  text: string,
  sealer: Sealer,
): { snapshot: BillerSnapshot; unknownSecrets: Map<number, string> } {
  const raw = JSON.parse(text) as Omit<BillerSnapshot, 'advancedSettings'> & {
    advancedSettings: Record<string, string | Sealed>;
  };
  const unknownSecrets = new Map<number, string>();
  const settings: Record<number, SettingValue> = {};
  for (const [n, v] of Object.entries(raw.advancedSettings)) {
    if (typeof v === 'string') {
      settings[Number(n)] = v;
      continue;
    }
    let opened: string | undefined;
    try {
      opened = sealer.open(v.sealed);
    } catch {
      opened = undefined; // sealed with another key: as unknown as a mask (rollback refuses, ROLLBACK.NEEDS_KEY)
    }
    if (opened === undefined) unknownSecrets.set(Number(n), v.sealed);
    else settings[Number(n)] = new Secret(opened);
  }
  return { snapshot: withDicts({ ...raw, advancedSettings: settings }), unknownSecrets };
}

export function encodeChangeValue(v: Change['before'], sealer: Sealer): string {
  return JSON.stringify(encodeValue(v, sealer) ?? null);
}
