/**
 * What a rollback says about one biller: its preview line before anything is written, and the error of a biller
 * it refuses (the maintenance refusal is the engine's own, apply-biller's inMaintenance). Pure text.
 */
import type { Assessment } from './rollback-assess.js';
import { settingName } from './checklist.js';
import type { BillerResult } from './summary.js';

type ResultError = NonNullable<BillerResult['error']>;
/** The refusals whose words are the rollback's own. */
export type Refused = Extract<Assessment, { kind: 'gone' | 'needs-key' | 'changed' }>;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The preview of one biller (`who`: its id and name): what the rollback will do to it. */
export function previewLine(who: string, a: Assessment, runId: string): string {
  switch (a.kind) {
    case 'gone':
      return `  ${who}: no longer in the CRM (will fail)`;
    case 'needs-key':
      return `  ${who}: will be refused: Advanced Settings ${a.locked.join(', ')} need the journal key of run ${runId}`;
    case 'maintenance':
      return `  ${who}: in a maintenance window now, will be refused`;
    case 'changed':
      return (
        `  ${who}: changed since run ${runId}, will be refused (--force to roll back anyway): ` +
        `${a.drift.join('; ')}`
      );
    case 'restore': {
      const what = a.changes.length ? `${plural(a.changes.length, 'change')} to restore` : 'already as before the run';
      return `  ${who}: ${what}${a.drift.length ? ' (changed since the run: --force)' : ''}`;
    }
  }
}

/** Why a biller is not rolled back; `canOpen`: the journal key opens sealed secrets (it is another key's). */
export function refusalError(a: Refused, runId: string, canOpen: boolean): ResultError {
  if (a.kind === 'gone') return { code: 'CRM.NOT_FOUND', message: 'the biller is no longer in the CRM' };
  if (a.kind === 'changed')
    return {
      code: 'ROLLBACK.CHANGED_SINCE',
      message:
        `changed since run ${runId}, not overwritten (use --force to roll back anyway): ` + `${a.drift.join('; ')}`,
    };
  const what = canOpen ? 'them sealed with another key' : 'only their fingerprints (no journal key was configured)';
  return {
    code: 'ROLLBACK.NEEDS_KEY',
    message:
      `Advanced Settings ${a.locked.map((n) => `${n} (${settingName(n)})`).join(', ')} must be restored ` +
      `but the journal holds ${what}: nothing was changed. Set SPECTRUM_CONVERT_JOURNAL_KEY or journalKeyFile ` +
      `to the key of run ${runId}, then roll back again`,
  };
}
