/** The statuses of a biller in one run (see docs: domain, "Statuses"). */
export const STATUSES = ['rollback-failed', 'failed', 'blocked', 'invalid', 'scheduled', 'planned', 'converted', 'already-converted'] as const;
export type BillerStatus = (typeof STATUSES)[number];

/** Statuses that leave the biller untouched and need nobody now. */
export const SUCCESS: ReadonlySet<BillerStatus> = new Set(['converted', 'already-converted', 'planned', 'scheduled']);
