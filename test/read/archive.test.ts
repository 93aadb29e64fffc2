/** Files written and moved safely: temporary files, the archive, the fingerprint key. */
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveConverted, archiveFile, CHANGED_NOTE } from '../../src/read/archive.js';
import type { FileReport } from '../../src/core/file-report.js';
import type { BillerResult } from '../../src/core/summary.js';
import type { BillerStatus } from '../../src/core/status.js';
import { createLogger } from '../../src/log.js';
import { SecretScrubber } from '../../src/core/scrub.js';
import { installationKey } from '../../src/mask.js';
import { writeFileSafely } from '../../src/safe-file.js';
import { tempDir } from '../support/intake.js';
import { runMain } from '../support/run-cli.js';
import { packageRoot } from '../../src/paths.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});
async function dir(): Promise<string> {
  const t = await tempDir('sc-files-');
  cleanup = t.cleanup;
  return t.dir;
}
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('temporary files', () => {
  it(
    'crm export --out F ignores a planted F.tmp (0644, or a symlink to elsewhere): ' +
      'the export is 0600 and nothing is followed',
    async () => {
      const d = await dir();
      const db = join(d, 'crm.db');
      expect(
        (await runMain(['crm', 'import', join(packageRoot, 'examples', 'crm-export.csv'), '--crm-db', db])).code,
      ).toBe(0);
      const out = join(d, 'export.csv');
      const elsewhere = join(d, 'elsewhere.txt');
      writeFileSync(elsewhere, 'untouched');
      symlinkSync(elsewhere, `${out}.tmp`);
      const r = await runMain(['crm', 'export', '--out', out, '--reveal-secrets', '--crm-db', db], {
        SPECTRUM_CONVERT_OUTPUT: d,
      });
      expect(r.code).toBe(0);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(readFileSync(elsewhere, 'utf8')).toBe('untouched');
      expect(lstatSync(`${out}.tmp`).isSymbolicLink()).toBe(true);
      expect(readdirSync(d).filter((f) => f.endsWith('.tmp') && f !== 'export.csv.tmp')).toEqual([]);
    },
  );

  it('writeFileSafely writes through a fresh exclusive file and sets the final mode', async () => {
    const d = await dir();
    const dest = join(d, 'x.txt');
    await writeFileSafely(dest, 'a');
    expect(statSync(dest).mode & 0o777).toBe(0o600);
    await writeFileSafely(dest, 'b', 0o644);
    expect([readFileSync(dest, 'utf8'), statSync(dest).mode & 0o777]).toEqual(['b', 0o644]);
    await expect(writeFileSafely(dest, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(readdirSync(d)).toEqual(['x.txt']);
  });
});

describe('the archive', () => {
  async function input() {
    const d = await dir();
    const inputDir = join(d, 'input');
    mkdirSync(inputDir);
    const file = join(inputDir, 'w.xlsx');
    writeFileSync(file, 'worksheet bytes');
    return { d, inputDir, file };
  }

  it('moves a worksheet whose bytes are the ones the run read', async () => {
    const { inputDir, file } = await input();
    const dest = await archiveFile(file, inputDir, '2026-11-26', sha('worksheet bytes'));
    expect(dest).toBe(join(inputDir, 'archive', '2026-11-26', 'w.xlsx'));
    expect(existsSync(file)).toBe(false);
  });

  it('leaves a worksheet replaced after it was read (a correction), saying so', async () => {
    const { inputDir, file } = await input();
    await expect(archiveFile(file, inputDir, '2026-11-26', sha('the bytes read earlier'))).rejects.toThrow(
      /changed since this run read it/,
    );
    expect(readFileSync(file, 'utf8')).toBe('worksheet bytes');
  });

  it.each(['archive', 'archive/2026-11-26'])(
    'refuses a symlinked %s folder (it could lead out of input/)',
    async (which) => {
      const { d, inputDir, file } = await input();
      const outside = join(d, 'outside');
      mkdirSync(outside);
      if (which === 'archive') symlinkSync(outside, join(inputDir, 'archive'));
      else {
        mkdirSync(join(inputDir, 'archive'));
        symlinkSync(outside, join(inputDir, 'archive', '2026-11-26'));
      }
      await expect(archiveFile(file, inputDir, '2026-11-26', sha('worksheet bytes'))).rejects.toThrow(/is a symlink/);
      expect(existsSync(file)).toBe(true);
      expect(readdirSync(outside)).toEqual([]);
    },
  );
});

describe('the archive stage', () => {
  const DAY = '2026-11-26';
  const report = (file: string, bytes: string, n = 1): FileReport => ({
    file,
    status: 'read',
    sha256: sha(bytes),
    billers: Array.from({ length: n }, (_, i) => ({ billerId: `B${i}`, billerName: null, sheet: 'S', valid: true })),
    issues: [],
  });
  const result = (file: string, status: BillerStatus, i = 0): BillerResult => ({
    billerId: `B${i}`,
    billerName: null,
    status,
    file,
    sheet: 'S',
    changes: [],
    followUps: [],
  });

  it.each([
    { name: 'converted: moved', statuses: ['converted'], change: false, moved: true, note: undefined },
    { name: 'already converted: moved', statuses: ['already-converted'], change: false, moved: true, note: undefined },
    { name: 'one biller failed: stays, no note', statuses: ['converted', 'failed'], change: false, moved: false },
    { name: 'a biller without a result: stays', statuses: ['converted', undefined], change: false, moved: false },
    {
      name: 'changed since read: stays, says so',
      statuses: ['converted'],
      change: true,
      moved: false,
      note: CHANGED_NOTE,
    },
  ])('$name', async ({ statuses, change, moved, note }) => {
    const d = await dir();
    const inputDir = join(d, 'input');
    mkdirSync(inputDir);
    const file = join(inputDir, 'w.xlsx');
    writeFileSync(file, change ? 'rewritten' : 'read bytes');
    const billers = statuses.flatMap((s, i) => (s ? [result(file, s as BillerStatus, i)] : []));
    const warnings: string[] = [];
    const logger = createLogger({
      scrubber: new SecretScrubber(),
      consoleLevel: 'warn',
      write: (l) => warnings.push(l),
    });
    const files = [report(file, 'read bytes', statuses.length)];
    const a = await archiveConverted(files, billers, { inputDir, day: DAY, logger });
    expect(a.moved).toEqual(moved ? [{ from: file, to: join(inputDir, 'archive', DAY, 'w.xlsx') }] : []);
    expect(existsSync(file)).toBe(!moved);
    expect(a.files.map((f) => f.note)).toEqual([note]);
    expect(warnings).toEqual(
      note ? [expect.stringMatching(/^WARN not archived: .*changed since this run read it/)] : [],
    );
  });

  it('a symlinked archive folder: the worksheet stays, and its note names the folder', async () => {
    const d = await dir();
    const inputDir = join(d, 'input');
    mkdirSync(inputDir);
    mkdirSync(join(d, 'outside'));
    symlinkSync(join(d, 'outside'), join(inputDir, 'archive'));
    const file = join(inputDir, 'w.xlsx');
    writeFileSync(file, 'read bytes');
    const logger = createLogger({ scrubber: new SecretScrubber(), consoleLevel: 'silent' });
    const a = await archiveConverted([report(file, 'read bytes')], [result(file, 'converted')], {
      inputDir,
      day: DAY,
      logger,
    });
    expect(a.moved).toEqual([]);
    expect(a.files[0]?.note).toBe(
      `not archived: ${join(inputDir, 'archive')} is a symlink; ` +
        `worksheets are archived only into a real folder inside the input folder`,
    );
  });
});

describe('the fingerprint key', () => {
  it.each([
    ['empty', ''],
    ['short', 'abcd'],
    ['not hex', 'z'.repeat(64)],
    ['65 digits', 'a'.repeat(65)],
  ])('a %s key file is a configuration error that never quotes it', async (_name, text) => {
    const d = await dir();
    const path = join(d, '.fingerprint-key');
    writeFileSync(path, text);
    expect(() => installationKey(path)).toThrow(/is not 64 hex digits/);
    try {
      installationKey(path);
    } catch (e) {
      if (text.length > 3) expect((e as Error).message).not.toContain(text);
    }
  });

  it('a missing key is made (0600); made while a journal exists, it warns what that breaks', async () => {
    const d = await dir();
    const warnings: string[] = [];
    installationKey(join(d, 'k1'), { journal: join(d, 'no-journal.db'), warn: (l) => warnings.push(l) });
    expect(statSync(join(d, 'k1')).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([]);
    writeFileSync(join(d, 'journal.db'), '');
    const key = installationKey(join(d, 'k2'), { journal: join(d, 'journal.db'), warn: (l) => warnings.push(l) });
    expect(key).toHaveLength(32);
    expect(warnings).toEqual([
      expect.stringMatching(/made a new fingerprint key .* the journal .* exists: .*can no longer be compared.*backup/),
    ]);
  });
});
