/** The `sqlite` target: the engine's port over the embedded CRM store, in this process. */
import type { Change } from '../../core/change.js';
import type { BillerSnapshot } from '../../core/snapshot.js';
import { asTargetError, TargetError, type TargetPort } from '../target-port.js';
import { CrmStore } from './crm-store.js';

export class SqliteTarget implements TargetPort {
  readonly name: string;

  constructor(
    private readonly store: CrmStore,
    private readonly ownsStore = false,
  ) {
    this.name = `sqlite:${store.path}`;
  }

  static open(path: string): SqliteTarget {
    return new SqliteTarget(CrmStore.open(path), true);
  }

  async readSnapshot(billerId: string): Promise<BillerSnapshot | null> {
    return guard(() => this.store.snapshot(billerId));
  }

  async apply(change: Change): Promise<void> {
    return guard(() => this.store.write(change));
  }

  async beginMaintenance(billerId: string, owner?: string): Promise<void> {
    return guard(() => this.store.setMaintenance(billerId, true, owner));
  }

  async endMaintenance(billerId: string, owner?: string): Promise<void> {
    return guard(() => this.store.setMaintenance(billerId, false, owner));
  }

  async close(): Promise<void> {
    if (this.ownsStore) this.store.close();
  }
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    // SQLITE_BUSY is another process holding the file: worth a retry, like a CRM's 503.
    if ((e as { code?: string }).code === 'SQLITE_BUSY')
      throw new TargetError('transient', 'the CRM database is busy (another process holds it)');
    throw asTargetError(e);
  }
}
