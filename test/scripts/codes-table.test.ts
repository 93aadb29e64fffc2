import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRM_CODES, FOLLOW_UP_CODES, PLAIN_CODES, ROLLBACK_CODES, RUN_CODES } from '../../src/core/codes.js';
import { ISSUE_CODES } from '../../src/core/issues.js';
import { BLOCK_CODES } from '../../src/core/plan-blocks.js';
import { packageRoot } from '../../src/paths.js';
import { codesTable, END, START, withCodesTable } from '../../scripts/codes-table.js';

const registries = { ISSUE_CODES, BLOCK_CODES, CRM_CODES, ROLLBACK_CODES, RUN_CODES, FOLLOW_UP_CODES, PLAIN_CODES };
const prefixes: Record<keyof typeof registries, RegExp> = {
  ISSUE_CODES: /^(FILE|WORKSHEET)\.[A-Z_]+$/,
  BLOCK_CODES: /^BLOCKED\.[A-Z_]+$/,
  CRM_CODES: /^CRM\.[A-Z_]+$/,
  ROLLBACK_CODES: /^ROLLBACK\.[A-Z_]+$/,
  RUN_CODES: /^RUN\.[A-Z_]+$/,
  FOLLOW_UP_CODES: /^FOLLOW_UP\.[A-Z_]+$/,
  PLAIN_CODES: /^[A-Z_]+$/,
};

describe('the result codes', () => {
  it.each(Object.entries(registries))('%s: each code has its prefix and a meaning', (name, codes) => {
    for (const [code, meaning] of Object.entries(codes)) {
      expect(code).toMatch(prefixes[name as keyof typeof registries]);
      expect(meaning.length, code).toBeGreaterThanOrEqual(8);
    }
  });

  it('every FOLLOW_UP.* code written in src/ is registered (a misspelt one is a new code nobody filters on)', () => {
    const src = join(packageRoot, 'src');
    const written = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join(src, f), 'utf8').matchAll(/'(FOLLOW_UP\.[A-Z_]+)'/g)].map((m) => m[1]));
    expect(written).toContain('FOLLOW_UP.IN_MAINTENANCE');
    for (const code of written) expect(Object.keys(FOLLOW_UP_CODES), code).toContain(code);
  });

  it('no code is in two registries', () => {
    const all = Object.values(registries).flatMap((r) => Object.keys(r));
    expect(new Set(all).size).toBe(all.length);
  });

  it('the README documents every code with the words of its registry (npm run docs:codes rewrites it)', () => {
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
    expect(withCodesTable(readme)).toBe(readme);
    for (const codes of Object.values(registries))
      for (const [code, meaning] of Object.entries(codes))
        expect(readme).toContain(`| \`${code}\` | ${meaning.replaceAll('|', '\\|')} |`);
  });

  it('the table is one markdown table between its markers', () => {
    const lines = codesTable().split('\n');
    expect(lines[0]).toBe(START);
    expect(lines.at(-1)).toBe(END);
    const rows = lines.filter((l) => l.startsWith('| `'));
    expect(rows).toHaveLength(Object.values(registries).reduce((n, r) => n + Object.keys(r).length, 0));
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(5);
  });

  it.each([
    ['no markers', 'text'],
    ['only the start', `a ${START} b`],
    ['end before start', `${END} ${START}`],
    ['two starts', `${START} ${START} ${END}`],
  ])('refuses a README with %s, naming the markers', (_name, readme) => {
    expect(() => withCodesTable(readme)).toThrow(/README\.md must hold the markers/);
  });
});
