/**
 * After a run, worksheets whose billers all ended converted or already-converted move to
 * INPUT/archive/YYYY-MM-DD/; anything else stays in the drop folder for the next night.
 * A name already in the archive gets a suffix: nothing is ever overwritten. A worksheet moves
 * only if its bytes are still the ones the run read (a corrected copy dropped meanwhile stays
 * for the next night), and never into an archive folder that is a symlink (which could take
 * worksheets with clear secrets out of input/).
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, realpath, rename, stat } from 'node:fs/promises';
import { basename, extname, join, relative, isAbsolute } from 'node:path';

class ArchiveRefused extends Error {
  override name = 'ArchiveRefused';
}

/** A folder of the archive: a real folder inside the input folder, made if missing, never a symlink. */
async function realFolder(dir: string, inputReal: string): Promise<void> {
  const st = await lstat(dir).catch(() => undefined);
  if (!st)
    await mkdir(dir, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  const now = await lstat(dir);
  if (now.isSymbolicLink() || !now.isDirectory())
    throw new ArchiveRefused(
      `${dir} is ${now.isSymbolicLink() ? 'a symlink' : 'not a folder'}: worksheets are archived only into a real folder inside the input folder; left in place`,
    );
  const rel = relative(inputReal, await realpath(dir));
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new ArchiveRefused(`${dir} is outside the input folder; left in place`);
}

/** Move `file` into the archive if its bytes still hash to `sha256` (what the run read). */
export async function archiveFile(
  file: string,
  inputDir: string,
  day: string,
  sha256: string | undefined,
): Promise<string> {
  const inputReal = await realpath(inputDir);
  const top = join(inputDir, 'archive');
  await realFolder(top, inputReal);
  const dir = join(top, day);
  await realFolder(dir, inputReal);
  const st = await lstat(file);
  if (!st.isFile()) throw new ArchiveRefused(`${file} is not a plain file (a symlink?); left in place`);
  const now = createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
  if (now !== sha256) {
    throw new ArchiveRefused(
      `${file} changed since this run read it (a corrected copy?); left in input/ for the next night`,
    );
  }
  const ext = extname(file);
  const stem = basename(file, ext);
  for (let n = 1; ; n++) {
    const dest = join(dir, n === 1 ? `${stem}${ext}` : `${stem}-${n}${ext}`);
    const taken = await stat(dest).then(
      () => true,
      () => false,
    );
    if (taken) continue;
    await rename(file, dest);
    return dest;
  }
}
