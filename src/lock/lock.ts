/**
 * The run lock: two runs on the same input folder or the same CRM never overlap (which files
 * stand for "the same CRM" is lock-identity.ts). A lock is a file created exclusively, holding who
 * took it and a lease the holder renews while it lives. It is taken over only when its holder is
 * provably gone: a dead process on this host, or a lease past its time (a holder on another host
 * whose lease it stopped renewing). A live holder stops the second run at once (exit 75). An
 * empty or unreadable lock file (a crash while writing it) is taken over, with a warning, once it
 * is older than a few minutes; younger, it may be a lock being written, and it counts as held.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { leaseEnd } from '../core/lease.js';
import { LockedError, RENEW_MS, UNREADABLE_GRACE_MS, type LockHolder } from './locked-error.js';

export { LockedError, takeoverWarning, UNREADABLE_GRACE_MS, type LockHolder } from './locked-error.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

type Read =
  { kind: 'gone' } | { kind: 'holder'; holder: LockHolder } | { kind: 'unreadable'; holder: LockHolder; ageMs: number };

function readLock(path: string): Read {
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
    text = readFileSync(path, 'utf8');
  } catch {
    return { kind: 'gone' }; // removed meanwhile
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof h.pid === 'number' &&
      typeof h.host === 'string' &&
      typeof h.runId === 'string' &&
      typeof h.startedAt === 'string'
    ) {
      return {
        kind: 'holder',
        holder: {
          pid: h.pid,
          host: h.host,
          startedAt: h.startedAt,
          runId: h.runId,
          path,
          ...(typeof h.leaseUntil === 'string' ? { leaseUntil: h.leaseUntil } : {}),
        },
      };
    }
  } catch {
    /* not JSON: below */
  }
  const since = new Date(mtimeMs).toISOString();
  return {
    kind: 'unreadable',
    ageMs: Date.now() - mtimeMs,
    holder: { pid: 0, host: '?', runId: '?', startedAt: since, path, unreadable: true },
  };
}

/** Gone for sure: a dead process on this host, or a lease that ran out; an unreadable file past its grace. */
function provablyGone(r: Read, me: Me): boolean {
  if (r.kind === 'gone') return true;
  if (r.kind === 'unreadable') return r.ageMs > UNREADABLE_GRACE_MS;
  const h = r.holder;
  if (h.host === me.host) return h.pid !== me.pid && !alive(h.pid);
  return h.leaseUntil !== undefined && Date.parse(h.leaseUntil) < Date.now();
}

interface Me {
  pid: number;
  host: string;
  startedAt: string;
  runId: string;
}

const record = (me: Me) => JSON.stringify({ ...me, leaseUntil: leaseEnd(Date.now()) });

function create(path: string, me: Me): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, record(me));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Remove a lock found gone. Two runs may find the same one at once: only the one that creates
 * the guard file exclusively may remove it, after checking again that it is still gone, so a
 * fresh lock just taken by the other run is never removed.
 */
function takeOver(path: string, me: Me): boolean {
  const guard = `${path}.takeover`;
  try {
    if (Date.now() - statSync(guard).mtimeMs > 10_000) rmSync(guard, { force: true }); // left by a crash mid-takeover
  } catch {
    /* no guard */
  }
  if (!create(guard, me)) return false;
  try {
    if (provablyGone(readLock(path), me)) {
      rmSync(path, { force: true });
      return true;
    }
    return false;
  } finally {
    rmSync(guard, { force: true });
  }
}

/** Renew the lease of a lock we hold, unless the file is no longer ours. */
function renew(path: string, me: Me): void {
  const r = readLock(path);
  if (r.kind !== 'holder' || r.holder.runId !== me.runId || r.holder.pid !== me.pid) return;
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, record(me), { flag: 'wx', mode: 0o644 });
    renameSync(tmp, path);
  } catch {
    rmSync(tmp, { force: true }); // the next renewal tries again
  }
}

export interface Lock {
  release(): void;
  takenOver: LockHolder[];
}

/** Take every lock in `paths` or none. */
export function acquireLocks(paths: readonly string[], runId: string): Lock {
  const me: Me = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), runId };
  const held: string[] = [];
  const takenOver: LockHolder[] = [];
  const timer = setInterval(() => {
    for (const p of held) renew(p, me);
  }, RENEW_MS);
  timer.unref();
  const release = () => {
    clearInterval(timer);
    for (const p of held.splice(0)) if (readLock(p).kind !== 'holder' || ours(p, me)) rmSync(p, { force: true });
  };
  try {
    for (const path of [...new Set(paths)]) {
      for (let attempt = 0; ; attempt++) {
        if (create(path, me)) {
          held.push(path);
          break;
        }
        const found = readLock(path);
        if (!provablyGone(found, me) || attempt > 3) {
          throw new LockedError(
            found.kind === 'gone' ? { pid: 0, host: '?', startedAt: '?', runId: '?', path } : found.holder,
          );
        }
        if (takeOver(path, me) && found.kind !== 'gone') takenOver.push(found.holder);
      }
    }
  } catch (e) {
    release();
    throw e;
  }
  return { release, takenOver };
}

function ours(path: string, me: Me): boolean {
  const r = readLock(path);
  return r.kind === 'holder' && r.holder.runId === me.runId && r.holder.pid === me.pid;
}

/** `unlock --force`: remove the locks after a person checked no run is alive. */
export function removeLocks(paths: readonly string[]): LockHolder[] {
  const removed: LockHolder[] = [];
  for (const p of paths) {
    const r = readLock(p);
    rmSync(p, { force: true });
    if (r.kind !== 'gone') removed.push(r.holder);
  }
  return removed;
}
