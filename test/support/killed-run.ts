/**
 * A run of the CLI in a process of its own that SIGKILLs itself right after its `writes`-th CRM write
 * (crash-child.ts): a power cut mid-biller. Returns when it is dead, with what it printed.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

const CHILD = new URL('./crash-child.ts', import.meta.url).pathname;

export function runKilledAfter(
  writes: number,
  argv: readonly string[],
  env: Record<string, string | undefined>,
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', CHILD, String(writes), JSON.stringify(argv)], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}
