/**
 * The files of one night: every file directly in the input folder (not its sub-folders), with
 * the ones still being written (modified less than `settleMs` ago) held back for the next run.
 */
import { stat } from 'node:fs/promises';
import type { FileReport } from '../core/file-report.js';
import { listInputs, type InputEntry } from './list-inputs.js';

export async function discover(
  inputDir: string,
  settleMs: number,
  now = Date.now(),
): Promise<{ ready: InputEntry[]; waiting: FileReport[] }> {
  const entries = await listInputs([inputDir]);
  const ready: InputEntry[] = [];
  const waiting: FileReport[] = [];
  for (const entry of entries) {
    if (entry.missing) {
      ready.push(entry);
      continue;
    }
    const info = await stat(entry.path).catch(() => undefined);
    if (!entry.skip && info && now - info.mtimeMs < settleMs) {
      waiting.push({
        file: entry.path,
        status: 'skipped',
        note: `modified ${Math.round((now - info.mtimeMs) / 1000)} s ago, may still be copying: left for the next run`,
        billers: [],
        issues: [],
      });
    } else ready.push(entry);
  }
  return { ready, waiting };
}
