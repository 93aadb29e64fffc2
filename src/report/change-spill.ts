/**
 * Change rows written aside as billers finish, and read back (as often as needed) when the results
 * are written: a night of 10,000 billers and 200,000 changes keeps one line per change on disk, not
 * in memory. The rows are already masked; the file is private and removed after the results.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { changeRow, type ChangeRow, type Rows } from '../core/report-rows.js';
import type { BillerResult } from '../core/summary.js';

export class ChangeSpill implements Rows<ChangeRow> {
  count = 0;
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w+', 0o600);
  }

  static inDir(dir: string, runId: string): ChangeSpill {
    return new ChangeSpill(join(dir, `.changes-${runId}.jsonl`));
  }

  /** Write the result's change rows aside and drop the changes from the result. */
  take(result: BillerResult, mask: (s: string) => string): BillerResult {
    if (result.changes.length === 0) return result;
    const lines = result.changes.map((c) => JSON.stringify(changeRow(result, c, mask))).join('\n');
    writeSync(this.fd, `${lines}\n`);
    this.count += result.changes.length;
    return { ...result, changes: [], changeCount: result.changes.filter((c) => c.entity !== 'maintenance').length };
  }

  *[Symbol.iterator](): Iterator<ChangeRow> {
    // 32 KB at a time: the text of a chunk must stay under V8's large-object size (~128 KB), or each
    // chunk lives in old space until a full collection (1 MB chunks grew the heap by ~80 MB).
    const chunk = Buffer.alloc(32 * 1024);
    const decoder = new StringDecoder('utf8'); // a chunk may end inside a multi-byte character
    let position = 0;
    let rest = '';
    for (;;) {
      const n = readSync(this.fd, chunk, 0, chunk.length, position);
      if (n === 0) break;
      position += n;
      const text = rest + decoder.write(chunk.subarray(0, n));
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line) yield JSON.parse(line) as ChangeRow;
    }
    if (rest) yield JSON.parse(rest) as ChangeRow;
  }

  remove(): void {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }
}
