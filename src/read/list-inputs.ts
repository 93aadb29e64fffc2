/**
 * Which files a command looks at: the files named, and the files directly inside the folders
 * named (not their sub-folders). Excel lock files and hidden files are listed as skipped so
 * that every dropped file shows up somewhere in the report.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface InputEntry {
  path: string;
  skip?: string;
  missing?: boolean;
}

function skipReason(name: string): string | undefined {
  if (name.startsWith('~$')) return 'an Excel lock file (the workbook is open somewhere), skipped';
  if (name.startsWith('.')) return 'a hidden file, skipped';
  return undefined;
}

export async function listInputs(paths: readonly string[]): Promise<InputEntry[]> {
  const out: InputEntry[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (!info) {
      out.push({ path: p, missing: true });
      continue;
    }
    if (!info.isDirectory()) {
      const skip = skipReason(basename(p));
      out.push(skip ? { path: p, skip } : { path: p });
      continue;
    }
    const names = (await readdir(p, { withFileTypes: true }))
      // Sub-folders (archive/) are not read; the run's own lock file is not an input at all.
      .filter((d) => !d.isDirectory() && !d.name.startsWith('.spectrum-convert.lock'))
      .map((d) => d.name)
      .sort((a, b) => a.localeCompare(b));
    for (const name of names) {
      const skip = skipReason(name);
      out.push(skip ? { path: join(p, name), skip } : { path: join(p, name) });
    }
  }
  return out;
}
