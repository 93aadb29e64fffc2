/** What one input file may cost. Defaults fit a 2-core, shared machine; all are configuration. */
export interface ReadLimits {
  /** Largest file accepted, in bytes. */
  maxFileBytes: number;
  /** Largest total of a workbook's parts once unzipped (zip bombs), in bytes. */
  maxInflatedBytes: number;
  /** Most rows in one sheet (or records in a csv). */
  maxRows: number;
  /** Most cells in one sheet (they cost about 0.5 KB each while parsing). */
  maxCells: number;
  /** Most columns in one sheet. */
  maxColumns: number;
  /** Longest time to read one file, in milliseconds. */
  timeoutMs: number;
  /** Heap ceiling of a reader worker, in MB: a hostile file exhausts its worker, never the batch. */
  workerHeapMb: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxInflatedBytes: 32 * 1024 * 1024,
  maxRows: 50_000,
  maxCells: 250_000,
  maxColumns: 1_000,
  timeoutMs: 30_000,
  workerHeapMb: 128,
};
