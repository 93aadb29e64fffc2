import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileReport } from '../../src/core/file-report.js';
import { Secret } from '../../src/core/secret.js';
import { readFieldMap } from '../../src/field-map-file.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { readWorksheetFile } from '../../src/read/read-file.js';
import { fromTransfer, toTransfer } from '../../src/read/transfer.js';
import { tempDir } from '../support/intake.js';
import { sampleBiller, tableWorkbook } from '../support/workbooks.js';

let report: () => Promise<FileReport>;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const t = await tempDir('sc-transfer-');
  cleanup = t.cleanup;
  const fieldMap = await readFieldMap();
  writeFileSync(join(t.dir, 'b.xlsx'), await tableWorkbook('Billers', [sampleBiller(1), sampleBiller(2)]));
  report = () => readWorksheetFile({ path: join(t.dir, 'b.xlsx') }, fieldMap, DEFAULT_LIMITS);
});
afterAll(() => cleanup());

const SECRETS = [
  ['rtdr', 'privateKey'],
  ['rtdr', 'password'],
  ['payments', 'privateKey'],
  ['payments', 'password'],
] as const;

describe('toTransfer / fromTransfer', () => {
  it('the four secrets of each record survive structured cloning (a class would lose its private value)', async () => {
    const original = await report();
    const values = original.billers.map((b) => SECRETS.map(([s, p]) => b.record![s][p].reveal()));
    // What postMessage does to the report on its way out of the worker.
    const posted = structuredClone(toTransfer(await report()));
    for (const b of posted.billers) for (const [s, p] of SECRETS) expect(typeof b.record![s][p]).toBe('string');
    const back = fromTransfer(posted);
    expect(back.billers.map((b) => SECRETS.map(([s, p]) => b.record![s][p].reveal()))).toEqual(values);
    for (const b of back.billers) for (const [s, p] of SECRETS) expect(b.record![s][p]).toBeInstanceOf(Secret);
    expect(JSON.stringify(back)).toBe(JSON.stringify(original));
  });

  it('without transfer, cloning loses the secrets (why this module exists)', async () => {
    const cloned = structuredClone(await report());
    const secret = cloned.billers[0]!.record!.rtdr.password as unknown;
    expect(secret instanceof Secret).toBe(false);
  });

  it('a report without records (rejected, invalid billers) crosses unchanged', () => {
    const r: FileReport = {
      file: 'f.xlsx',
      status: 'read',
      billers: [{ billerId: 'B1', billerName: null, sheet: 'S', valid: false }],
      issues: [{ code: 'FILE.CORRUPT', severity: 'error', file: 'f.xlsx', sheet: 'S', message: 'm' }],
    };
    const copy = structuredClone(r);
    expect(fromTransfer(structuredClone(toTransfer(r)))).toEqual(copy);
  });
});
