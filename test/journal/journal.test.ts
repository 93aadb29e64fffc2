import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Secret } from '../../src/core/secret.js';
import { migrate } from '../../src/db/migrate.js';
import { Journal } from '../../src/journal/journal.js';
import { JOURNAL_MIGRATIONS } from '../../src/journal/schema.js';
import { createSealer, parseKey } from '../../src/journal/seal.js';
import { decodeSnapshot, encodeSnapshot } from '../../src/journal/snapshot-codec.js';
import { createMasker } from '../../src/mask.js';
import { mipsSnapshot } from '../support/snapshots.js';

const mask = createMasker(Buffer.alloc(32, 7));
const KEY = Buffer.alloc(32, 9);

describe('sealing secrets', () => {
  it('with a key: encrypted, opened again, never in clear, different each time', () => {
    const s = createSealer(KEY, mask);
    const a = s.seal('pw|secret');
    expect(a).toMatch(/^enc:v1:/);
    expect(a).not.toContain('secret');
    expect(s.seal('pw|secret')).not.toBe(a);
    expect(s.open(a)).toBe('pw|secret');
    expect(s.matches(a, 'pw|secret')).toBe(true);
  });

  it('without a key: only a mask, which can still tell whether a value is the same', () => {
    const s = createSealer(undefined, mask);
    const a = s.seal('pw|secret');
    expect(a).toMatch(/^mask:••••••••#[0-9a-f]{8}$/);
    expect(s.open(a)).toBeUndefined();
    expect(s.matches(a, 'pw|secret')).toBe(true);
    expect(s.matches(a, 'other')).toBe(false);
  });

  it('a wrong key is a clear configuration error', () => {
    const sealed = createSealer(KEY, mask).seal('x');
    expect(() => createSealer(Buffer.alloc(32, 1), mask).open(sealed)).toThrow(/journal key/);
  });

  it.each([
    ['a'.repeat(64), true],
    [Buffer.alloc(32, 3).toString('base64'), true],
    ['abc', false],
    ['z'.repeat(64), false],
    [Buffer.alloc(16).toString('base64'), false],
  ])('parseKey(%j) accepted: %s', (text, ok) => {
    if (ok) expect(parseKey(text, 'k')).toHaveLength(32);
    else expect(() => parseKey(text, 'k')).toThrow(/32-byte key/);
  });

  it('snapshots round-trip with secrets sealed; without a key the secret settings are reported unknown', () => {
    const snap = mipsSnapshot();
    const withKey = createSealer(KEY, mask);
    const text = encodeSnapshot(snap, withKey);
    expect(text).not.toContain('oldK2|oldP2');
    const back = decodeSnapshot(text, withKey);
    expect((back.snapshot.advancedSettings[13] as Secret).reveal()).toBe('oldK2|oldP2');
    expect(back.unknownSecrets.size).toBe(0);
    const masked = decodeSnapshot(encodeSnapshot(snap, createSealer(undefined, mask)), createSealer(undefined, mask));
    expect([...masked.unknownSecrets.keys()].sort((a, b) => a - b)).toEqual([10, 13, 16, 19]);
    expect(masked.snapshot.advancedSettings[8]).toBe('https://old.example.com/rtdr');
  });
});

describe('journal schema migrations', () => {
  it('a new journal gets every migration', () => {
    const j = Journal.open(':memory:', createSealer(undefined, mask));
    expect(j.runs(5)).toEqual([]);
    j.close();
  });

  it('a version-1 journal with runs is migrated without losing them', () => {
    const db = new Database(':memory:');
    migrate(db, JOURNAL_MIGRATIONS.slice(0, 1), 'run journal');
    db.prepare(
      "INSERT INTO runs (id, kind, started_at, host, user, pid, options, tool_version, state) VALUES ('R1', 'run', '2026-01-01T00:00:00Z', 'h', 'u', 1, '{}', '0.1.0', 'done')",
    ).run();
    db.prepare("INSERT INTO billers (run_id, biller_id, status, in_flight) VALUES ('R1', 'B1', 'converted', 0)").run();
    expect(migrate(db, JOURNAL_MIGRATIONS, 'run journal')).toBe(JOURNAL_MIGRATIONS.length);
    expect(db.prepare('SELECT run_id, biller_id, status, note, after_snapshot FROM billers').all()).toEqual([
      { run_id: 'R1', biller_id: 'B1', status: 'converted', note: null, after_snapshot: null },
    ]);
  });

  it('a journal from a newer tool is refused', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${JOURNAL_MIGRATIONS.length + 1}`);
    expect(() => migrate(db, JOURNAL_MIGRATIONS, 'run journal')).toThrow(/newer than this tool knows/);
  });
});

describe('a zero-byte journal', () => {
  it('is refused, never silently started afresh', async () => {
    const { mkdtempSync, writeFileSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { Journal } = await import('../../src/journal/journal.js');
    const { createSealer } = await import('../../src/journal/seal.js');
    const { createMasker } = await import('../../src/mask.js');
    const path = join(mkdtempSync(join(tmpdir(), 'sc-j0-')), 'journal.db');
    writeFileSync(path, '');
    expect(() => Journal.open(path, createSealer(undefined, createMasker(Buffer.alloc(32))))).toThrow(
      /is empty \(0 bytes\).*Restore it from a backup/,
    );
    expect(statSync(path).size).toBe(0);
  });
});
