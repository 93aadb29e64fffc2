/**
 * A row of the journal as its readers type it. A run row is read by the journal itself (journal-queries.ts:
 * history, rollback, recovery) and by the read-only reader of the tracker (journal-reader.ts); the columns
 * both read are typed here once, so a change to one (how counts are stored) cannot miss the other.
 */
import type { CrmIdentity } from '../core/crm-match.js';

export type Row = Record<string, string | number | null>;

/** A nullable column as text (absent: a column an older journal lacks). */
export const str = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));

/** The columns of a run that every reader reads, as the journal has had them since its first version. */
export function runFields(r: Row) {
  return {
    id: String(r.id),
    kind: String(r.kind),
    startedAt: String(r.started_at),
    endedAt: str(r.ended_at),
    state: String(r.state),
    counts: r.counts ? (JSON.parse(String(r.counts)) as Record<string, number>) : null,
    exitCode: r.exit_code === null ? null : Number(r.exit_code),
    results: str(r.results),
  };
}

/** The CRM a run recorded (migration 5); null for a run of an earlier version, which has none. */
export function crmOf(r: Row): CrmIdentity | null {
  const key = str(r.crm_key);
  return key === null ? null : { key, label: str(r.crm_label) ?? key };
}
