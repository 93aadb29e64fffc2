import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { holdsLogic, mirrorCheck, mirroredTest, unmirrored } from '../../scripts/mirror-check.js';
import { packageRoot } from '../../src/paths.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sc-mirror-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function tree(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const LOGIC = 'export function twice(n: number): number {\n  return 2 * n;\n}\n';

describe('holdsLogic: a module holds logic when it has a body of code', () => {
  it.each([
    ['a function', LOGIC],
    ['an arrow function', 'export const twice = (n: number) => 2 * n;'],
    ['a function expression in a table', 'export const T = { a: function () { return 1; } };'],
    [
      'an arrow function inside a constant table',
      'export const RULES = { upper: (s: string) => s.toUpperCase() } as const;',
    ],
    ['a method', 'export class C { twice(n: number) { return 2 * n; } }'],
    ['a constructor', 'export class C { constructor(readonly n: number) {} }'],
    ['a getter', 'export class C { get n() { return 1; } }'],
    ['a setter', 'export class C { set n(v: number) { void v; } }'],
    ['a static block', 'export class C { static n: number; static { C.n = 1; } }'],
    ['a callback at the top level (a worker entry)', "process.on('message', (m: unknown) => console.log(m));"],
  ])('%s: holds logic', (_what, source) => {
    expect(holdsLogic(source)).toBe(true);
  });

  it.each([
    ['an empty file', ''],
    ['interfaces and types', 'export interface A { f(): void; g: (n: number) => string }\nexport type F = () => void;'],
    ['a re-export barrel', "export * from './a.js';\nexport { b, type C } from './c.js';"],
    [
      'a constant table',
      "export const CODES = { A: 'a', B: ['b', 2] } as const;\nexport type Code = keyof typeof CODES;",
    ],
    ['a class without methods', "export class E extends Error {\n  override name = 'E';\n  readonly code = 2;\n}"],
    [
      'an abstract class of declarations',
      'export abstract class A { abstract f(): void; abstract readonly n: number }',
    ],
    ['a declared function and an overload', 'export declare function f(): void;\nexport function g(n: number): void;'],
    ['only comments', '/** a table will come here */\n// later'],
  ])('%s: holds no logic', (_what, source) => {
    expect(holdsLogic(source)).toBe(false);
  });
});

describe('mirroredTest', () => {
  it.each([
    ['src/run.ts', 'test/run.test.ts'],
    ['src/commands/report.ts', 'test/commands/report.test.ts'],
    ['src/targets/sqlite/schema.ts', 'test/targets/sqlite/schema.test.ts'],
  ])('%s -> %s', (module, test) => {
    expect(mirroredTest(module)).toBe(test);
  });
});

describe('unmirrored', () => {
  it('names each module that holds logic without a test at its mirrored path, and only those', () => {
    tree({
      'src/a/missing.ts': LOGIC,
      'src/a/deep/missing-too.ts': 'export const f = () => 1;',
      'src/a/tested.ts': LOGIC,
      'test/a/tested.test.ts': '',
      // a test elsewhere is not the mirrored one
      'src/b/elsewhere.ts': LOGIC,
      'test/elsewhere.test.ts': '',
      'src/types.ts': 'export interface T { n: number }',
      'src/barrel.ts': "export * from './a/tested.js';",
      'src/notes.md': 'function f() {}',
    });
    expect(unmirrored(root)).toEqual(['src/a/deep/missing-too.ts', 'src/a/missing.ts', 'src/b/elsewhere.ts']);
  });

  it('the real tree: every module of src/ that holds logic has its mirrored test', () => {
    expect(unmirrored(packageRoot)).toEqual([]);
  });
});

describe('mirrorCheck', () => {
  function check(args: string[]): { code: number; lines: string[] } {
    const lines: string[] = [];
    const code = mirrorCheck(args, (l) => lines.push(l));
    return { code, lines };
  }

  it('a missing test: exit 1, naming the module and the test it lacks', () => {
    tree({ 'src/x/logic.ts': LOGIC, 'src/x/table.ts': 'export const T = [1, 2];' });
    expect(check([root])).toEqual({
      code: 1,
      lines: [
        'src/x/logic.ts holds logic but has no test/x/logic.test.ts',
        '1 module(s) of src/ hold logic without a test at the mirrored path',
      ],
    });
  });

  it('nothing missing: exit 0, and says so', () => {
    tree({ 'src/x/logic.ts': LOGIC, 'test/x/logic.test.ts': '' });
    expect(check([root])).toEqual({
      code: 0,
      lines: ['every module of src/ that holds logic has a test at the mirrored path'],
    });
  });

  it.each([
    ['a folder without src/', () => [root], /\/src does not exist: ROOT must be a folder holding src\//],
    ['two folders', () => [root, root], /^usage: mirror-check \[ROOT\]/],
    ['a flag', () => ['--fix'], /^usage: mirror-check \[ROOT\].*--fix/],
  ])('refuses %s with exit 2, naming it', (_what, args, says) => {
    const { code, lines } = check(args());
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(says);
  });
});

describe('npm run mirror:check', { tags: ['slow'] }, () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(packageRoot, 'scripts/mirror-check.ts'), ...args], {
      encoding: 'utf8',
      cwd: packageRoot,
    });

  it('on the real tree: exit 0', () => {
    const r = run();
    expect(r.stdout).toBe('every module of src/ that holds logic has a test at the mirrored path\n');
    expect(r.status).toBe(0);
  });

  it('on a tree with a missing test: exit 1, naming the file', () => {
    tree({ 'src/x/logic.ts': LOGIC });
    const r = run(root);
    expect(r.stdout).toContain('src/x/logic.ts holds logic but has no test/x/logic.test.ts\n');
    expect(r.status).toBe(1);
  });
});
