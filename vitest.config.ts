import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The tool keeps its CRM locks and its generated journal key in the user's folders (XDG): tests
// get a home of their own, so they never touch the real one.
const home = mkdtempSync(join(tmpdir(), 'sc-test-home-'));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    env: { HOME: home, XDG_STATE_HOME: join(home, '.local', 'state'), XDG_CONFIG_HOME: join(home, '.config') },
    hookTimeout: 60_000,
    // `npm run test:fast` leaves these out (--tags-filter='!slow'); `npm test`, what CI runs, keeps them.
    tags: [
      {
        name: 'slow',
        description: 'Seconds each or more: chaos, signals, corpus, renders, SMTP/HTTPS, million-row fixtures.',
      },
    ],
    // Tests spawn reader workers; two forks keep a 2-core machine responsive.
    pool: 'forks',
    maxWorkers: 2,
  },
});
