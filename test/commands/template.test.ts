/**
 * template --out: a blank worksheet written whole or not at all, never over someone's file unasked, never onto
 * a folder. What the workbook holds is tested in test/report/template-workbook.test.ts; --force over a file and
 * a missing folder in test/commands/destructive.test.ts.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/intake.js';
import { runMain } from '../support/run-cli.js';

let dir: string;
let cleanup: () => Promise<void>;
let n = 0;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('sc-template-'));
});
afterAll(async () => {
  await cleanup();
});

/** A folder of its own for one test. */
function folder(): string {
  const d = join(dir, `t${++n}`);
  mkdirSync(d);
  return d;
}

describe('template --out', () => {
  it('writes the workbook alone (no temporary file left), readable by others, and says where', async () => {
    const d = folder();
    const out = join(d, 'blank.xlsx');
    const r = await runMain(['template', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`wrote ${out}`);
    expect(readdirSync(d)).toEqual(['blank.xlsx']);
    expect(readFileSync(out).subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04'));
    expect(statSync(out).mode & 0o777).toBe(0o644);
  });

  it.each([{ flags: [] }, { flags: ['--force'] }])(
    'a folder, $flags: refused (exit 2) naming it, the folder untouched',
    async ({ flags }) => {
      const d = folder();
      writeFileSync(join(d, 'inside.txt'), 'kept');
      const r = await runMain(['template', '--out', d, ...flags]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--out ${d} is a folder: name the file to write in it`);
      expect(r.err).toContain('spectrum-convert template --help');
      expect(readdirSync(d)).toEqual(['inside.txt']);
    },
  );

  it('a file where its folder should be: refused (exit 2), naming the folder', async () => {
    const d = folder();
    writeFileSync(join(d, 'plain'), 'x');
    const out = join(d, 'plain', 't.xlsx');
    const r = await runMain(['template', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`the folder of --out ${out} does not exist: ${join(d, 'plain')}`);
    expect(readFileSync(join(d, 'plain'), 'utf8')).toBe('x');
  });

  it('an empty --out (an unset variable): refused (exit 2), nothing written', async () => {
    const r = await runMain(['template', '--out', '']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out needs FILE: template got an empty one');
  });
});
