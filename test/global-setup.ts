/**
 * Build dist/ once before the tests: some tests run the built CLI with plain node, as an
 * operator does (vitest's module interop hides ESM import mistakes: pitfalls §1.1).
 */
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): void {
  // Only slow-tagged tests run the built CLI, and the build is most of a fast run's time on 2 cores.
  if (project.globalConfig.tagsFilter?.includes('!slow')) return;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
