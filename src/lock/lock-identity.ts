/**
 * Which lock files stand for one CRM, whatever its spelling. Two runs on one CRM must find the
 * same file: the embedded CRM is named by its database file's identity (device and inode of its
 * real path, so a symlink or a hard link to it is the same CRM), the HTTP CRM by a hash of its
 * normalised address. The embedded CRM's lock sits beside the database and in the lock folder
 * (a hard link in another folder only meets the second); the HTTP CRM's sits in the lock folder,
 * which every output of this user shares.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CrmIdentity } from '../core/crm-match.js';

/**
 * An address as the CRM sees it: scheme and host lower-cased, default port dropped, IP forms
 * normalised, no trailing slash.
 */
export function normaliseCrmUrl(url: string): string {
  // WHATWG URL parsing lower-cases the scheme and host, drops the default port and writes
  // IPv4 in dotted-decimal (127.1, 0x7f.0.0.1, 2130706433 → 127.0.0.1) and IPv6 compressed.
  const u = new URL(url);
  const path = u.pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return `${u.protocol}//${u.host}${path}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The HTTP CRM's lock, in the lock folder. */
export function httpLockFile(crmUrl: string, lockDir: string): string {
  return join(lockDir, `crm-http-${digest(normaliseCrmUrl(crmUrl))}.lock`);
}

/**
 * The embedded CRM's locks. The database file is created (empty, 0600) when missing, so that it
 * has an identity before anything opens it; SQLite treats an empty file as an empty database.
 */
export function sqliteLockFiles(dbPath: string, lockDir: string, create = true): string[] {
  if (!existsSync(dbPath)) {
    if (!create) return [];
    mkdirSync(dirname(resolve(dbPath)), { recursive: true });
    try {
      closeSync(openSync(dbPath, 'wx', 0o600));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const real = realpathSync(dbPath);
  const id = fileIdentity(real);
  // Also the name earlier versions used (CRM_DB.lock), so a run of the old version and one of this
  // version, during an upgrade, still meet.
  return [
    ...new Set([
      join(dirname(real), `.spectrum-convert-crm-${id}.lock`),
      join(lockDir, `crm-sqlite-${id}.lock`),
      `${real}.lock`,
      `${dbPath}.lock`,
    ]),
  ];
}

/** A file by its device and inode: a symlink or a hard link to it is the same file. */
function fileIdentity(path: string): string {
  const st = statSync(realpathSync(path));
  return `${st.dev}-${st.ino}`;
}

/** The embedded CRM as a run records it in the journal: its file's identity, named by its real path. */
export function sqliteCrmIdentity(dbPath: string): CrmIdentity {
  return { key: `sqlite:${fileIdentity(dbPath)}`, label: `the embedded CRM ${realpathSync(dbPath)}` };
}

/** The HTTP CRM as a run records it: its normalised address (userinfo is refused in crmUrl, and never kept). */
export function httpCrmIdentity(crmUrl: string): CrmIdentity {
  const url = normaliseCrmUrl(crmUrl);
  return { key: `http:${url}`, label: `the CRM at ${url}` };
}

/** The input folder's lock, by its real path (a symlinked input folder is the same folder). */
export function inputLockFile(inputDir: string): string {
  const real = existsSync(inputDir) ? realpathSync(inputDir) : resolve(inputDir);
  return join(real, '.spectrum-convert.lock');
}
