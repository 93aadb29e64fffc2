/** Run the real intake on files written to a temporary folder. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileReport } from '../../src/core/file-report.js';
import { readFieldMap } from '../../src/field-map-file.js';
import { DEFAULT_LIMITS, type ReadLimits } from '../../src/read/limits.js';
import { createReadPool, type ReadPool } from '../../src/read/read-pool.js';

export async function tempDir(prefix = 'sc-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface Reader {
  dir: string;
  read(name: string, content: Buffer | string): Promise<FileReport>;
  close(): Promise<void>;
}

/** A reader with its own worker pool and folder; close() after the tests. */
export async function makeReader(limits: Partial<ReadLimits> = {}, workers = 1): Promise<Reader> {
  const { dir, cleanup } = await tempDir();
  const all = { ...DEFAULT_LIMITS, ...limits };
  const fieldMap = await readFieldMap();
  const pool: ReadPool = createReadPool(workers, all, fieldMap);
  return {
    dir,
    async read(name, content) {
      const path = join(dir, name);
      await writeFile(path, content);
      return pool.read({ path });
    },
    async close() {
      await pool.close();
      await cleanup();
    },
  };
}
