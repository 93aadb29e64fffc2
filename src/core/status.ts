/**
 * The statuses of a biller in one run (see docs: domain, "Statuses"), in the order the results
 * list them: what needs a person first. Two are ours: `interrupted` (the run was stopped before
 * this biller started; nothing was touched) and `rolled-back` (a rollback restored it).
 */
export const STATUSES = [
  'rollback-failed',
  'failed',
  'blocked',
  'invalid',
  'interrupted',
  'scheduled',
  'planned',
  'rolled-back',
  'converted',
  'already-converted',
] as const;
export type BillerStatus = (typeof STATUSES)[number];

export const STATUS_MEANING: Record<BillerStatus, string> = {
  'rollback-failed': 'a change failed and restoring failed too: a person must act now',
  failed: 'a change failed; everything already changed was restored',
  blocked: 'a precondition failed: nothing was touched',
  invalid: 'the worksheet failed validation: nothing was touched',
  interrupted: 'the run was stopped before this biller started: nothing was touched',
  scheduled: 'conversion date in the future: left for a later run',
  planned: 'dry run: the changes a real run would make',
  'rolled-back': 'rollback: restored to its state before the run, read back',
  converted: 'every change applied and read back as expected',
  'already-converted': 'nothing to change',
};
