// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'input/', 'output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { varsIgnorePattern: '^_', argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-control-regex': 'off',
    },
  },
  {
    // The pure core: no I/O, no clock-free guarantees broken by libraries that reach out.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'fs/*',
                'path',
                'os',
                'child_process',
                'http',
                'https',
                'net',
                'worker_threads',
                'stream',
                'url',
                'crypto',
              ],
              message: 'src/core is pure: do I/O in the shell and pass the data in.',
            },
            {
              group: ['exceljs', 'csv-parse', 'csv-parse/*', 'winston', 'better-sqlite3', 'p-limit', 'undici'],
              message: 'src/core is pure: keep libraries that do I/O out of it.',
            },
            { group: ['../*', '!../core/*'], message: 'src/core imports only from src/core.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core is pure: pass values in.' },
        { name: 'fetch', message: 'src/core is pure.' },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.{js,ts}', 'bench/**/*.{ts,mjs}', 'test/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', performance: 'readonly' } },
  },
  {
    // process.env is read in one place only: the CLI passes it on.
    files: ['src/**/*.ts'],
    ignores: ['src/cli.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment in src/cli.ts only.' },
        { object: 'process', property: 'exit', message: 'Set process.exitCode; never exit (logs must flush).' },
      ],
    },
  },
);
