/** Load the field map JSON from disk and turn a bad map into one readable configuration error. */
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { loadFieldMap, type LoadedFieldMap } from './core/field-map.js';
import { ConfigError } from './errors.js';
import { defaultFieldMapPath } from './paths.js';

export async function readFieldMap(path = defaultFieldMapPath): Promise<LoadedFieldMap> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`field map ${path}: ${(e as Error).message}`);
  }
  try {
    return loadFieldMap(json);
  } catch (e) {
    if (e instanceof z.ZodError) throw new ConfigError(`field map ${path} is not valid:\n${z.prettifyError(e)}`);
    throw e;
  }
}
