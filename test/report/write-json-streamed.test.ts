import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJsonStreamed } from '../../src/report/write-json-streamed.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'json-streamed-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeJsonStreamed', () => {
  it.each([
    { name: 'scalars and objects', value: { a: 1, b: 'x', c: { d: [1, 2] }, e: null } },
    { name: 'arrays, empty and not', value: { list: [{ x: 1 }, 'two'], none: [] } },
    { name: 'an empty object', value: {} },
  ])('writes what JSON.parse reads back: $name', async ({ value }) => {
    const path = join(dir, 'r.json');
    await writeJsonStreamed(path, value);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(value);
  });

  it('streams an iterable as an array, one element a line', async () => {
    const path = join(dir, 'r.json');
    function* rows() {
      yield { n: 1 };
      yield { n: 2 };
    }
    await writeJsonStreamed(path, { rows: rows() });
    expect(await readFile(path, 'utf8')).toBe('{\n  "rows": [\n    {"n":1},\n    {"n":2}\n  ]\n}\n');
  });

  it('never overwrites a file', async () => {
    const path = join(dir, 'r.json');
    await writeFile(path, 'old');
    await expect(writeJsonStreamed(path, { a: 1 })).rejects.toThrow(/EEXIST/);
    expect(await readFile(path, 'utf8')).toBe('old');
  });

  it('a value that cannot be written (a cycle) rejects once its file is closed: removing it is final', async () => {
    for (let i = 0; i < 20; i++) {
      const path = join(dir, `cyclic-${i}.json`);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(writeJsonStreamed(path, { rows: [cyclic] })).rejects.toThrow(/circular/i);
      await rm(path, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(existsSync(path), `run ${i}: the file came back after it was removed`).toBe(false);
    }
  });
});
