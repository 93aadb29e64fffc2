/**
 * An unexpected error leaves its whole story in a file of its own (mode 0600), so the console gets one line:
 * what failed and where to read more. The output folder first; when that is the problem (read-only,
 * missing), the system's temporary folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function detail(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause === undefined ? '' : `\ncaused by: ${detail(e.cause)}`;
  return `${e.stack ?? `${e.name}: ${e.message}`}${cause}`;
}

/** Write the crash log; returns its path, or undefined when no folder would take it. */
export function writeCrashLog(
  outputDir: string | undefined,
  argv: readonly string[],
  e: unknown,
  at = new Date(),
): string | undefined {
  const name = `crash-${at.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-${process.pid}.log`;
  const text =
    `${at.toISOString()} spectrum-convert ${argv.join(' ')}\n` +
    `node ${process.version}, pid ${process.pid}\n${detail(e)}\n`;
  for (const dir of [outputDir && join(outputDir, 'logs'), join(tmpdir(), 'spectrum-convert')]) {
    if (!dir) continue;
    try {
      mkdirSync(dir, { recursive: true });
      const path = join(dir, name);
      writeFileSync(path, text, { mode: 0o600 });
      return path;
    } catch {
      // try the next folder
    }
  }
  return undefined;
}
