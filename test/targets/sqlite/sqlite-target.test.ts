import { CrmStore } from '../../../src/targets/sqlite/crm-store.js';
import { SqliteTarget } from '../../../src/targets/sqlite/sqlite-target.js';
import { mipsSnapshot } from '../../support/snapshots.js';
import { targetContract } from '../contract.js';

targetContract('sqlite', () => {
  const store = CrmStore.open(':memory:');
  store.putSnapshots([mipsSnapshot()]);
  const target = new SqliteTarget(store);
  return { target, direct: (id) => store.snapshot(id), close: () => store.close() };
});
