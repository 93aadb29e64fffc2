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
import type { FileReport } from '../core/file-report.js';
import type { BillerResult } from '../core/summary.js';
import type { Logger } from '../log.js';

/** `message` names the file, for the log; `note` says why it stayed, for its row in the results. */
export class ArchiveRefused extends Error {
  override name = 'ArchiveRefused';
  constructor(
    message: string,
    readonly note: string,
  ) {
    super(message);
  }
}

/** A folder of the archive: a real folder inside the input folder, made if missing, never a symlink. */
async function realFolder(dir: string, inputReal: string): Promise<void> {
  const st = await lstat(dir).catch(() => undefined);
  if (!st)
    await mkdir(dir, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  const now = await lstat(dir);
  if (now.isSymbolicLink() || !now.isDirectory()) {
    const what = `${dir} is ${now.isSymbolicLink() ? 'a symlink' : 'not a folder'}`;
    const why = 'worksheets are archived only into a real folder inside the input folder';
    throw new ArchiveRefused(`${what}: ${why}; left in place`, `not archived: ${what}; ${why}`);
  }
  const rel = relative(inputReal, await realpath(dir));
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new ArchiveRefused(
      `${dir} is outside the input folder; left in place`,
      `not archived: ${dir} is outside the input folder`,
    );
}

export const CHANGED_NOTE = 'changed after it was read: not archived; the next night reads the new version';

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
  if (!st.isFile())
    throw new ArchiveRefused(
      `${file} is not a plain file (a symlink?); left in place`,
      'not archived: not a plain file (a symlink?)',
    );
  const now = createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
  if (now !== sha256) {
    throw new ArchiveRefused(
      `${file} changed since this run read it (a corrected copy?); left in input/ for the next night`,
      CHANGED_NOTE,
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

export interface Archived {
  moved: Array<{ from: string; to: string }>;
  /** The file reports again; a converted one that could not be archived carries why in its note. */
  files: FileReport[];
}

/**
 * The archive stage: every worksheet whose billers all ended converted or already-converted moves to the
 * archive of `day`. One that cannot (changed since it was read, a symlinked archive, …) stays in input/, and
 * says so in the log and in its row of the results: never only in the log.
 */
export async function archiveConverted(
  files: readonly FileReport[],
  billers: readonly BillerResult[],
  o: { inputDir: string; day: string; logger: Logger },
): Promise<Archived> {
  const moved: Archived['moved'] = [];
  const notes = new Map<string, string>();
  for (const f of files) {
    const mine = billers.filter((b) => b.file === f.file);
    const complete = f.status === 'read' && f.billers.length > 0 && mine.length === f.billers.length;
    if (!complete || !mine.every((b) => b.status === 'converted' || b.status === 'already-converted')) continue;
    try {
      moved.push({ from: f.file, to: await archiveFile(f.file, o.inputDir, o.day, f.sha256) });
    } catch (e) {
      o.logger.warn(`not archived: ${(e as Error).message}`, { event: 'archive.failed', file: f.file });
      notes.set(f.file, e instanceof ArchiveRefused ? e.note : `not archived: ${(e as Error).message}`);
    }
  }
  return { moved, files: files.map((f) => (notes.has(f.file) ? { ...f, note: notes.get(f.file) } : f)) };
}
