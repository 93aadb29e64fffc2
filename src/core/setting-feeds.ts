/**
 * Which worksheet fields feed Advanced Settings 8-13, as the field map's `setting` and `part` say.
 * The planner takes them from here, so moving a field to another setting in the JSON moves it in
 * the plan; the checks run when the map loads, so a map the planner could not follow is refused.
 */
import { SECRET_SETTINGS, SETTINGS_TO_UPDATE } from './checklist.js';
import type { FieldKey, FieldSpec } from './field-map.js';

/** One of settings 8-13 and the field(s) whose value it takes. */
export interface SettingFeed {
  setting: number;
  /** The field the setting takes its value from; for a secret setting, the privateKey part. */
  from: FieldKey;
  /** Secret settings (10, 13) only: the password part, joined to `from` as "privateKey|password". */
  password?: FieldKey;
}

/** A reason the map is refused: the message names the field or setting, the path points into the JSON. */
export interface MapProblem {
  message: string;
  path: Array<string | number>;
}

interface Feeding {
  field: FieldSpec;
  index: number;
}

const UPDATED = new Set(SETTINGS_TO_UPDATE.map((s) => s.number));
const RANGE = `${SETTINGS_TO_UPDATE.map((s) => s.number).join(', ')}`;

/** The feeds of a map that passed checkFeeds, in setting order. */
export function feedsOf(fields: readonly FieldSpec[]): SettingFeed[] {
  return SETTINGS_TO_UPDATE.map(({ number }) => {
    const feeding = fields.filter((f) => f.setting === number);
    const password = feeding.find((f) => f.part === 'password');
    const from = feeding.find((f) => f.part !== 'password') ?? feeding[0];
    if (!from) throw new Error(`setting ${number} has no field; the field map was not checked`);
    return { setting: number, from: from.key, ...(password ? { password: password.key } : {}) };
  });
}

/** Every way the map's `setting` and `part` keys break "each of settings 8-13 fed exactly once". */
export function checkFeeds(fields: readonly FieldSpec[]): MapProblem[] {
  const out: MapProblem[] = [];
  fields.forEach((field, index) => {
    if (field.setting !== undefined && !UPDATED.has(field.setting))
      out.push({
        message: `field "${field.key}": setting ${field.setting} is not one the conversion sets (${RANGE})`,
        path: ['fields', index, 'setting'],
      });
    if (field.part !== undefined && field.setting === undefined)
      out.push({ message: `field "${field.key}": "part" needs a "setting"`, path: ['fields', index, 'part'] });
  });
  for (const { number, name } of SETTINGS_TO_UPDATE) {
    const feeding = fields.flatMap((field, index) => (field.setting === number ? [{ field, index }] : []));
    if (feeding.length === 0) {
      out.push({
        message: `setting ${number} (${name}) is fed by no field; give one field "setting": ${number}`,
        path: ['fields'],
      });
      continue;
    }
    out.push(...(SECRET_SETTINGS.has(number) ? checkPair(number, feeding) : checkSingle(number, feeding)));
  }
  return out;
}

/** A plain setting takes one line of text from exactly one field. */
function checkSingle(setting: number, feeding: readonly Feeding[]): MapProblem[] {
  if (feeding.length > 1)
    return [{ message: `setting ${setting} is fed by ${keys(feeding)}; give it to one field only`, path: ['fields'] }];
  const { field, index } = feeding[0] as Feeding;
  if (field.part !== undefined)
    return [
      {
        message: `field "${field.key}": setting ${setting} is not a secret setting, so it takes no "part"`,
        path: ['fields', index, 'part'],
      },
    ];
  if (field.type === 'secret' || field.type === 'list')
    return [
      {
        message: `field "${field.key}": a ${field.type} field cannot feed setting ${setting}, which holds plain text`,
        path: ['fields', index, 'type'],
      },
    ];
  return [];
}

/** A secret setting is "privateKey|password": one secret field for each part, both required or neither. */
function checkPair(setting: number, feeding: readonly Feeding[]): MapProblem[] {
  const out: MapProblem[] = [];
  for (const { field, index } of feeding) {
    if (field.part === undefined)
      out.push({
        message: `field "${field.key}": setting ${setting} is "privateKey|password"; give the field a "part"`,
        path: ['fields', index, 'part'],
      });
    if (field.type !== 'secret')
      out.push({
        message:
          `field "${field.key}": a part of secret setting ${setting} ` +
          `must be of type "secret", not "${field.type}"`,
        path: ['fields', index, 'type'],
      });
  }
  for (const part of ['privateKey', 'password'] as const) {
    const sides = feeding.filter((f) => f.field.part === part);
    if (sides.length !== 1)
      out.push({
        message: `setting ${setting} needs one "${part}" part, ${sides.length ? `has ${keys(sides)}` : 'has none'}`,
        path: ['fields'],
      });
  }
  const required = new Set(feeding.map((f) => f.field.required));
  if (required.size > 1)
    out.push({
      message: `fields ${keys(feeding)} form setting ${setting}: make both "required" or neither`,
      path: ['fields'],
    });
  return out;
}

function keys(feeding: readonly Feeding[]): string {
  return feeding.map((f) => `"${f.field.key}"`).join(' and ');
}
