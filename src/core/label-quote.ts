/**
 * Whether a text that matched no field may be quoted in a warning. A warning goes into the results
 * workbook and json; when a sheet is misread (a repeated header read as a form), the "labels" it
 * finds are values, secrets among them. So a text is quoted only when it reads as a label: words
 * without digits, one of them a word of the field map's own labels; anything else is described
 * by its length, never shown.
 */
import type { LoadedFieldMap } from './field-map.js';

const WORDS = new WeakMap<LoadedFieldMap, ReadonlySet<string>>();

function vocabulary(fm: LoadedFieldMap): ReadonlySet<string> {
  let words = WORDS.get(fm);
  if (!words) {
    words = new Set(
      fm.map.fields
        .flatMap((f) => [f.label, ...f.aliases])
        .flatMap(wordsOf)
        .filter((w) => w.length >= 2),
    );
    WORDS.set(fm, words);
  }
  return words;
}

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
}

export function readsAsLabel(text: string, fm: LoadedFieldMap): boolean {
  if (text.length > 60 || !/^\p{L}[\p{L} &/().,'?-]*[:*]?$/u.test(text.trim())) return false;
  const words = wordsOf(text);
  const known = vocabulary(fm);
  return words.length <= 8 && words.some((w) => known.has(w));
}

/** How a warning names such a text: quoted when it reads as a label, else only its length. */
export function labelShown(text: string, fm: LoadedFieldMap): string {
  return readsAsLabel(text, fm)
    ? `the label ${JSON.stringify(text)}`
    : `a text of ${[...text].length} characters (not shown: it may be a value)`;
}
