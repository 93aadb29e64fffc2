// @module-tag slow: journaled nights in a real embedded CRM, one per test
/** The rollback's preview (read from the CRM now, one line per biller) and its confirmation. */
import { afterEach, describe, expect, it } from 'vitest';
import { withContext, type CommandIo } from '../../src/commands/context.js';
import { confirmRollback, previewRollback } from '../../src/commands/rollback-preview.js';
import { openRollbackJournal, type RollbackArgs } from '../../src/commands/rollback-select.js';
import { UsageError } from '../../src/errors.js';
import { journaledRun, RUN_ID, type JournaledRun } from '../support/journaled-run.js';

let night: JournaledRun | undefined;
afterEach(async () => {
  await night?.cleanup();
  night = undefined;
});

/** The preview of `numbers`' night, after `edit` changed the CRM: its lines and the count it returns. */
async function preview(numbers: number[], edit: (n: JournaledRun) => void = () => {}, force = false) {
  night = await journaledRun(numbers, 'ab'.repeat(32));
  const n = night;
  edit(n);
  const lines: string[] = [];
  const count = await withContext(n.config, { out: () => {}, err: () => {}, env: n.env }, async (ctx) => {
    const { journal, sealer, run } = openRollbackJournal(RUN_ID, ctx);
    const reach = { target: ctx.target(), sealer, err: (l: string) => lines.push(l) };
    return previewRollback({ runId: RUN_ID, force }, run, journal.converted(RUN_ID), reach);
  });
  return { n, lines, count };
}

function changeSetting9(n: JournaledRun, i: number): void {
  const store = n.crm();
  const billerId = n.billers[i]!.billerId;
  const section = '7. Web Services / Advanced Settings';
  store.write({
    billerId,
    section,
    kind: 'advanced.set',
    entity: 'advanced_setting',
    key: 9,
    name: 'x',
    before: null,
    after: 'p',
  });
  store.close();
}

const who = (n: JournaledRun, i: number) => `${n.billers[i]!.billerId} ${n.billers[i]!.billerName}`;
const head = (count: string) => new RegExp(`^rollback of run ${RUN_ID} \\(2026-[0-9T:.-]+Z\\): ${count}$`);

describe('previewRollback', () => {
  it('a header, then one line per biller; returns how many will be restored', async () => {
    const { n, lines, count } = await preview([1, 2]);
    expect(count).toBe(2);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(head('2 billers'));
    for (const i of [0, 1]) expect(lines[i + 1]).toMatch(new RegExp(`^  ${who(n, i)}: \\d+ changes to restore$`));
  });

  it('one biller changed since: it is refused and not counted; --force counts it', async () => {
    const refused = await preview([1, 2], (n) => changeSetting9(n, 0));
    expect(refused.count).toBe(1);
    expect(refused.lines[1]).toBe(
      `  ${who(refused.n, 0)}: changed since run ${RUN_ID}, will be refused (--force to roll back anyway): ` +
        'advanced_setting 9: differs',
    );
    await night?.cleanup();
    const forced = await preview([1, 2], (n) => changeSetting9(n, 0), true);
    expect(forced.count).toBe(2);
    expect(forced.lines[1]).toMatch(/: \d+ changes to restore \(changed since the run: --force\)$/);
  });

  it('one biller: "1 biller"; none: "0 billers"', async () => {
    expect((await preview([3])).lines[0]).toMatch(head('1 biller'));
    await night?.cleanup();
    const none = await preview([]);
    expect(none).toMatchObject({ count: 0 });
    expect(none.lines).toHaveLength(1);
    expect(none.lines[0]).toMatch(head('0 billers'));
  });
});

describe('confirmRollback', () => {
  const base: RollbackArgs = { runId: 'R', force: false, json: false, dryRun: false, yes: false };
  function io(answer?: string): CommandIo & { said: string[]; asked: string[] } {
    const said: string[] = [];
    const asked: string[] = [];
    return {
      out: () => {},
      err: (l) => said.push(l),
      env: {},
      ...(answer === undefined
        ? {}
        : { interactive: true, ask: (q: string) => (asked.push(q), Promise.resolve(answer)) }),
      said,
      asked,
    };
  }

  it.each<[string, Partial<RollbackArgs>, string]>([
    ['all billers', {}, 'spectrum-convert rollback --run R --yes'],
    [
      '--biller and --force repeated',
      { billers: new Set(['A', 'B']), force: true },
      'spectrum-convert rollback --run R --biller A,B --force --yes',
    ],
  ])('--dry-run (%s): says how to go on, decides dry-run', async (_name, flags, rerun) => {
    const c = io();
    expect(await confirmRollback(c, { ...base, ...flags, dryRun: true, yes: true }, 3)).toBe('dry-run');
    expect(c.said).toEqual([`dry run: nothing was changed. To roll back 3 biller(s) of run R: ${rerun}`]);
  });

  it('--yes goes without asking', async () => {
    const c = io('n');
    expect(await confirmRollback(c, { ...base, yes: true }, 1)).toBe('go');
    expect(c.asked).toEqual([]);
  });

  it.each([
    ['y', 'go'],
    ['yes', 'go'],
    ['n', 'declined'],
    ['', 'declined'],
  ])('on a terminal, answered %j: %s', async (answer, decision) => {
    const c = io(answer);
    expect(await confirmRollback(c, base, 2)).toBe(decision);
    expect(c.asked).toEqual(['roll back 2 biller(s) of run R? [y/N] ']);
  });

  it('nobody at a terminal and no --yes: a usage error with the command to run', async () => {
    await expect(confirmRollback(io(), { ...base, billers: new Set(['A']) }, 1)).rejects.toThrow(
      new UsageError(
        'roll back 1 biller(s) of run R changes the CRM and nobody is at a terminal to confirm it: run it again ' +
          'with --yes (or --dry-run to see what it would do): spectrum-convert rollback --run R --biller A --yes',
      ),
    );
  });
});
