/** `spectrum-convert template [--out FILE]`: write the blank worksheet for billers to fill in. */
import type { Config } from '../config.js';
import { readFieldMap } from '../field-map-file.js';
import { writeTemplate } from '../report/template-workbook.js';
import { writeFileSafely } from '../safe-file.js';

export async function templateCommand(out: string, config: Config): Promise<string> {
  const fm = await readFieldMap(config.fieldMap);
  // Write beside the target, then rename: a reader never sees half a workbook.
  await writeFileSafely(out, (tmp) => writeTemplate(fm, tmp), 0o644);
  return out;
}
