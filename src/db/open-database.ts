/**
 * Every SQLite file of the tool (the run journal, the embedded CRM) is opened here, one way: a new
 * file is created private to its owner (0600: both hold customers' credentials or their traces),
 * in WAL mode so a reader (the tracker, a second command) never blocks the night, with the same
 * pragmas, brought to its schema by numbered migrations, and with its prepared statements cached.
 */
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate.js';

export interface OpenOptions {
  /** What the file is, in messages: "run journal", "CRM database". */
  what: string;
  /** Numbered migrations run on open (see migrate.ts); none for a read-only open. */
  migrations?: readonly string[];
  /** Open an existing file for reading only: no creation, no migration, no pragma that writes. */
  readonly?: boolean;
  /**
   * An existing file of 0 bytes: SQLite would take it for a new database. Return the error that
   * refuses it (a file whose history would be silently lost), or nothing to accept it as new.
   */
  onEmpty?: (path: string) => Error | undefined;
}

/** An open SQLite file with a statement cache: a night runs the same few statements thousands of times. */
export class SqliteFile {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    readonly path: string,
    readonly db: Database.Database,
  ) {}

  /** Prepared once, reused: preparing costs more than running these small statements. */
  sql(text: string): Database.Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  /** Run `fn` in one transaction (all of it or none of it reaches the file). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }
}

const MEMORY = ':memory:';

export function openDatabase(path: string, opts: OpenOptions): SqliteFile {
  if (opts.readonly) {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return new SqliteFile(path, db);
  }
  const fresh = path !== MEMORY && !existsSync(path);
  if (!fresh && path !== MEMORY && statSync(path).size === 0) {
    const refused = opts.onEmpty?.(path);
    if (refused) throw refused;
  }
  if (fresh) createPrivate(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit survives a crash of any process; only a power cut can lose the
  // last commits, and the database stays consistent. FULL would fsync every single write (0.3 ms
  // each here, most of a conversion's time against `crm serve`).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // better-sqlite3's default, said here: a row never points at one that is not there.
  db.pragma('foreign_keys = ON');
  try {
    if (opts.migrations) migrate(db, opts.migrations, opts.what);
  } catch (e) {
    db.close();
    throw e;
  }
  return new SqliteFile(path, db);
}

/**
 * The file is made empty and 0600 before SQLite opens it (SQLite takes an empty file for a new
 * database and gives its -wal and -shm files the same mode), so it is never readable by others,
 * not even for the moment between creating and a chmod.
 */
function createPrivate(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  closeSync(openSync(path, 'wx', 0o600));
}
