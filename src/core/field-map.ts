/**
 * The worksheet field map: which labels name which field, what each field holds and which
 * Advanced Setting it feeds. The map is data (templates/worksheet-map.json) so that a new
 * worksheet version means editing a JSON file, not code. This module parses it, checks it (field-map-checks.ts,
 * setting-feeds.ts: a map the code cannot follow is refused, naming the field) and indexes it.
 */
import * as z from 'zod';
import { checkFieldMap } from './field-map-checks.js';
import { FIELD_KEYS, FIELD_TYPES, type FieldKey } from './field-keys.js';
import { normalizeLabel } from './normalize-label.js';
import { feedsOf, type SettingFeed } from './setting-feeds.js';

export { normalizeLabel };
export { FIELD_KEYS, type FieldKey };

const FieldSpecSchema = z.strictObject({
  key: z.enum(FIELD_KEYS),
  label: z.string().min(1),
  /** The heading the template groups this field under. */
  section: z.string().min(1).default('Fields'),
  aliases: z.array(z.string().min(1)).default([]),
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  /** The CRM Advanced Setting this field feeds (8-13). */
  setting: z.number().int().min(1).optional(),
  /** For settings 10 and 13: which side of the `privateKey|password` pipe. */
  part: z.enum(['privateKey', 'password']).optional(),
  /** Where the value sits relative to its label in the form layout. */
  valueAt: z.enum(['right', 'below']).default('right'),
  hint: z.string().min(1),
  example: z.string(),
});
export type FieldSpec = z.infer<typeof FieldSpecSchema>;

const FieldMapSchema = z
  .strictObject({
    $comment: z.string().optional(),
    version: z.literal(1),
    exampleSheetNames: z.array(z.string()).default([]),
    listSeparators: z.array(z.string().min(1)).min(1),
    dateOrder: z.enum(['MDY', 'DMY']),
    fields: z.array(FieldSpecSchema),
  })
  .superRefine((map, ctx) => {
    for (const { message, path } of checkFieldMap(map)) ctx.addIssue({ code: 'custom', message, path });
  });
export type FieldMap = z.infer<typeof FieldMapSchema>;

/** A field map parsed once, with its labels indexed for O(1) lookups. */
export interface LoadedFieldMap {
  readonly map: FieldMap;
  readonly byKey: ReadonlyMap<FieldKey, FieldSpec>;
  /** Settings 8-13 and the fields that feed them, in setting order: what the planner writes. */
  readonly feeds: readonly SettingFeed[];
  /** Look a cell's text up as a label. */
  match(text: string): FieldSpec | undefined;
  /** The field whose label is closest to a text that matched none, for "did you mean". */
  closest(text: string): FieldSpec | undefined;
}

/** Parse and index a field map; throws a ZodError naming the bad entry. */
export function loadFieldMap(json: unknown): LoadedFieldMap {
  const map = FieldMapSchema.parse(json);
  const byLabel = new Map<string, FieldSpec>();
  for (const field of map.fields) {
    for (const label of [field.label, ...field.aliases]) byLabel.set(normalizeLabel(label), field);
  }
  const byKey = new Map(map.fields.map((f) => [f.key, f] as const));
  return {
    map,
    byKey,
    feeds: Object.freeze(feedsOf(map.fields)),
    match: (text) => (text.length > 80 ? undefined : byLabel.get(normalizeLabel(text))),
    closest(text) {
      const norm = normalizeLabel(text);
      let best: { field: FieldSpec; distance: number } | undefined;
      for (const [label, field] of byLabel) {
        const distance = editDistance(norm, label);
        if (!best || distance < best.distance) best = { field, distance };
      }
      // Only suggest when the text is a near miss (a typo), not merely another word.
      return best && best.distance <= Math.max(2, Math.floor(norm.length / 4)) ? best.field : undefined;
    },
  };
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 99;
}
