/** Before a destructive step: --dry-run stops, --yes goes on, a person is asked, nobody at all is a refusal. */
import { describe, expect, it } from 'vitest';
import { confirm } from '../../src/commands/confirm.js';
import type { CommandIo } from '../../src/commands/context.js';
import { UsageError } from '../../src/errors.js';

const OPTS = { what: 'replace 2 biller(s) in crm.db', rerun: 'spectrum-convert crm import old.csv --replace' };

function io(terminal: { interactive?: boolean; answer?: string; noAsk?: boolean } = {}) {
  const err: string[] = [];
  const asked: string[] = [];
  const value: CommandIo = {
    out: () => undefined,
    err: (l) => err.push(l),
    env: {},
    ...(terminal.interactive === undefined ? {} : { interactive: terminal.interactive }),
    ...(terminal.noAsk
      ? {}
      : {
          ask: (q: string) => {
            asked.push(q);
            return Promise.resolve(terminal.answer ?? '');
          },
        }),
  };
  return { io: value, err, asked };
}

describe('confirm', () => {
  it.each([
    { name: '--dry-run', dryRun: true, yes: false },
    { name: '--dry-run wins over --yes (the safe one of the two)', dryRun: true, yes: true },
  ])('$name: changes nothing, asks nobody, says how to go on', async ({ dryRun, yes }) => {
    const t = io({ interactive: true, answer: 'y' });
    expect(await confirm(t.io, { ...OPTS, yes, dryRun })).toBe('dry-run');
    expect(t.asked).toEqual([]);
    expect(t.err).toEqual([
      'dry run: nothing was changed. To replace 2 biller(s) in crm.db: ' +
        'spectrum-convert crm import old.csv --replace --yes',
    ]);
  });

  it.each([
    { name: 'at a terminal', terminal: { interactive: true } },
    { name: 'off a terminal', terminal: { interactive: false } },
  ])('--yes goes on without asking, $name', async ({ terminal }) => {
    const t = io(terminal);
    expect(await confirm(t.io, { ...OPTS, yes: true, dryRun: false })).toBe('go');
    expect(t.asked).toEqual([]);
    expect(t.err).toEqual([]);
  });

  it.each([
    { answer: 'y', want: 'go' },
    { answer: 'Y', want: 'go' },
    { answer: 'yes', want: 'go' },
    { answer: ' YES \n', want: 'go' },
    { answer: '', want: 'declined' },
    { answer: 'n', want: 'declined' },
    { answer: 'no', want: 'declined' },
    { answer: 'yeah', want: 'declined' },
    { answer: 'y es', want: 'declined' },
  ])('a person at a terminal answers $answer: $want', async ({ answer, want }) => {
    const t = io({ interactive: true, answer });
    expect(await confirm(t.io, { ...OPTS, yes: false, dryRun: false })).toBe(want);
    expect(t.asked).toEqual(['replace 2 biller(s) in crm.db? [y/N] ']);
    expect(t.err).toEqual(want === 'declined' ? ['nothing was changed'] : []);
  });

  it.each([
    { name: 'not a terminal (cron, a pipe)', terminal: { interactive: false } },
    { name: 'nothing said about a terminal', terminal: {} },
    { name: 'a terminal but no way to ask', terminal: { interactive: true, noAsk: true } },
  ])('$name: refused, naming what and how to go on, asking nobody', async ({ terminal }) => {
    const t = io(terminal);
    const refused = confirm(t.io, { ...OPTS, yes: false, dryRun: false });
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(
      'replace 2 biller(s) in crm.db changes the CRM and nobody is at a terminal to confirm it: run it again with ' +
        '--yes (or --dry-run to see what it would do): spectrum-convert crm import old.csv --replace --yes',
    );
    expect(t.asked).toEqual([]);
  });
});
