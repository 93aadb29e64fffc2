import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedFieldMap } from '../../src/core/field-map.js';
import { Secret } from '../../src/core/secret.js';
import { readFieldMap } from '../../src/field-map-file.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { createReadPool, type ReadPool } from '../../src/read/read-pool.js';
import { tempDir } from '../support/intake.js';
import { sampleBiller, tableWorkbook } from '../support/workbooks.js';

let fieldMap: LoadedFieldMap;
beforeAll(async () => {
  fieldMap = await readFieldMap();
});
let dir: string;
let cleanup: () => Promise<void>;
let pool: ReadPool | undefined;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sc-pool-'));
});
afterEach(async () => {
  await pool?.close();
  pool = undefined;
  await cleanup();
});

async function workbook(name: string, n: number): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, await tableWorkbook('Billers', [sampleBiller(n)]));
  return path;
}

// Each reader worker takes seconds to start under tsx: npm run test:fast leaves these out.
describe('createReadPool', { tags: ['slow'] }, () => {
  it.each([
    { name: 'in reader workers', size: 1 },
    { name: 'in this thread (size 0)', size: 0 },
  ])('reads a file $name, secrets restored as Secret', async ({ size }) => {
    const path = await workbook('a.xlsx', 1);
    pool = createReadPool(size, DEFAULT_LIMITS, fieldMap);
    const r = await pool.read({ path });
    expect(r.status).toBe('read');
    expect(r.billers.map((b) => b.billerName)).toEqual(['Town of Sample 1']);
    expect(r.billers[0]!.record!.rtdr.password).toBeInstanceOf(Secret);
  });

  it('many files through two workers: each report is the one of its file', async () => {
    const paths = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => workbook(`f${n}.xlsx`, n)));
    pool = createReadPool(2, DEFAULT_LIMITS, fieldMap);
    const reports = await Promise.all(paths.map((path) => pool!.read({ path })));
    expect(reports.map((r) => [r.file, r.billers[0]?.billerName])).toEqual(
      paths.map((p, i) => [p, `Town of Sample ${i + 1}`]),
    );
  });

  it('a file that overruns its deadline gets FILE.TIMEOUT naming the limit, and the pool reads on', async () => {
    const path = await workbook('slow.xlsx', 1);
    pool = createReadPool(1, { ...DEFAULT_LIMITS, timeoutMs: 1 }, fieldMap);
    const r = await pool.read({ path });
    expect(r.status).toBe('rejected');
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'FILE.TIMEOUT',
        message: 'reading took longer than 0.001 s; the file is damaged or far too large',
      }),
    ]);
  });

  it('a missing entry is rejected by the worker like any file', async () => {
    pool = createReadPool(1, DEFAULT_LIMITS, fieldMap);
    const r = await pool.read({ path: join(dir, 'gone.xlsx'), missing: true });
    expect(r.issues[0]?.code).toBe('FILE.NOT_FOUND');
  });
});
