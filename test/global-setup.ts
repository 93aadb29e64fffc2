/**
 * Build dist/ once before the tests: some tests run the built CLI with plain node, as an
 * operator does (vitest's module interop hides ESM import mistakes: pitfalls §1.1).
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
