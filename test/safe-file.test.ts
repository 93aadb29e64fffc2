import { lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openExclusive, tempPathFor, writeFileSafely } from '../src/safe-file.js';
import { tempDir } from './support/intake.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sc-safe-'));
});
afterEach(() => cleanup());

describe('tempPathFor', () => {
  it('is a fresh hidden name beside the destination', () => {
    const dest = join(dir, 'results.xlsx');
    const a = tempPathFor(dest);
    expect(dirname(a)).toBe(dir);
    expect(basename(a)).toMatch(/^\.results\.xlsx\.[0-9a-f]{16}\.tmp$/);
    expect(tempPathFor(dest)).not.toBe(a);
  });
});

describe('openExclusive', () => {
  it('creates an owner-only file', async () => {
    const fh = await openExclusive(join(dir, 'f'));
    await fh.close();
    expect(statSync(join(dir, 'f')).mode & 0o777).toBe(0o600);
  });

  it.each([
    { name: 'an existing file', plant: (p: string) => writeFileSync(p, 'x') },
    { name: 'a symlink', plant: (p: string) => symlinkSync(join(dir, 'elsewhere'), p) },
  ])('refuses $name', async ({ plant }) => {
    const p = join(dir, 'f');
    plant(p);
    await expect(openExclusive(p)).rejects.toMatchObject({ code: expect.stringMatching(/^(EEXIST|ELOOP)$/) });
    expect(readdirSync(dir).includes('elsewhere')).toBe(false);
  });
});

describe('writeFileSafely', () => {
  it.each([
    { name: 'a string, default mode 0600', data: 'hello', mode: undefined, want: 0o600 },
    { name: 'a buffer, mode 0644', data: Buffer.from('hello'), mode: 0o644, want: 0o644 },
  ])('writes $name and leaves no temporary file', async ({ data, mode, want }) => {
    const dest = join(dir, 'out.txt');
    await writeFileSafely(dest, data, mode);
    expect(readFileSync(dest, 'utf8')).toBe('hello');
    expect(statSync(dest).mode & 0o777).toBe(want);
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('a fill function writes the temporary file, which exists, empty, owner-only', async () => {
    const dest = join(dir, 'out.txt');
    await writeFileSafely(dest, async (tmp) => {
      expect(statSync(tmp).size).toBe(0);
      expect(statSync(tmp).mode & 0o777).toBe(0o600);
      await writeFile(tmp, 'filled');
    });
    expect(readFileSync(dest, 'utf8')).toBe('filled');
  });

  it('a failing fill leaves the destination as it was and no temporary file', async () => {
    const dest = join(dir, 'out.txt');
    writeFileSync(dest, 'before');
    await expect(
      writeFileSafely(dest, async (tmp) => {
        await writeFile(tmp, 'half');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(readFileSync(dest, 'utf8')).toBe('before');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('replaces a symlink at the destination instead of writing through it', async () => {
    const target = join(dir, 'target.txt');
    writeFileSync(target, 'untouched');
    const dest = join(dir, 'out.txt');
    symlinkSync(target, dest);
    await writeFileSafely(dest, 'new');
    expect(lstatSync(dest).isSymbolicLink()).toBe(false);
    expect(readFileSync(dest, 'utf8')).toBe('new');
    expect(readFileSync(target, 'utf8')).toBe('untouched');
  });
});
