/**
 * A small pool of reader workers. Each file is read in a worker with a heap ceiling and a
 * deadline; a worker that runs out of memory, crashes or overruns is replaced and the file gets
 * one clear issue (FILE.TOO_LARGE, FILE.CORRUPT, FILE.TIMEOUT). With size 0, files are read in
 * this thread (for debugging; no memory isolation).
 */
import { Worker } from 'node:worker_threads';
import type { LoadedFieldMap } from '../core/field-map.js';
import type { FileReport } from '../core/file-report.js';
import type { IssueCode } from '../core/issues.js';
import type { ReadLimits } from './limits.js';
import type { InputEntry } from './list-inputs.js';
import { readWorksheetFile, rejected } from './read-file.js';
import { fromTransfer } from './transfer.js';

export interface ReadRequest {
  id: number;
  entry: InputEntry;
  limits: ReadLimits;
}
export interface ReadResponse {
  id: number;
  report: unknown;
}

export interface ReadPool {
  read(entry: InputEntry): Promise<FileReport>;
  close(): Promise<void>;
}

interface Job {
  id: number;
  entry: InputEntry;
  done: (r: FileReport) => void;
  timer?: NodeJS.Timeout;
  retried?: boolean;
}
interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
}

/** Files a worker holds at once: its file I/O overlaps its parsing, and no round trip leaves it idle. */
const PER_WORKER = 4;

/** Under vitest or tsx the sources are .ts: load them in the worker through tsx's loader. */
function spawn(limits: ReadLimits, fieldMap: LoadedFieldMap): Worker {
  const options = {
    resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 16 },
    workerData: { fieldMap: fieldMap.map },
  };
  if (import.meta.url.endsWith('.ts')) {
    const url = new URL('./read-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
    return new Worker(boot, { eval: true, ...options });
  }
  return new Worker(new URL('./read-worker.js', import.meta.url), options);
}

export function createReadPool(size: number, limits: ReadLimits, fieldMap: LoadedFieldMap): ReadPool {
  if (size <= 0) return { read: (entry) => readWorksheetFile(entry, fieldMap, limits), close: async () => {} };
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot, res: ReadResponse) => {
    const job = slot.jobs.get(res.id);
    if (!job) return;
    clearTimeout(job.timer);
    slot.jobs.delete(res.id);
    job.done(fromTransfer(res.report as FileReport));
    pump();
  };
  /**
   * A worker died (out of memory, crashed) or overran: it takes all its files with it. The culprit
   * is not known, so each of them is read once more in a fresh worker; a file that kills a second
   * worker, or `culprit` when it is known (a deadline), gets the issue.
   */
  const replace = (slot: Slot, code: IssueCode, message: string, culprit?: Job) => {
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    slots.splice(slots.indexOf(slot), 1);
    for (const job of slot.jobs.values()) {
      clearTimeout(job.timer);
      if (job === culprit || job.retried || (culprit === undefined && slot.jobs.size === 1))
        job.done(rejected(job.entry.path, code, message));
      else queue.unshift({ ...job, retried: true });
    }
    slot.jobs.clear();
    pump();
  };
  const newSlot = (): Slot => {
    const slot: Slot = { worker: spawn(limits, fieldMap), jobs: new Map() };
    slot.worker.on('message', (res: ReadResponse) => finish(slot, res));
    slot.worker.on('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY' || /heap|memory/i.test(err.message);
      replace(
        slot,
        oom ? 'FILE.TOO_LARGE' : 'FILE.CORRUPT',
        oom
          ? `reading the file needed more than ${limits.workerHeapMb} MB; a worksheet is far smaller (a zip bomb or a huge sheet?)`
          : `the reader failed on this file (${err.message.slice(0, 120)})`,
      );
    });
    slot.worker.on('exit', () => {
      if (slots.includes(slot)) replace(slot, 'FILE.CORRUPT', 'the reader stopped while reading this file');
    });
    slot.worker.unref();
    slots.push(slot);
    return slot;
  };
  const pump = () => {
    while (!closed && queue.length) {
      const slot =
        slots.find((s) => s.jobs.size === 0) ??
        (slots.length < size ? newSlot() : slots.find((s) => s.jobs.size < PER_WORKER));
      if (!slot) return;
      const job = queue.shift();
      if (!job) return;
      job.timer = setTimeout(
        () =>
          replace(
            slot,
            'FILE.TIMEOUT',
            `reading took longer than ${limits.timeoutMs / 1000} s; the file is damaged or far too large`,
            job,
          ),
        limits.timeoutMs,
      );
      slot.jobs.set(job.id, job);
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, entry: job.entry, limits } satisfies ReadRequest);
    }
    for (const s of slots) if (s.jobs.size === 0) s.worker.unref();
  };

  return {
    read(entry) {
      return new Promise((done) => {
        queue.push({ id: nextId++, entry, done });
        pump();
      });
    },
    async close() {
      closed = true;
      await Promise.all(
        slots.splice(0).map((s) => {
          s.worker.removeAllListeners();
          return s.worker.terminate();
        }),
      );
    },
  };
}
