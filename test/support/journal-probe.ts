/**
 * What a killed run left in flight, read the way the next run will see it, without being that next run:
 * the journal is copied (with its write-ahead log) and the copy's crash check marks the dead run crashed,
 * so the real journal still holds it as running for the run the test starts next.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Journal, type InFlight } from '../../src/journal/journal.js';
import type { Sealer } from '../../src/journal/seal.js';
import { tempDir } from './intake.js';

export async function inFlightAfterCrash(path: string, sealer: Sealer): Promise<InFlight[]> {
  const t = await tempDir('sc-journal-probe-');
  const copy = join(t.dir, 'journal.db');
  for (const suffix of ['', '-wal']) if (existsSync(path + suffix)) copyFileSync(path + suffix, copy + suffix);
  const j = Journal.open(copy, sealer);
  try {
    j.markCrashed(hostname(), process.pid);
    return j.inFlight();
  } finally {
    j.close();
    await t.cleanup();
  }
}
