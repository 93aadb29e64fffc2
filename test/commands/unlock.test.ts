/** `spectrum-convert unlock --force`: removes the run locks, one line each, and only with --force. */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withContext } from '../../src/commands/context.js';
import { unlockCommand } from '../../src/commands/unlock.js';
import { loadConfig, lockPaths, type Config } from '../../src/config.js';
import { UsageError } from '../../src/errors.js';
import { acquireLocks } from '../../src/lock/lock.js';
import { tempDir } from '../support/intake.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function config(): Promise<Config> {
  const t = await tempDir('sc-unlock-');
  cleanup = t.cleanup;
  const input = join(t.dir, 'input');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(input);
  return loadConfig({
    overrides: { input, output: join(t.dir, 'output'), crmDb: join(t.dir, 'crm.db'), lockDir: join(t.dir, 'locks') },
  });
}

function unlock(c: Config, force: boolean): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  return withContext(c, { out: (l) => out.push(l), err: () => {}, env: {} }, (ctx) =>
    Promise.resolve({ code: unlockCommand(force, ctx), out }),
  );
}

describe('unlock', () => {
  it('without --force: a usage error saying to check first, and the locks stay', async () => {
    const c = await config();
    const lock = acquireLocks(lockPaths(c), 'LIVE-RUN');
    try {
      await expect(unlock(c, false)).rejects.toThrow(
        new UsageError(
          'unlock removes the run locks; check that no run is alive, then use: spectrum-convert unlock --force',
        ),
      );
      for (const p of lockPaths(c, false)) expect(existsSync(p), p).toBe(true);
    } finally {
      lock.release();
    }
  });

  it('--force with no lock held: says so, exit 0', async () => {
    const c = await config();
    expect(await unlock(c, true)).toEqual({ code: 0, out: ['no lock was held'] });
  });

  it('--force: removes every run lock (the input folder and the CRM), naming its holder', async () => {
    const c = await config();
    const paths = lockPaths(c);
    expect(paths.length).toBeGreaterThanOrEqual(2);
    const lock = acquireLocks(paths, 'LIVE-RUN');
    try {
      const r = await unlock(c, true);
      expect(r.code).toBe(0);
      expect(r.out).toHaveLength(1);
      const lines = r.out[0]!.split('\n');
      expect(lines).toHaveLength(paths.length);
      for (const [i, p] of paths.entries())
        expect(lines[i]).toMatch(
          new RegExp(
            `^removed ${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(run LIVE-RUN, pid ${process.pid} on ` +
              `${hostname()}, started \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\)$`,
          ),
        );
      for (const p of paths) expect(existsSync(p), p).toBe(false);
    } finally {
      lock.release();
    }
  });
});
