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
  return new WorkerPool(size, limits, fieldMap);
}

/** Why a worker that died took its files with it. */
function workerFailure(err: Error & { code?: string }, limits: ReadLimits): [IssueCode, string] {
  const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY' || /heap|memory/i.test(err.message);
  return oom
    ? [
        'FILE.TOO_LARGE',
        `reading the file needed more than ${limits.workerHeapMb} MB; ` +
          'a worksheet is far smaller (a zip bomb or a huge sheet?)',
      ]
    : ['FILE.CORRUPT', `the reader failed on this file (${err.message.slice(0, 120)})`];
}

/** The pool's one queue of files, and the workers it hands them to, at most PER_WORKER each. */
class WorkerPool implements ReadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly limits: ReadLimits,
    private readonly fieldMap: LoadedFieldMap,
  ) {}

  read(entry: InputEntry): Promise<FileReport> {
    return new Promise((done) => {
      this.queue.push({ id: this.nextId++, entry, done });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.slots.splice(0).map((s) => {
        s.worker.removeAllListeners();
        return s.worker.terminate();
      }),
    );
  }

  private finish(slot: Slot, res: ReadResponse): void {
    const job = slot.jobs.get(res.id);
    if (!job) return;
    clearTimeout(job.timer);
    slot.jobs.delete(res.id);
    job.done(fromTransfer(res.report as FileReport));
    this.pump();
  }

  /**
   * A worker died (out of memory, crashed) or overran: it takes all its files with it. The culprit
   * is not known, so each of them is read once more in a fresh worker; a file that kills a second
   * worker, or `culprit` when it is known (a deadline), gets the issue.
   */
  private replace(slot: Slot, code: IssueCode, message: string, culprit?: Job): void {
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.slots.splice(this.slots.indexOf(slot), 1);
    for (const job of slot.jobs.values()) {
      clearTimeout(job.timer);
      if (job === culprit || job.retried || (culprit === undefined && slot.jobs.size === 1))
        job.done(rejected(job.entry.path, code, message));
      else this.queue.unshift({ ...job, retried: true });
    }
    slot.jobs.clear();
    this.pump();
  }

  private newSlot(): Slot {
    const slot: Slot = { worker: spawn(this.limits, this.fieldMap), jobs: new Map() };
    slot.worker.on('message', (res: ReadResponse) => this.finish(slot, res));
    slot.worker.on('error', (err: Error & { code?: string }) => this.replace(slot, ...workerFailure(err, this.limits)));
    slot.worker.on('exit', () => {
      if (this.slots.includes(slot)) this.replace(slot, 'FILE.CORRUPT', 'the reader stopped while reading this file');
    });
    slot.worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** Hands queued files to idle workers first, then to new ones, then to the least busy. */
  private pump(): void {
    while (!this.closed && this.queue.length) {
      const slot =
        this.slots.find((s) => s.jobs.size === 0) ??
        (this.slots.length < this.size ? this.newSlot() : this.slots.find((s) => s.jobs.size < PER_WORKER));
      if (!slot) return;
      const job = this.queue.shift();
      if (!job) return;
      this.start(slot, job);
    }
    for (const s of this.slots) if (s.jobs.size === 0) s.worker.unref();
  }

  private start(slot: Slot, job: Job): void {
    const { limits } = this;
    job.timer = setTimeout(
      () =>
        this.replace(
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
}
