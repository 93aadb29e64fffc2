/**
 * The stable codes a biller's result carries (results workbook and json, journal, console), one registry per
 * prefix. Codes are part of the tool's contract: scripts and the morning's filters match on them, so a code is
 * never renamed, and `ResultCode` is their union so that a misspelt one is a type error. FILE.* and
 * WORKSHEET.* (what was wrong with a file or a cell) live beside the Issue type in issues.ts, BLOCKED.* beside
 * the planner that decides most of them (plan.ts); the others are here.
 */
import type { IssueCode } from './issues.js';
import type { BlockCode } from './plan.js';

/** The CRM refused or lost a change of this biller (the biller was restored unless rollback-failed). */
export const CRM_CODES = {
  'CRM.NOT_FOUND': 'the biller is not (or no longer) in the CRM',
  'CRM.PERMISSION_DENIED': 'the CRM forbids our user this change (403)',
  'CRM.CONFLICT': 'someone changed the biller in the CRM during the run',
  'CRM.TRANSIENT': 'the CRM was busy or unreachable, after the retries',
  'CRM.ERROR': 'any other error of the CRM or the network',
  'CRM.READBACK_MISMATCH': 'the CRM did not keep what was written (read back)',
} as const;
export type CrmCode = keyof typeof CRM_CODES;

/** A rollback refused one biller before writing anything to it. */
export const ROLLBACK_CODES = {
  'ROLLBACK.NEEDS_KEY': 'secrets to restore that the journal holds only as fingerprints, or sealed with another key',
  'ROLLBACK.CHANGED_SINCE': 'someone changed the biller since the run (--force rolls it back anyway)',
} as const;
type RollbackCode = keyof typeof ROLLBACK_CODES;

/** What the run did (or did not do) to a biller, not what was wrong with it. */
export const RUN_CODES = {
  'RUN.INTERRUPTED': 'the run was stopped before this biller started: untouched',
  'RUN.CRASHED': 'the run died while converting this biller: the next run restores it',
} as const;
type RunCode = keyof typeof RUN_CODES;

/**
 * A task for a person on the results' *Follow-ups* sheet (a follow-up's code, not a biller's status). The two
 * of crash recovery are still emitted without their prefix by src/apply/recover-runs.ts (being changed on
 * another branch); the prefixed names here are the ones it is to emit.
 */
export const FOLLOW_UP_CODES = {
  'FOLLOW_UP.AUTOPAY_COLLECTION_DATE':
    'ask the biller whether its AutopayCollectionDate BIF customization needs updating',
  'FOLLOW_UP.EMAIL_NOTIFICATION': 'ask the biller whether its EmailNotification BIF customization needs updating',
  'FOLLOW_UP.IN_MAINTENANCE':
    'converted, but its IC pages are still in maintenance: end the window when nobody needs it',
  'FOLLOW_UP.IN_FLIGHT_ELSEWHERE': 'a live run (another host or process) has the biller in flight: left to that run',
  'FOLLOW_UP.CHANGES_KEPT': "a dead run's change rows for the biller are kept in output/changes-of-run-RUN.jsonl",
  'FOLLOW_UP.IN_FLIGHT_OTHER_CRM':
    'a dead run left the biller in flight on another CRM (or recorded none): left for a run on that CRM',
} as const;

/** Codes without a prefix, kept as they were first published. */
export const PLAIN_CODES = {
  SCHEDULED: 'the conversion date is after the night of the run',
  INTERNAL: 'an unexpected error while converting this biller (a bug): the biller was restored',
} as const;
type PlainCode = keyof typeof PLAIN_CODES;

/** Every code a biller's result may carry. */
export type ResultCode = IssueCode | BlockCode | CrmCode | RollbackCode | RunCode | PlainCode;
