/**
 * Numbered schema migrations for the tool's SQLite files (the embedded CRM, the journal). A
 * database records the last migration it ran in PRAGMA user_version; opening it runs the rest,
 * each in one transaction. Never edit a migration that has shipped: add the next one.
 */
import type Database from 'better-sqlite3';

export function migrate(db: Database.Database, migrations: readonly string[], what: string): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `the ${what} has schema version ${current}, newer than this tool knows (${migrations.length}); ` +
        'upgrade spectrum-convert',
    );
  }
  for (let v = current; v < migrations.length; v++) {
    const sql = migrations[v] ?? '';
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return migrations.length;
}
