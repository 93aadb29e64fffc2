/**
 * What rolling back one biller means now, decided from the journal and a fresh read of the CRM before any
 * write: it is gone, a secret to restore cannot be opened (ROLLBACK.NEEDS_KEY), someone changed it since the
 * run (refused unless --force), it is in a maintenance window, or these changes bring it back. Pure: the shell
 * reads the CRM and hands the snapshot in; the journal's sealer is seen only through `matches`.
 */
import type { Change } from './change.js';
import { changesToReach } from './restore.js';
import { differences } from './simulate.js';
import { reveal, type BillerSnapshot } from './snapshot.js';

/**
 * Does `sealed` (a sealed secret, or only its fingerprint) hold `value`? Throws OtherKeyError for a seal of
 * another key; any other error is a fault (a corrupt journal, a bug) and is never taken for that.
 */
export interface SecretMatcher {
  matches(sealed: string, value: string): boolean;
}

/** A secret sealed with another journal key: whether it still holds a value cannot be told. */
export class OtherKeyError extends Error {
  override name = 'OtherKeyError';
}

/** A state the journal recorded: the snapshot, and the secret settings it could not open (number → sealed). */
export interface JournaledState {
  snapshot: BillerSnapshot;
  unknownSecrets: ReadonlyMap<number, string>;
}

/** A biller a run converted: the state before the run, and the state the run left. */
export interface ConvertedState {
  before: JournaledState;
  after: JournaledState;
}

/** `current`: the CRM state the assessment was made on, where the rollback goes on with it. */
export type Assessment =
  | { kind: 'gone' }
  | { kind: 'needs-key'; locked: number[] }
  | { kind: 'changed'; drift: string[] }
  | { kind: 'maintenance'; current: BillerSnapshot }
  | { kind: 'restore'; current: BillerSnapshot; changes: Change[]; drift: string[] };

/** What differs between the state a run left and the CRM now; secrets the journal only masked compare by their
 * fingerprint, and one sealed with another key cannot be compared (said as such: a change since, unless --force). */
export function drift(left: JournaledState, now: BillerSnapshot, sealer: SecretMatcher): string[] {
  const known = { ...left.snapshot, advancedSettings: { ...left.snapshot.advancedSettings } };
  const current = { ...now, advancedSettings: { ...now.advancedSettings } };
  const out: string[] = [];
  for (const [n, sealed] of left.unknownSecrets) {
    const v = reveal(current.advancedSettings[n]);
    let same: boolean | undefined;
    try {
      same = v !== null && sealer.matches(sealed, v);
    } catch (e) {
      if (!(e instanceof OtherKeyError)) throw e;
      same = undefined; // sealed with another key: whether anyone changed it since cannot be told
    }
    if (same === undefined) out.push(`advanced_setting ${n}: cannot be compared (journaled with another key)`);
    else if (!same) out.push(`advanced_setting ${n}: differs`);
    delete current.advancedSettings[n];
  }
  return [...out, ...differences(known, current)].sort();
}

/**
 * The secret settings to restore that the sealer cannot open (no key, or another key), and whose CRM value is not
 * already the journaled one, in order. Restoring the rest would leave these converted beside restored settings.
 */
export function lockedSecrets(before: JournaledState, current: BillerSnapshot, sealer: SecretMatcher): number[] {
  const out: number[] = [];
  for (const [n, sealed] of before.unknownSecrets) {
    const v = reveal(current.advancedSettings[n]);
    let same: boolean;
    try {
      same = v !== null && sealer.matches(sealed, v);
    } catch (e) {
      if (!(e instanceof OtherKeyError)) throw e;
      same = false;
    }
    if (!same) out.push(n);
  }
  return out.sort((a, b) => a - b);
}

/**
 * What rolling back one biller means now, in this order: gone; a secret it cannot restore (all or nothing, so
 * refused before any write); changed since the run (unless `force`); in maintenance; else the changes to restore.
 */
export function assessRollback(
  c: ConvertedState,
  current: BillerSnapshot | null,
  sealer: SecretMatcher,
  force: boolean,
): Assessment {
  if (!current) return { kind: 'gone' };
  const locked = lockedSecrets(c.before, current, sealer);
  if (locked.length) return { kind: 'needs-key', locked };
  const changedSince = drift(c.after, current, sealer);
  if (changedSince.length && !force) return { kind: 'changed', drift: changedSince };
  if (current.maintenance) return { kind: 'maintenance', current };
  return {
    kind: 'restore',
    current,
    changes: changesToReach(current, c.before.snapshot, new Set(c.before.unknownSecrets.keys())),
    drift: changedSince,
  };
}
