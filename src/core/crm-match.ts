/**
 * Which CRM a run wrote to, and whether crash recovery may restore its billers into tonight's. A journal
 * can be shared by runs against different CRMs (a journal on a shared path, two embedded database files):
 * a dead run's before-states belong to the CRM it converted, and written into another they would be a
 * silent, destructive wrong write. The identity is the one the CRM's lock is named by (lock/lock-identity.ts):
 * the embedded CRM's database file (device and inode), the HTTP CRM's normalised origin and path.
 */

/** A CRM as a run records it: `key` compares (the lock identity), `label` names it (never a secret). */
export interface CrmIdentity {
  key: string;
  label: string;
}

/**
 * `same`: the run converted tonight's CRM; `other`: another one; `unrecorded`: an earlier version started
 * it and did not record its CRM, so it cannot be proven to be tonight's (tonight unknown counts the same).
 */
export type CrmMatch = 'same' | 'other' | 'unrecorded';

export function crmMatch(recorded: CrmIdentity | null, tonight: CrmIdentity | null): CrmMatch {
  if (!recorded || !tonight) return 'unrecorded';
  return recorded.key === tonight.key ? 'same' : 'other';
}

/** The items of runs on tonight's CRM (`mine`), and the others with how they differ. */
export function splitByCrm<T extends { crm: CrmIdentity | null }>(
  items: readonly T[],
  tonight: CrmIdentity | null,
): { mine: T[]; others: Array<{ item: T; match: Exclude<CrmMatch, 'same'> }> } {
  const mine: T[] = [];
  const others: Array<{ item: T; match: Exclude<CrmMatch, 'same'> }> = [];
  for (const item of items) {
    const match = crmMatch(item.crm, tonight);
    if (match === 'same') mine.push(item);
    else others.push({ item, match });
  }
  return { mine, others };
}
