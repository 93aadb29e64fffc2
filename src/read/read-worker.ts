/**
 * Worker-thread entry: read one input file per message, end to end (read-file.ts). Parsing
 * runs here, not in the batch's thread, so a hostile file can only exhaust this worker's heap
 * (resourceLimits) or time, and every core reads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadFieldMap } from '../core/field-map.js';
import type { ReadRequest, ReadResponse } from './read-pool.js';
import { readWorksheetFile } from './read-file.js';
import { toTransfer } from './transfer.js';

const fieldMap = loadFieldMap((workerData as { fieldMap: unknown }).fieldMap);

parentPort?.on('message', (req: ReadRequest) => {
  void readWorksheetFile(req.entry, fieldMap, req.limits).then((report) => {
    parentPort?.postMessage({ id: req.id, report: toTransfer(report) } satisfies ReadResponse);
  });
});
