/** A night's setup for end-to-end tests: an input folder of worksheets and a fresh embedded CRM. */
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BillerSnapshot } from '../../src/core/snapshot.js';
import { CrmStore } from '../../src/targets/sqlite/crm-store.js';
import { tempDir } from './intake.js';

export interface Night {
  dir: string;
  input: string;
  output: string;
  crmDb: string;
  /** Write a file into input/, dated an hour back (settled), unless fresh. */
  drop(name: string, content: Buffer | string, opts?: { fresh?: boolean }): Promise<string>;
  crm(): CrmStore;
  args(...extra: string[]): string[];
  cleanup(): Promise<void>;
}

export async function makeNight(snapshots: BillerSnapshot[]): Promise<Night> {
  const { dir, cleanup } = await tempDir('sc-night-');
  const input = join(dir, 'input');
  const output = join(dir, 'output');
  const crmDb = join(output, 'crm.db');
  await mkdir(input, { recursive: true });
  const store = CrmStore.open(crmDb);
  store.putSnapshots(snapshots);
  store.close();
  return {
    dir,
    input,
    output,
    crmDb,
    async drop(name, content, opts = {}) {
      const path = join(input, name);
      await writeFile(path, content);
      if (!opts.fresh) {
        const t = new Date(Date.now() - 3600_000);
        await utimes(path, t, t);
      }
      return path;
    },
    crm: () => CrmStore.open(crmDb),
    args: (...extra) => ['--input', input, '--output', output, '--crm-db', crmDb, ...extra],
    cleanup,
  };
}

/** Every file under a folder, recursively. */
export async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await allFiles(p)));
    else out.push(p);
  }
  return out;
}
