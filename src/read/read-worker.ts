/**
 * Worker-thread entry: parse one file per message. Parsing runs here, not in the batch's
 * thread, so a hostile file can only exhaust this worker's heap (resourceLimits) or time,
 * and two cores parse at once.
 */
import { parentPort } from 'node:worker_threads';
import type { ParseRequest, ParseResponse } from './read-pool.js';
import { readCsv } from './read-csv.js';
import { ReadError } from './read-error.js';
import { readXlsx } from './read-xlsx.js';

async function handle(req: ParseRequest): Promise<ParseResponse> {
  const buf = Buffer.from(req.bytes);
  try {
    if (req.kind === 'csv') {
      const { sheet, encoding } = readCsv(buf, req.sheetName, req.limits);
      return { id: req.id, ok: true, sheets: [sheet], encoding };
    }
    return { id: req.id, ok: true, sheets: await readXlsx(buf, req.limits) };
  } catch (e) {
    if (e instanceof ReadError) return { id: req.id, ok: false, code: e.code, message: e.message };
    if (e instanceof RangeError) return { id: req.id, ok: false, code: 'FILE.TOO_LARGE', message: 'the file is too large to read within the memory limit' };
    const why = e instanceof Error ? e.message.split('\n')[0]?.slice(0, 120) : String(e);
    return { id: req.id, ok: false, code: 'FILE.CORRUPT', message: `the file cannot be read (${why})` };
  }
}

parentPort?.on('message', (req: ParseRequest) => {
  void handle(req).then((res) => parentPort?.postMessage(res));
});
