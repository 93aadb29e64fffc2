/**
 * What a field map must satisfy beyond its shape, checked once when it loads: every field once,
 * labels that name one field only, the types and `required` the biller record relies on, and
 * settings 8-13 each fed exactly once (setting-feeds.ts). Each problem names the field.
 */
import { FIELD_KEYS, LIST_KEY, SECRET_KEYS, type FieldKey } from './field-keys.js';
import type { FieldMap } from './field-map.js';
import { normalizeLabel } from './normalize-label.js';
import { checkFeeds, type MapProblem } from './setting-feeds.js';

/** Fields a biller cannot be converted without: its id, its name for people, the FTP user of step 5. */
const NEEDED: ReadonlySet<FieldKey> = new Set<FieldKey>(['billerId', 'billerName', 'ftpUsername']);
const SECRETS: ReadonlySet<FieldKey> = new Set<FieldKey>(SECRET_KEYS);

export function checkFieldMap(map: FieldMap): MapProblem[] {
  return [...checkKeys(map), ...checkLabels(map), ...checkTypes(map), ...checkFeeds(map.fields)];
}

function checkKeys(map: FieldMap): MapProblem[] {
  const out: MapProblem[] = [];
  const keys = new Set(map.fields.map((f) => f.key));
  for (const key of FIELD_KEYS)
    if (!keys.has(key)) out.push({ message: `field "${key}" is missing`, path: ['fields'] });
  if (keys.size !== map.fields.length) out.push({ message: 'a field key is listed twice', path: ['fields'] });
  return out;
}

function checkLabels(map: FieldMap): MapProblem[] {
  const out: MapProblem[] = [];
  const owner = new Map<string, string>();
  for (const field of map.fields) {
    for (const label of [field.label, ...field.aliases]) {
      const norm = normalizeLabel(label);
      const prev = owner.get(norm);
      if (prev !== undefined && prev !== field.key)
        out.push({ message: `label "${label}" is used by both ${prev} and ${field.key}`, path: ['fields'] });
      owner.set(norm, field.key);
    }
  }
  for (const field of map.fields) {
    const clash = owner.get(normalizeLabel(field.section));
    if (clash)
      out.push({
        message: `section heading "${field.section}" reads as a label of ${clash}; rename the section`,
        path: ['fields'],
      });
  }
  return out;
}

/** The biller record holds the private keys and passwords as secrets and the selections as a list. */
function checkTypes(map: FieldMap): MapProblem[] {
  const out: MapProblem[] = [];
  map.fields.forEach((field, index) => {
    const at = (key: string) => ['fields', index, key];
    const secret = SECRETS.has(field.key);
    if (secret !== (field.type === 'secret'))
      out.push({
        message: secret
          ? `field "${field.key}" is a private key or password: its type must be "secret"`
          : `field "${field.key}": type "secret" is only for the private keys and passwords`,
        path: at('type'),
      });
    if ((field.key === LIST_KEY) !== (field.type === 'list'))
      out.push({
        message: `field "${field.key}": type "list" is only for ${LIST_KEY}, and it needs it`,
        path: at('type'),
      });
    if (NEEDED.has(field.key) && !field.required)
      out.push({
        message: `field "${field.key}" must be "required": true; a biller cannot be converted without it`,
        path: at('required'),
      });
  });
  return out;
}
