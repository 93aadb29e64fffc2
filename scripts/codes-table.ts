/**
 * The README's table of result codes, written from the registries (src/core/codes.ts, issues.ts,
 * plan-blocks.ts) so the contract scripts filter on is documented whole: `npm run docs:codes` rewrites
 * it between its markers, and test/scripts/codes-table.test.ts fails when the README and the code differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CRM_CODES, FOLLOW_UP_CODES, PLAIN_CODES, ROLLBACK_CODES, RUN_CODES } from '../src/core/codes.js';
import { ISSUE_CODES } from '../src/core/issues.js';
import { BLOCK_CODES } from '../src/core/plan-blocks.js';
import { packageRoot } from '../src/paths.js';

export const START = '<!-- result codes: written by `npm run docs:codes` from src/core; do not edit by hand -->';
export const END = '<!-- end of result codes -->';

const REGISTRIES: ReadonlyArray<[string, Record<string, string>]> = [
  ['the file or a cell (`invalid`; warnings too)', ISSUE_CODES],
  ['the CRM or the plan refused to start (`blocked`)', BLOCK_CODES],
  ['the CRM refused or lost a change (`failed`, `rollback-failed`)', CRM_CODES],
  ['a rollback refused a biller before any write', ROLLBACK_CODES],
  ['what the run did not do or did not finish (`interrupted`)', RUN_CODES],
  ['a task for a person (*Follow-ups* sheet)', FOLLOW_UP_CODES],
  ['without a prefix', PLAIN_CODES],
];

/** Every code with its meaning, one markdown table, grouped by registry. */
export function codesTable(): string {
  const rows = REGISTRIES.flatMap(([group, codes]) =>
    Object.entries(codes).map(([code, meaning]) => `| \`${code}\` | ${meaning.replaceAll('|', '\\|')} | ${group} |`),
  );
  return [START, '', '| code | meaning | kind |', '|---|---|---|', ...rows, '', END].join('\n');
}

/** The README with its table replaced; refuses a README without exactly one pair of markers. */
export function withCodesTable(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a || readme.indexOf(START, a + 1) >= 0)
    throw new Error(`README.md must hold the markers "${START}" and "${END}" once each, in that order`);
  return readme.slice(0, a) + codesTable() + readme.slice(b + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = join(packageRoot, 'README.md');
  writeFileSync(path, withCodesTable(readFileSync(path, 'utf8')));
  console.log(`README.md: result codes table written (${path})`);
}
