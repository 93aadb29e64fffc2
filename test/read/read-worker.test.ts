// @module-tag slow: each test boots a reader worker under tsx (seconds)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FileReport } from '../../src/core/file-report.js';
import type { LoadedFieldMap } from '../../src/core/field-map.js';
import { readFieldMap } from '../../src/field-map-file.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import type { ReadRequest, ReadResponse } from '../../src/read/read-pool.js';
import { billerIdOf, csvText, sampleBiller } from '../support/workbooks.js';

let fieldMap: LoadedFieldMap;
beforeAll(async () => {
  fieldMap = await readFieldMap();
});
let dir: string;
let worker: Worker | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sc-read-worker-'));
});
afterEach(async () => {
  await worker?.terminate();
  worker = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** The worker as the read pool starts it from the sources (src/read/read-pool.ts): tsx's loader, then the entry. */
function start(fieldMapData: unknown): Worker {
  const url = new URL('../../src/read/read-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(boot, { eval: true, workerData: { fieldMap: fieldMapData } });
}

/** Posts the requests; resolves with the answers in the order they came. */
function ask(w: Worker, requests: ReadRequest[]): Promise<ReadResponse[]> {
  return new Promise((resolve, reject) => {
    const answers: ReadResponse[] = [];
    w.on('error', reject);
    w.on('message', (res: ReadResponse) => {
      answers.push(res);
      if (answers.length === requests.length) resolve(answers);
    });
    for (const r of requests) w.postMessage(r);
  });
}

describe('the reader worker', () => {
  it('answers each request with its id and the report of its file, secrets as plain text', async () => {
    const [one, two] = [sampleBiller(1), sampleBiller(2)];
    writeFileSync(join(dir, 'one.csv'), csvText([one]));
    writeFileSync(join(dir, 'two.csv'), csvText([two]));
    worker = start(fieldMap.map);
    const answers = await ask(worker, [
      { id: 7, entry: { path: join(dir, 'one.csv') }, limits: DEFAULT_LIMITS },
      { id: 8, entry: { path: join(dir, 'two.csv') }, limits: DEFAULT_LIMITS },
      { id: 9, entry: { path: join(dir, 'none.csv'), missing: true }, limits: DEFAULT_LIMITS },
    ]);
    const byId = new Map(answers.map((a) => [a.id, a.report as FileReport]));
    expect([...byId.keys()].sort()).toEqual([7, 8, 9]);
    expect(byId.get(7)!.billers.map((b) => b.billerId)).toEqual([billerIdOf(one)]);
    expect(byId.get(8)!.billers.map((b) => b.billerId)).toEqual([billerIdOf(two)]);
    expect(typeof byId.get(7)!.billers[0]!.record!.rtdr.password).toBe('string');
    expect(byId.get(9)).toMatchObject({ status: 'rejected', issues: [{ code: 'FILE.NOT_FOUND' }] });
  });

  it('reads with the limits of each request', async () => {
    writeFileSync(join(dir, 'one.csv'), csvText([sampleBiller(1)]));
    worker = start(fieldMap.map);
    const [answer] = await ask(worker, [
      { id: 1, entry: { path: join(dir, 'one.csv') }, limits: { ...DEFAULT_LIMITS, maxFileBytes: 10 } },
    ]);
    expect(answer!.report).toMatchObject({ status: 'rejected', issues: [{ code: 'FILE.TOO_LARGE' }] });
  });

  // The pool hands over a map the main thread has already loaded (readFieldMap); one that does not load here
  // stops the worker before its first answer. (Its ZodError crosses the thread boundary without its message.)
  it('a field map that does not load stops the worker with an error, before any answer', async () => {
    const w = (worker = start({ fields: 'not a list' }));
    const answered: unknown[] = [];
    w.on('message', (m) => answered.push(m));
    const failed = new Promise<unknown>((resolve) => w.once('error', resolve));
    const exit = new Promise<number>((resolve) => w.once('exit', resolve));
    w.postMessage({ id: 1, entry: { path: join(dir, 'none.csv'), missing: true }, limits: DEFAULT_LIMITS });
    expect(await failed).toBeInstanceOf(Error);
    expect(await exit).toBe(1);
    expect(answered).toEqual([]);
  });
});
