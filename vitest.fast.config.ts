import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:fast`: the tests not tagged slow (pure core, small units), cheap to start. A fork per file, as
// `npm test` runs them, boots a process and re-imports vitest and the sources for each of ~120 files: measured
// on those files, 71 s of CPU in forks, 18 s in two threads sharing their imports. Only with
// --tags-filter='!slow' (the npm script): slow tests need what this leaves out (the built CLI of the global
// setup, a process of their own for signals, chdir and TZ).
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
