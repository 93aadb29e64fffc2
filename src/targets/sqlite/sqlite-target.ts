/** The `sqlite` target: the engine's port over the embedded CRM store, in this process. */
import type { Change } from '../../core/change.js';
import type { BillerSnapshot } from '../../core/snapshot.js';
import { asTargetError, TargetError, type TargetPort } from '../target-port.js';
import { settle } from '../settle.js';
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

  readSnapshot(billerId: string): Promise<BillerSnapshot | null> {
    return guard(() => this.store.snapshot(billerId));
  }

  apply(change: Change): Promise<void> {
    return guard(() => this.store.write(change));
  }

  beginMaintenance(billerId: string, owner?: string): Promise<void> {
    return guard(() => this.store.setMaintenance(billerId, true, owner));
  }

  endMaintenance(billerId: string, owner?: string): Promise<void> {
    return guard(() => this.store.setMaintenance(billerId, false, owner));
  }

  close(): Promise<void> {
    return settle(() => {
      if (this.ownsStore) this.store.close();
    });
  }
}

/** The store's answer as the port's promise; its errors as TargetErrors. */
function guard<T>(fn: () => T): Promise<T> {
  return settle(() => {
    try {
      return fn();
    } catch (e) {
      // SQLITE_BUSY is another process holding the file: worth a retry, like a CRM's 503.
      if ((e as { code?: string }).code === 'SQLITE_BUSY')
        throw new TargetError('transient', 'the CRM database is busy (another process holds it)');
      throw asTargetError(e);
    }
  });
}
