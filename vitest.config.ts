import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests spawn reader workers; two forks keep a 2-core machine responsive.
    pool: 'forks',
    maxWorkers: 2,
  },
});
