/**
 * The run lock: two runs on the same input folder or the same CRM never overlap. A lock is a
 * file created exclusively, holding who took it. A lock whose holder is a dead process on this
 * host is stale and is taken over (with a warning); a live holder, or one on another host whose
 * liveness cannot be checked, makes the second run stop at once (exit 75).
 */
import { hostname } from 'node:os';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LockHolder { pid: number; host: string; startedAt: string; runId: string; path: string }

export class LockedError extends Error {
  override name = 'LockedError';
  constructor(readonly holder: LockHolder) {
    super(`another run holds the lock ${holder.path}: run ${holder.runId}, pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}. If you are sure it is gone, run "spectrum-convert unlock --force".`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Omit<LockHolder, 'path'>;
    return { ...h, path };
  } catch {
    return undefined; // half-written or removed meanwhile
  }
}

function create(path: string, me: Omit<LockHolder, 'path'>): boolean {
  mkdirSync(dirname(path), { recursive: true });
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  writeSync(fd, JSON.stringify(me));
  closeSync(fd);
  return true;
}

/**
 * Remove a stale lock. Two runs may find the same stale lock at once: only the one that creates
 * the guard file exclusively may remove it, after checking again that it is still stale, so a
 * fresh lock just taken by the other run is never removed.
 */
function takeOver(path: string, me: Omit<LockHolder, 'path'>): boolean {
  const guard = `${path}.takeover`;
  try {
    if (Date.now() - statSync(guard).mtimeMs > 10_000) rmSync(guard, { force: true }); // left by a crash mid-takeover
  } catch { /* no guard */ }
  if (!create(guard, me)) return false;
  try {
    const holder = readHolder(path);
    if (holder && holder.host === me.host && !alive(holder.pid)) { rmSync(path, { force: true }); return true; }
    return false;
  } finally {
    rmSync(guard, { force: true });
  }
}

export interface Lock { release(): void; takenOver: LockHolder[] }

/** Take every lock in `paths` or none. */
export function acquireLocks(paths: readonly string[], runId: string): Lock {
  const me = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), runId };
  const held: string[] = [];
  const takenOver: LockHolder[] = [];
  const release = () => { for (const p of held.splice(0)) rmSync(p, { force: true }); };
  try {
    for (const path of [...new Set(paths)]) {
      for (let attempt = 0; ; attempt++) {
        if (create(path, me)) { held.push(path); break; }
        const holder = readHolder(path);
        if (holder && (holder.host !== me.host || alive(holder.pid))) throw new LockedError(holder);
        if (attempt > 3) throw new LockedError(holder ?? { pid: 0, host: '?', startedAt: '?', runId: '?', path });
        if (takeOver(path, me)) { if (holder) takenOver.push(holder); }
      }
    }
  } catch (e) {
    release();
    throw e;
  }
  return { release, takenOver };
}

/** `unlock --force`: remove the locks after a person checked no run is alive. */
export function removeLocks(paths: readonly string[]): LockHolder[] {
  const removed: LockHolder[] = [];
  for (const p of paths) {
    const h = readHolder(p);
    rmSync(p, { force: true });
    if (h) removed.push(h);
  }
  return removed;
}

/**
 * Run `fn` holding the CRM's lock (commands that write to the CRM outside a night: convert, crm import).
 * Returns 75 with the holder's description when a run holds it.
 */
export async function withCrmLock(path: string, what: string, err: (line: string) => void, fn: () => Promise<number>): Promise<number> {
  let lock: Lock;
  try {
    lock = acquireLocks([path], what);
  } catch (e) {
    if (e instanceof LockedError) { err(`spectrum-convert: ${e.message}`); return 75; }
    throw e;
  }
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
