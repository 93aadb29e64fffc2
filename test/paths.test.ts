import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { defaultFieldMapPath, defaultTemplatePath, packageRoot } from '../src/paths.js';

it.each([
  { name: 'the package root holds package.json', path: join(packageRoot, 'package.json') },
  { name: 'the field map', path: defaultFieldMapPath },
  { name: 'the worksheet template', path: defaultTemplatePath },
])('$name is found from src/', ({ path }) => {
  expect(existsSync(path)).toBe(true);
});

it('the package root is this package', () => {
  expect((JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { name: string }).name).toBe(
    'spectrum-convert',
  );
});
