/**
 * After a run, worksheets whose billers all ended converted or already-converted move to
 * INPUT/archive/YYYY-MM-DD/; anything else stays in the drop folder for the next night.
 * A name already in the archive gets a suffix: nothing is ever overwritten.
 */
import { mkdir, rename, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

export async function archiveFile(file: string, inputDir: string, day: string): Promise<string> {
  const dir = join(inputDir, 'archive', day);
  await mkdir(dir, { recursive: true });
  const ext = extname(file);
  const stem = basename(file, ext);
  for (let n = 1; ; n++) {
    const dest = join(dir, n === 1 ? `${stem}${ext}` : `${stem}-${n}${ext}`);
    const taken = await stat(dest).then(() => true, () => false);
    if (taken) continue;
    await rename(file, dest);
    return dest;
  }
}
