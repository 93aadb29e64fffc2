/**
 * A small pool of reader workers. Each file is parsed in a worker with a heap ceiling and a
 * deadline; a worker that runs out of memory, crashes or overruns is replaced and the file gets
 * one clear issue (FILE.TOO_LARGE, FILE.CORRUPT, FILE.TIMEOUT). With size 0, files are parsed
 * in this thread (for debugging; no memory isolation).
 */
import { Worker } from 'node:worker_threads';
import type { GridSheet } from '../core/grid.js';
import type { IssueCode } from '../core/issues.js';
import type { ReadLimits } from './limits.js';
import { ReadError } from './read-error.js';

export interface ParseRequest { id: number; kind: 'xlsx' | 'csv'; bytes: ArrayBuffer; sheetName: string; limits: ReadLimits }
export type ParseResponse =
  | { id: number; ok: true; sheets: GridSheet[]; encoding?: string }
  | { id: number; ok: false; code: IssueCode; message: string };

export interface ReadPool {
  parse(kind: 'xlsx' | 'csv', bytes: Buffer, sheetName: string): Promise<ParseResponse>;
  close(): Promise<void>;
}

interface Slot { worker: Worker; job?: { id: number; done: (r: ParseResponse) => void; timer: NodeJS.Timeout } }

/** Under vitest or tsx the sources are .ts: load them in the worker through tsx's loader. */
function spawn(limits: ReadLimits): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 16 };
  if (import.meta.url.endsWith('.ts')) {
    const url = new URL('./read-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
    return new Worker(boot, { eval: true, resourceLimits });
  }
  return new Worker(new URL('./read-worker.js', import.meta.url), { resourceLimits });
}

export function createReadPool(size: number, limits: ReadLimits): ReadPool {
  if (size <= 0) return inlinePool(limits);
  const slots: Slot[] = [];
  const queue: Array<{ req: ParseRequest; done: (r: ParseResponse) => void }> = [];
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot, res: ParseResponse) => {
    const job = slot.job;
    if (!job || job.id !== res.id) return;
    clearTimeout(job.timer);
    slot.job = undefined;
    job.done(res);
    pump();
  };
  const replace = (slot: Slot, code: IssueCode, message: string) => {
    const job = slot.job;
    slot.job = undefined;
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    slots.splice(slots.indexOf(slot), 1);
    if (job) { clearTimeout(job.timer); job.done({ id: job.id, ok: false, code, message }); }
    pump();
  };
  const newSlot = (): Slot => {
    const slot: Slot = { worker: spawn(limits) };
    slot.worker.on('message', (res: ParseResponse) => finish(slot, res));
    slot.worker.on('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY' || /heap|memory/i.test(err.message);
      replace(slot, oom ? 'FILE.TOO_LARGE' : 'FILE.CORRUPT', oom
        ? `reading the file needed more than ${limits.workerHeapMb} MB; a worksheet is far smaller (a zip bomb or a huge sheet?)`
        : `the reader failed on this file (${err.message.slice(0, 120)})`);
    });
    slot.worker.on('exit', () => { if (slots.includes(slot)) replace(slot, 'FILE.CORRUPT', 'the reader stopped while reading this file'); });
    slot.worker.unref();
    slots.push(slot);
    return slot;
  };
  const pump = () => {
    while (!closed && queue.length) {
      const slot = slots.find((s) => !s.job) ?? (slots.length < size ? newSlot() : undefined);
      if (!slot) return;
      const next = queue.shift();
      if (!next) return;
      const timer = setTimeout(() => replace(slot, 'FILE.TIMEOUT', `reading took longer than ${limits.timeoutMs / 1000} s; the file is damaged or far too large`), limits.timeoutMs);
      slot.job = { id: next.req.id, done: next.done, timer };
      slot.worker.ref();
      slot.worker.postMessage(next.req, [next.req.bytes]);
    }
    for (const s of slots) if (!s.job) s.worker.unref();
  };

  return {
    parse(kind, bytes, sheetName) {
      // Transfer, not copy: the buffer must own its whole ArrayBuffer (small Buffers share a pool).
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : Buffer.from(bytes);
      const req: ParseRequest = { id: nextId++, kind, bytes: own.buffer as ArrayBuffer, sheetName, limits };
      return new Promise((done) => { queue.push({ req, done }); pump(); });
    },
    async close() {
      closed = true;
      await Promise.all(slots.splice(0).map((s) => { s.worker.removeAllListeners(); return s.worker.terminate(); }));
    },
  };
}

function inlinePool(limits: ReadLimits): ReadPool {
  return {
    async parse(kind, bytes, sheetName) {
      const { readCsv } = await import('./read-csv.js');
      const { readXlsx } = await import('./read-xlsx.js');
      try {
        if (kind === 'csv') { const r = readCsv(bytes, sheetName, limits); return { id: 0, ok: true, sheets: [r.sheet], encoding: r.encoding }; }
        return { id: 0, ok: true, sheets: await readXlsx(bytes, limits) };
      } catch (e) {
        if (e instanceof ReadError) return { id: 0, ok: false, code: e.code, message: e.message };
        throw e;
      }
    },
    async close() {},
  };
}
