/**
 * The canary scan must be able to fail: a canary planted in each encoding, in each kind of file a
 * night writes, is found; the same file without it is clean.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { CanaryScan, ENCODINGS } from './canary-scan.js';
import { tempDir } from './intake.js';

const cleanups: Array<() => Promise<void>> = [];
/** SQLite files left open while scanned, as during a night. */
const openDbs: Database.Database[] = [];
afterEach(async () => {
  for (const db of openDbs.splice(0)) db.close();
  for (const c of cleanups.splice(0)) await c();
});
async function dir(): Promise<string> {
  const t = await tempDir('sc-canary-');
  cleanups.push(t.cleanup);
  return t.dir;
}

// Every character some encoding changes: each encoding gives this canary another text.
const CANARY = `CANARY-x&<"q' z+/%\\é>`;

/** The kinds of file a night writes, each with `text` inside it as that file would hold it. */
const KINDS: Record<string, (d: string, text: string) => Promise<string>> = {
  'log line (jsonl)': async (d, text) => {
    const p = join(d, 'logs', 'run-1.jsonl');
    mkdirSync(join(d, 'logs'), { recursive: true });
    writeFileSync(p, `{"level":"warn","message":"a ${text} b"}\n`);
    return p;
  },
  'results json': async (d, text) => {
    const p = join(d, 'results-1.json');
    writeFileSync(p, `{"billers":[{"error":{"message":"${text}"}}]}`);
    return p;
  },
  'xlsx (shared strings, deflated)': async (d, text) => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/sharedStrings.xml', `<sst><si><t>${text}</t></si>${'<si><t>filler</t></si>'.repeat(50)}</sst>`);
    const p = join(d, 'results-1.xlsx');
    writeFileSync(p, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    return p;
  },
  'journal (SQLite, WAL not checkpointed)': async (d, text) => {
    const p = join(d, 'journal.db');
    const db = new Database(p);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (v TEXT)');
    db.prepare('INSERT INTO t VALUES (?)').run(`x ${text} y`);
    openDbs.push(db); // left open while scanned: the row is only in journal.db-wal, as during a night
    return p;
  },
  'lock file': async (d, text) => {
    const p = join(d, 'locks', 'crm-http-0123.lock');
    mkdirSync(join(d, 'locks'), { recursive: true });
    writeFileSync(p, JSON.stringify({ pid: 1, runId: 'R', note: text }).replace(JSON.stringify(text), `"${text}"`));
    return p;
  },
  'hidden spill file': async (d, text) => {
    const p = join(d, '.changes-R.jsonl');
    writeFileSync(p, `{"after":"${text}"}\n`);
    return p;
  },
};

describe('the canary scan finds a planted canary', () => {
  const cases = Object.keys(KINDS).flatMap((kind) => Object.keys(ENCODINGS).map((encoding) => ({ kind, encoding })));

  it.each(cases)('$encoding in a $kind', async ({ kind, encoding }) => {
    const d = await dir();
    const write = KINDS[kind]!;
    const encode = ENCODINGS[encoding]!;
    await write(d, encode(CANARY));
    const scan = new CanaryScan([CANARY]);
    await scan.paths([d]);
    expect(scan.report.leaks.map((l) => l.encoding)).toContain(encoding);
    expect(scan.report.leaks.every((l) => l.where.startsWith(d))).toBe(true);

    const clean = await dir();
    await write(clean, 'nothing secret here');
    const none = new CanaryScan([CANARY]);
    await none.paths([clean]);
    expect(none.report.leaks).toEqual([]);
    expect(none.report.files).toBeGreaterThan(0);
  });

  it('unpacks an xlsx: its deflated bytes never show the canary, its shared strings do', async () => {
    const d = await dir();
    const p = await KINDS['xlsx (shared strings, deflated)']!(d, CANARY.replace(/[&<>"]/g, '_'));
    const bytes = readFileSync(p);
    expect(bytes.includes(Buffer.from(CANARY.replace(/[&<>"]/g, '_')))).toBe(false);
    const scan = new CanaryScan([CANARY.replace(/[&<>"]/g, '_')]);
    await scan.paths([d]);
    expect(scan.report.leaks).toContainEqual({ where: `${p}!xl/sharedStrings.xml`, encoding: 'raw', canary: 0 });
    expect(scan.report.zipEntries).toBe(2);
  });

  it('skips only what it is told belongs to the secrets, and counts what it read', async () => {
    const d = await dir();
    writeFileSync(join(d, 'crm.db'), CANARY);
    writeFileSync(join(d, 'a.log'), 'clean');
    const scan = new CanaryScan([CANARY]);
    await scan.paths([d], (p) => p.endsWith('crm.db'));
    expect(scan.report).toMatchObject({ files: 1, bytes: 5, leaks: [] });
    await scan.paths([d]);
    expect(scan.report.leaks.map((l) => l.where)).toContain(join(d, 'crm.db'));
  });

  it('searches console text too', () => {
    const scan = new CanaryScan([CANARY, 'CANARY-token-1234']);
    scan.text('stderr', 'Authorization: Bearer CANARY-token-1234');
    expect(scan.report.leaks).toEqual([{ where: 'stderr', encoding: 'raw', canary: 1 }]);
  });
});
