/**
 * Change rows written aside as billers finish, and read back (as often as needed) when the results
 * are written: a night of 10,000 billers and 200,000 changes keeps one line per change on disk, not
 * in memory. The rows are already masked; the file is private and removed after the results.
 *
 * A run that dies (SIGKILL, power cut) leaves its spill behind: the change rows of the billers it finished,
 * which no results workbook lists. The next run keeps it under a visible name and says so (keepSpill).
 */
import {
  closeSync,
  constants,
  fstatSync,
  linkSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { changeRow, type ChangeRow, type Rows } from '../core/report-rows.js';
import type { BillerResult } from '../core/summary.js';

export class ChangeSpill implements Rows<ChangeRow> {
  count = 0;
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openFresh(path);
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
    for (const line of lines(this.fd)) yield JSON.parse(line) as ChangeRow;
  }

  /** Close and delete the spill; again is nothing (the run removes it before it ends, and on any way out). */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }
  private removed = false;
}

/** Created exclusively, owner-only, never through a symlink: a planted or leftover file is never written into. */
const FRESH = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

function openFresh(path: string): number {
  try {
    return openSync(path, FRESH, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    throw new Error(`the change spill ${path} already exists (a file or a link of someone else's): not written into`, {
      cause: e,
    });
  }
}

/** Why a dead run's spill cannot be kept as ours (readable by others, or its bytes reachable by another name). */
function notOurs(path: string, fd: number): string | null {
  const st = fstatSync(fd);
  if (!st.isFile()) return `${path} is not a regular file`;
  if (st.mode & 0o077) return `${path} is open to group or others (mode 0${(st.mode & 0o777).toString(8)}), not 0600`;
  if (st.nlink > 1) return `${path} has ${st.nlink} links (its bytes have another name)`;
  return null;
}

/** The lines of an open file, read from its start in chunks. */
function* lines(fd: number): Generator<string> {
  // 32 KB at a time: the text of a chunk must stay under V8's large-object size (~128 KB), or each
  // chunk lives in old space until a full collection (1 MB chunks grew the heap by ~80 MB).
  const chunk = Buffer.alloc(32 * 1024);
  const decoder = new StringDecoder('utf8'); // a chunk may end inside a multi-byte character
  let position = 0;
  let rest = '';
  for (;;) {
    const n = readSync(fd, chunk, 0, chunk.length, position);
    if (n === 0) break;
    position += n;
    const text = rest + decoder.write(chunk.subarray(0, n));
    const split = text.split('\n');
    rest = split.pop() ?? '';
    for (const line of split) if (line) yield line;
  }
  if (rest) yield rest;
}

const SPILL = /^\.changes-(.+)\.jsonl$/;

/** The change spills in `dir`, by run id: a run that ended normally removed its own. */
export function spillsIn(dir: string): Array<{ runId: string; path: string }> {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return []; // no output folder yet
  }
  return names.flatMap((name) => {
    const runId = SPILL.exec(name)?.[1];
    return runId ? [{ runId, path: join(dir, name) }] : [];
  });
}

/** A dead run's spill, kept: where it is now, how many change rows it holds and of which billers. */
export interface KeptSpill {
  /** Null when it held nothing at all: then it is removed (a run killed before any biller finished). */
  kept: string | null;
  rows: number;
  billers: string[];
  /** Lines that were no change row (the last one, cut by the crash mid-write): kept in the file as they are. */
  unreadable: number;
}

/**
 * Keep a dead run's spill as `changes-of-run-<run>.jsonl` beside it (visible, still 0600), never over an
 * existing file nor through a symlink, and count what it holds. Throws, leaving the spill where it was, when
 * it is a symlink, open to group or others, or has more than one link: then it is not the file our run made.
 */
export function keepSpill(path: string, runId: string): KeptSpill {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) throw new Error(`${path} is not a regular file (a symbolic link)`);
  if (!st.isFile()) throw new Error(`${path} is not a regular file`);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  const billers = new Set<string>();
  let rows = 0;
  let unreadable = 0;
  try {
    // Judged before it is read: an empty one holds nothing to keep (removed), any other must be ours.
    const why = fstatSync(fd).size > 0 ? notOurs(path, fd) : null;
    if (why) throw new Error(why);
    for (const line of lines(fd)) {
      try {
        billers.add((JSON.parse(line) as ChangeRow).billerId);
        rows++;
      } catch {
        unreadable++;
      }
    }
  } finally {
    closeSync(fd);
  }
  if (rows === 0 && unreadable === 0) {
    rmSync(path);
    return { kept: null, rows, billers: [], unreadable };
  }
  const kept = join(dirname(path), `changes-of-run-${runId}.jsonl`);
  linkSync(path, kept); // EEXIST when that name is taken: the spill stays, and the caller says so
  rmSync(path);
  return { kept, rows, billers: [...billers].sort(), unreadable };
}
