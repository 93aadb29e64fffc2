/** Copies of the committed field map JSON with some fields edited, as a person would edit the file. */
import { readFileSync } from 'node:fs';
import type { FieldKey } from '../../src/core/field-map.js';
import { defaultFieldMapPath } from '../../src/paths.js';

export type MapJson = { fields: Array<Record<string, unknown>> } & Record<string, unknown>;

const mapJson = (): MapJson => JSON.parse(readFileSync(defaultFieldMapPath, 'utf8')) as MapJson;

/** The map with each named field's keys patched; a key patched to undefined leaves the file. */
export function editedMap(patch: Partial<Record<FieldKey, Record<string, unknown>>>): MapJson {
  const json = mapJson();
  return {
    ...json,
    fields: json.fields.map((f) => {
      const p = patch[f.key as FieldKey];
      if (!p) return f;
      const out: Record<string, unknown> = { ...f, ...p };
      for (const [k, v] of Object.entries(p)) if (v === undefined) delete out[k];
      return out;
    }),
  };
}
