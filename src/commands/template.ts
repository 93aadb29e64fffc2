/** `spectrum-convert template [--out FILE] [--force]`: write the blank worksheet for billers to fill in. */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EXIT_CODES } from '../core/summary.js';
import { UsageError } from '../errors.js';
import { writeTemplate } from '../report/template-workbook.js';
import { writeFileSafely } from '../safe-file.js';
import type { CommandContext } from './context.js';

export async function templateCommand(out: string, force: boolean, ctx: CommandContext): Promise<number> {
  // A folder is never a worksheet, --force or not (the rename onto it would fail as a crash, exit 70).
  if (existsSync(out) && statSync(out).isDirectory())
    throw new UsageError(`--out ${out} is a folder: name the file to write in it`);
  // A filled-in worksheet at that name is someone's work: never overwritten unless asked.
  if (existsSync(out) && !force)
    throw new UsageError(
      `${out} already exists (perhaps a filled-in worksheet): choose another --out, or add --force to overwrite it`,
    );
  const dir = dirname(resolve(out));
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`the folder of --out ${out} does not exist: ${dir}`);
  const fm = await ctx.fieldMap();
  // Write beside the target, then rename: a reader never sees half a workbook.
  await writeFileSafely(out, (tmp) => writeTemplate(fm, tmp), 0o644);
  ctx.io.out(`wrote ${out}`);
  return EXIT_CODES.ok;
}
