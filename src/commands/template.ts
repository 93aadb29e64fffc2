/** `spectrum-convert template [--out FILE]`: write the blank worksheet for billers to fill in. */
import { rename } from 'node:fs/promises';
import type { Config } from '../config.js';
import { readFieldMap } from '../field-map-file.js';
import { writeTemplate } from '../report/template-workbook.js';

export async function templateCommand(out: string, config: Config): Promise<string> {
  const fm = await readFieldMap(config.fieldMap);
  // Write beside the target, then rename: a reader never sees half a workbook.
  const tmp = `${out}.${process.pid}.tmp`;
  await writeTemplate(fm, tmp);
  await rename(tmp, out);
  return out;
}
