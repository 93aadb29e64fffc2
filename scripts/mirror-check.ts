/**
 * Tests mirror src/ (src/a/b.ts -> test/a/b.test.ts): `npm run mirror:check [ROOT]` lists the modules that hold
 * logic and have no test at the mirrored path, and exits 1 when there is one (2: ROOT has no src/ folder).
 * "Holds logic" is read off the syntax tree, not judged: a module with at least one body of code (a function,
 * an arrow function, a method, an accessor, a constructor, a static block) holds logic. Pure type files,
 * re-export barrels, constant tables and classes without methods (an error class that only names itself) do not.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { packageRoot } from '../src/paths.js';

const BODIES = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.ClassStaticBlockDeclaration,
]);

/** Does this TypeScript source hold at least one body of code? (A `declare` or an overload has none.) */
export function holdsLogic(source: string): boolean {
  const file = ts.createSourceFile('module.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const visit = (node: ts.Node): boolean =>
    (BODIES.has(node.kind) && (node as { body?: ts.Node }).body !== undefined) || Boolean(ts.forEachChild(node, visit));
  return visit(file);
}

/** Where the test of a src/ module lives: src/a/b.ts -> test/a/b.test.ts. */
export function mirroredTest(module: string): string {
  return module.replace(/^src\//, 'test/').replace(/\.ts$/, '.test.ts');
}

/** The src/ modules under root (relative, with `/`, sorted) that hold logic and have no test at the mirrored path. */
export function unmirrored(root: string): string[] {
  return readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .map((p) => `src/${p.replaceAll('\\', '/')}`)
    .filter((m) => m.endsWith('.ts') && !m.endsWith('.d.ts'))
    .filter((m) => !existsSync(join(root, mirroredTest(m))) && holdsLogic(readFileSync(join(root, m), 'utf8')))
    .sort();
}

/** The check as a command: prints what it found and returns the exit code. */
export function mirrorCheck(args: readonly string[], print: (line: string) => void): number {
  const [root = packageRoot, ...rest] = args;
  if (rest.length || root.startsWith('-')) {
    print(`usage: mirror-check [ROOT] (one folder holding src/ and test/; got ${args.join(' ')})`);
    return 2;
  }
  if (!existsSync(join(root, 'src'))) {
    print(`mirror-check: ${join(root, 'src')} does not exist: ROOT must be a folder holding src/ and test/`);
    return 2;
  }
  const missing = unmirrored(root);
  for (const m of missing) print(`${m} holds logic but has no ${mirroredTest(m)}`);
  print(
    missing.length
      ? `${missing.length} module(s) of src/ hold logic without a test at the mirrored path`
      : 'every module of src/ that holds logic has a test at the mirrored path',
  );
  return missing.length ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.exitCode = mirrorCheck(process.argv.slice(2), console.log);
