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

  private async call<T>(op: Op, fn: () => Promise<T>, key?: string): Promise<T> {
    this.calls.push({ op, ...(key !== undefined ? { key } : {}) });
    if (this.failures.has(this.calls.length)) throw new TargetError(this.kind, `injected failure at call ${this.calls.length} (${op})`);
    if (op !== 'readSnapshot') this.writes++;
    return fn();
  }

  readSnapshot(id: string): Promise<BillerSnapshot | null> { return this.call('readSnapshot', () => this.inner.readSnapshot(id)); }
  apply(c: Change): Promise<void> { return this.call('apply', () => this.inner.apply(c), `${c.kind} ${String(c.key)}`); }
  beginMaintenance(id: string): Promise<void> { return this.call('beginMaintenance', () => this.inner.beginMaintenance(id)); }
  endMaintenance(id: string): Promise<void> { return this.call('endMaintenance', () => this.inner.endMaintenance(id)); }
  close(): Promise<void> { return this.inner.close(); }
}
