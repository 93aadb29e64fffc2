/** The maintenance window is a lease the run owns: never converted inside, nor closed, when someone else holds it. */
import { describe, expect, it } from 'vitest';
import { convertBiller } from '../../src/apply/apply-biller.js';
import { startCrmServer } from '../../src/targets/http/crm-server.js';
import { HttpTarget } from '../../src/targets/http/http-target.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { SqliteTarget } from '../../src/targets/sqlite/sqlite-target.js';
import type { TargetPort } from '../../src/targets/target-port.js';
import { FaultyTarget } from '../support/faulty-target.js';
import { biller, mipsSnapshot } from '../support/snapshots.js';

const TOKEN = 'lease-test-token-0123456789';
const ID = mipsSnapshot().billerId;

const adapters: Array<{
  name: string;
  open: (store: CrmStore) => Promise<{ target: TargetPort; close: () => Promise<void> }>;
}> = [
  {
    name: 'sqlite',
    open: (store) => Promise.resolve({ target: new SqliteTarget(store), close: () => Promise.resolve() }),
  },
  {
    name: 'http',
    open: async (store) => {
      const server = await startCrmServer(store, { token: TOKEN });
      const target = new HttpTarget({ url: server.url, token: TOKEN, retries: 0 });
      return {
        target,
        close: async () => {
          await target.close();
          await server.close();
        },
      };
    },
  },
];

describe.each(adapters)('$name', ({ open }) => {
  it.each([
    ['another run', 'OTHER-RUN', /in maintenance by run OTHER-RUN/],
    ['a person (no run id)', undefined, /already in maintenance, a window/],
  ])(
    'a biller already in maintenance held by %s is BLOCKED.IN_MAINTENANCE, untouched',
    async (_who, owner, message) => {
      const store = CrmStore.open(':memory:');
      store.putSnapshots([mipsSnapshot()]);
      store.setMaintenance(ID, true, owner);
      const { target, close } = await open(store);
      const counted = new FaultyTarget(target);
      const outcome = await convertBiller(counted, biller(), { owner: 'MY-RUN' });
      await close();
      expect(outcome).toMatchObject({
        status: 'blocked',
        error: { code: 'BLOCKED.IN_MAINTENANCE', message: expect.stringMatching(message) },
      });
      expect(counted.writes).toBe(0);
      expect(store.snapshot(ID)).toMatchObject({
        maintenance: true,
        profile: { integrationPartner: 'IMT Computer Services' },
      });
      store.close();
    },
  );

  it(
    'someone opening the window between our read and our begin: ' + 'our begin is refused and their window stays open',
    async () => {
      const store = CrmStore.open(':memory:');
      store.putSnapshots([mipsSnapshot()]);
      const { target, close } = await open(store);
      const racing = new FaultyTarget(target);
      const begin = racing.beginMaintenance.bind(racing);
      racing.beginMaintenance = async (id, owner) => {
        store.setMaintenance(id, true, 'THEIR-RUN');
        return begin(id, owner);
      };
      const outcome = await convertBiller(racing, biller(), { owner: 'MY-RUN' });
      await close();
      expect(outcome.status).toBe('failed');
      expect(outcome.error?.code).toBe('CRM.CONFLICT');
      expect(racing.calls.filter((c) => c.op === 'endMaintenance')).toEqual([]);
      expect(store.snapshot(ID)).toMatchObject({ maintenance: true, maintenanceOwner: 'THEIR-RUN' });
      store.close();
    },
  );

  it('a conversion opens the window as its run and closes it', async () => {
    const store = CrmStore.open(':memory:');
    store.putSnapshots([mipsSnapshot()]);
    const { target, close } = await open(store);
    const seen: Array<string | undefined> = [];
    const spy = new FaultyTarget(target);
    const apply = spy.apply.bind(spy);
    spy.apply = async (c) => {
      seen.push(store.snapshot(ID)?.maintenanceOwner);
      return apply(c);
    };
    expect((await convertBiller(spy, biller(), { owner: 'MY-RUN' })).status).toBe('converted');
    await close();
    expect(new Set(seen)).toEqual(new Set(['MY-RUN']));
    expect(store.snapshot(ID)?.maintenance).toBe(false);
    store.close();
  });
});
