/** Target wrappers for tests: fail the k-th call, count writes, record concurrency. */
import type { Change } from '../../src/core/change.js';
import type { BillerSnapshot } from '../../src/core/snapshot.js';
import { TargetError, type TargetErrorKind, type TargetPort } from '../../src/targets/target-port.js';

export type Op = 'readSnapshot' | 'apply' | 'beginMaintenance' | 'endMaintenance';

/** Wraps a target; `failAt(n)` makes the n-th call (1-based, counting every operation) throw. */
export class FaultyTarget implements TargetPort {
  readonly name: string;
  calls: Array<{ op: Op; key?: string }> = [];
  private failures = new Set<number>();
  kind: TargetErrorKind = 'transient';
  writes = 0;

  constructor(private readonly inner: TargetPort) {
    this.name = `faulty(${inner.name})`;
  }

  failAt(...calls: number[]): this {
    for (const c of calls) this.failures.add(c);
    return this;
  }

  failFrom(call: number): this {
    for (let c = call; c < call + 1000; c++) this.failures.add(c);
    return this;
  }

  /** Every write from call number `call` on fails; reads still work. */
  failWritesFrom(call: number): this {
    this.writesFailFrom = call;
    return this;
  }

  private writesFailFrom = Infinity;

  /** Every write from call number `call` on is acknowledged but not applied (a CRM that says yes, does nothing). */
  ignoreWritesFrom(call: number): this {
    this.writesIgnoredFrom = call;
    return this;
  }

  private writesIgnoredFrom = Infinity;

  private async call<T>(op: Op, fn: () => Promise<T>, key?: string): Promise<T> {
    this.calls.push({ op, ...(key !== undefined ? { key } : {}) });
    if (op !== 'readSnapshot' && this.calls.length >= this.writesFailFrom)
      throw new TargetError(this.kind, `injected write failure at call ${this.calls.length} (${op})`);
    if (this.failures.has(this.calls.length))
      throw new TargetError(this.kind, `injected failure at call ${this.calls.length} (${op})`);
    if (op !== 'readSnapshot') this.writes++;
    if (op !== 'readSnapshot' && this.calls.length >= this.writesIgnoredFrom) return undefined as T;
    return fn();
  }

  readSnapshot(id: string): Promise<BillerSnapshot | null> {
    return this.call('readSnapshot', () => this.inner.readSnapshot(id));
  }
  apply(c: Change): Promise<void> {
    return this.call('apply', () => this.inner.apply(c), `${c.kind} ${String(c.key)}`);
  }
  beginMaintenance(id: string, owner?: string): Promise<void> {
    return this.call('beginMaintenance', () => this.inner.beginMaintenance(id, owner));
  }
  endMaintenance(id: string, owner?: string): Promise<void> {
    return this.call('endMaintenance', () => this.inner.endMaintenance(id, owner));
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * Wraps a target with per-biller behaviour: faults for chosen billers, a delay per call, and
 * counts of writes and of calls in flight at once.
 */
export class ScriptedTarget implements TargetPort {
  readonly name: string;
  writes = 0;
  inFlight = 0;
  maxInFlight = 0;
  private applies = new Map<string, number>();
  /**
   * billerId → fail the n-th apply of that biller (and, with `restore`, every apply after it; with
   * `ignore`, every write after it is acknowledged but not applied, as by a CRM that says yes and does nothing).
   */
  faults = new Map<string, { at: number; restore?: boolean; ignore?: boolean }>();
  private ignoring = new Set<string>();
  delayMs = 0;
  /** Called after every completed call (for tests that act mid-run). */
  onCall?: (op: Op, billerId: string) => void;

  constructor(private readonly inner: TargetPort) {
    this.name = inner.name;
  }

  private async call<T>(op: Op, billerId: string, fn: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      if (op === 'apply') {
        const n = (this.applies.get(billerId) ?? 0) + 1;
        this.applies.set(billerId, n);
        const f = this.faults.get(billerId);
        if (f && (n === f.at || (f.restore && n > f.at))) {
          if (f.ignore) this.ignoring.add(billerId);
          throw new TargetError('transient', `injected failure on apply ${n}`);
        }
      }
      if (op !== 'readSnapshot') this.writes++;
      const r = op !== 'readSnapshot' && this.ignoring.has(billerId) ? (undefined as T) : await fn();
      this.onCall?.(op, billerId);
      return r;
    } finally {
      this.inFlight--;
    }
  }

  readSnapshot(id: string): Promise<BillerSnapshot | null> {
    return this.call('readSnapshot', id, () => this.inner.readSnapshot(id));
  }
  apply(c: Change): Promise<void> {
    return this.call('apply', c.billerId, () => this.inner.apply(c));
  }
  beginMaintenance(id: string, owner?: string): Promise<void> {
    return this.call('beginMaintenance', id, () => this.inner.beginMaintenance(id, owner));
  }
  endMaintenance(id: string, owner?: string): Promise<void> {
    return this.call('endMaintenance', id, () => this.inner.endMaintenance(id, owner));
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
