import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:fast`: the untagged tests (pure core, small units), cheap to start. Each file in its own
// fork, as `npm test` runs them, costs ~0.3 s of CPU to boot and re-import (vitest's "import" time was
// 3/4 of a fast run): here files share two threads and their imported modules. Slow-tagged tests need
// what this leaves out (the built CLI from the global setup, a process of their own for signals and chdir).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    globalSetup: [],
    pool: 'threads',
    isolate: false,
    experimental: { preParse: true },
  },
});
