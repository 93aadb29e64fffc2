import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listInputs, skipReason } from '../../src/read/list-inputs.js';
import { tempDir } from '../support/intake.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sc-list-'));
});
afterEach(() => cleanup());

describe('skipReason', () => {
  it.each([
    { name: 'a workbook', file: 'billers.xlsx', want: undefined },
    {
      name: 'an Excel lock file',
      file: '~$billers.xlsx',
      want: 'an Excel lock file (the workbook is open somewhere), skipped',
    },
    { name: 'a hidden file', file: '.DS_Store', want: 'a hidden file, skipped' },
    { name: 'a tilde that is not a lock file', file: '~billers.xlsx', want: undefined },
  ])('$name', ({ file, want }) => {
    expect(skipReason(file)).toBe(want);
  });
});

describe('listInputs', () => {
  it(
    'lists the files of a folder in locale order, skipped ones marked; ' + 'sub-folders and the run lock are left out',
    async () => {
      for (const f of ['b.xlsx', 'a.csv', '~$b.xlsx', '.hidden', '.spectrum-convert.lock', 'C.xlsx'])
        writeFileSync(join(dir, f), '');
      mkdirSync(join(dir, 'archive'));
      writeFileSync(join(dir, 'archive', 'old.xlsx'), '');
      expect(await listInputs([dir])).toEqual([
        { path: join(dir, '.hidden'), skip: 'a hidden file, skipped' },
        { path: join(dir, '~$b.xlsx'), skip: 'an Excel lock file (the workbook is open somewhere), skipped' },
        { path: join(dir, 'a.csv') },
        { path: join(dir, 'b.xlsx') },
        { path: join(dir, 'C.xlsx') },
      ]);
    },
  );

  it(
    'a file named directly is listed as given (skipped if it is a lock file); ' + 'a missing path is marked missing',
    async () => {
      writeFileSync(join(dir, 'one.xlsx'), '');
      writeFileSync(join(dir, '~$one.xlsx'), '');
      expect(await listInputs([join(dir, 'one.xlsx'), join(dir, '~$one.xlsx'), join(dir, 'gone.xlsx')])).toEqual([
        { path: join(dir, 'one.xlsx') },
        { path: join(dir, '~$one.xlsx'), skip: 'an Excel lock file (the workbook is open somewhere), skipped' },
        { path: join(dir, 'gone.xlsx'), missing: true },
      ]);
    },
  );

  it('an empty folder lists nothing', async () => {
    expect(await listInputs([dir])).toEqual([]);
  });
});
