/**
 * The CRM, as the conversion engine sees it. Every adapter (the embedded SQLite CRM, the HTTP
 * CRM) implements this port, and one contract test suite runs against each.
 *
 * Rules every adapter keeps:
 * - every operation is async, so a remote adapter needs no engine change;
 * - every write is idempotent: applying the same change twice leaves the same state;
 * - failures are thrown as {@link TargetError} with a {@link TargetErrorKind}, never as raw
 *   driver or network errors, so the engine can tell "retry" from "give up" from "ask a person".
 */
import type { Change } from '../core/change.js';
import type { CrmCode } from '../core/codes.js';
import type { BillerSnapshot } from '../core/snapshot.js';

export interface TargetPort {
  /** A short name for logs and results: "sqlite:output/crm.db", "http://crm:8080". */
  readonly name: string;

  /** One biller's whole configuration, or null when the CRM does not know the biller. */
  readSnapshot(billerId: string): Promise<BillerSnapshot | null>;

  /**
   * Make the CRM hold `change.after` for the change's entity and key (`null` removes it).
   * `change.before` is what the engine last read; an adapter that can detect a concurrent edit
   * (ETag) reports a mismatch as a "conflict".
   */
  apply(change: Change): Promise<void>;

  /**
   * Put the biller's IC pages in maintenance (no payer or IMT access), as `owner` (a run id): a
   * lease. Idempotent for the same owner; a window another holder has open is a "conflict".
   */
  beginMaintenance(billerId: string, owner?: string): Promise<void>;

  /** End the maintenance window `owner` holds. Idempotent; another holder's window is a "conflict". */
  endMaintenance(billerId: string, owner?: string): Promise<void>;

  /** Release connections and files. */
  close(): Promise<void>;
}

export type TargetErrorKind = 'not-found' | 'permission-denied' | 'conflict' | 'transient' | 'other';

/** Stable machine codes, one per kind, as they appear in results and logs. */
const TARGET_ERROR_CODES: Record<TargetErrorKind, CrmCode> = {
  'not-found': 'CRM.NOT_FOUND',
  'permission-denied': 'CRM.PERMISSION_DENIED',
  conflict: 'CRM.CONFLICT',
  transient: 'CRM.TRANSIENT',
  other: 'CRM.ERROR',
};

/**
 * The CRM refusing us as a whole, not one biller: a rejected token, a read forbidden, no connection, an
 * untrusted certificate, a URL path that is not the CRM's API. The batch stops after a few in a row.
 */
export type Refusal = 'unauthenticated' | 'forbidden' | 'unreachable' | 'tls' | 'no-route';

export class TargetError extends Error {
  override name = 'TargetError';
  readonly code: CrmCode;

  constructor(
    readonly kind: TargetErrorKind,
    message: string,
    readonly hint?: string,
    readonly refusal?: Refusal,
  ) {
    super(message);
    this.code = TARGET_ERROR_CODES[kind];
  }

  /** Worth trying again (after a pause): the CRM was busy or the network dropped. */
  get retryable(): boolean {
    return this.kind === 'transient';
  }
}

/** Any thrown value as a TargetError, so the engine handles one type. */
export function asTargetError(e: unknown): TargetError {
  if (e instanceof TargetError) return e;
  return new TargetError('other', e instanceof Error ? e.message : String(e));
}
