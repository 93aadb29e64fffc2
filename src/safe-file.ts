/**
 * Writing files that may hold customers' data: always to a temporary file of our own (random
 * name, created exclusively, owner-only, never through a symlink), then renamed into place. A
 * leftover or planted `F.tmp` (with a looser mode, or a symlink to elsewhere) is never reused.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Exclusive create (O_EXCL already refuses an existing symlink; O_NOFOLLOW says so twice).
 * Streams use 'wx', the same.
 */
const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** A fresh temporary name beside `dest` (same folder, so the rename is atomic). */
export function tempPathFor(dest: string): string {
  return join(dirname(dest), `.${basename(dest)}.${randomBytes(8).toString('hex')}.tmp`);
}

/** Create `path` exclusively, owner-only. */
export function openExclusive(path: string): Promise<FileHandle> {
  return open(path, EXCLUSIVE, 0o600);
}

/**
 * Write `data` to `dest` through a temporary file; `mode` is the final file's (0600 unless said).
 * `fill` may write the temporary file itself (given its path, which exists, empty, 0600).
 */
export async function writeFileSafely(
  dest: string,
  data: string | Buffer | ((tmp: string) => Promise<void>),
  mode = 0o600,
): Promise<void> {
  const tmp = tempPathFor(dest);
  const fh = await openExclusive(tmp);
  try {
    if (typeof data !== 'function') {
      await fh.writeFile(data);
      await fh.sync();
    }
  } finally {
    await fh.close();
  }
  try {
    if (typeof data === 'function') await data(tmp);
    if (mode !== 0o600) await chmod(tmp, mode);
    await rename(tmp, dest);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
