import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/intake.js';
import { bombRows, cfb, manyRows, minimalXlsx } from '../support/hostile.js';
import { runBuilt, runMain } from '../support/run-cli.js';
import { csvText, formWorkbook, sampleBiller, tableWorkbook } from '../support/workbooks.js';

let dir: string;
let cleanup: () => Promise<void>;
let good: string;
let mixed: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('sc-cli-'));
  good = join(dir, 'good');
  mixed = join(dir, 'mixed');
  await mkdir(good);
  await mkdir(mixed);
  await mkdir(join(mixed, 'archive')); // sub-folders are not read
  await writeFile(join(good, 'town.xlsx'), await formWorkbook({ name: 'Biller', fields: sampleBiller(1) }));
  await writeFile(join(good, 'billers.csv'), csvText([sampleBiller(2), sampleBiller(3)]));
  await writeFile(join(mixed, 'a-valid.xlsx'), await formWorkbook({ name: 'Biller', fields: sampleBiller(4) }));
  await writeFile(
    join(mixed, 'b-mistakes.xlsx'),
    await tableWorkbook('Billers', [
      sampleBiller(5, { rtdrUrl: 'http://old.example.com/rtdr', paymentsPassword: 'has|pipe' }),
    ]),
  );
  await writeFile(join(mixed, 'c-locked.xlsx'), cfb(true));
  await writeFile(join(mixed, 'd-old.xls'), cfb(false));
  await writeFile(join(mixed, 'notes.txt'), 'remember the milk');
  await writeFile(join(mixed, '~$a-valid.xlsx'), 'lock');
  await writeFile(join(mixed, '.DS_Store'), 'x');
});
afterAll(async () => {
  await cleanup();
});

describe('validate', () => {
  it('exits 0 and lists every biller when all files are valid', { tags: ['slow'] }, async () => {
    const r = await runMain(['validate', good]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Town of Sample 1');
    expect(r.out).toMatch(/2 files: 2 valid, 0 with errors.*3 billers, 3 valid/);
  });

  it('--json: every file with its status, billers and issues; exit 1', { tags: ['slow'] }, async () => {
    const r = await runMain(['validate', mixed, '--json']);
    expect(r.code).toBe(1);
    const reports = JSON.parse(r.out) as Array<{
      file: string;
      status: string;
      billers: unknown[];
      issues: Array<Record<string, unknown>>;
    }>;
    const byName = Object.fromEntries(reports.map((x) => [x.file.slice(mixed.length + 1), x]));
    expect(Object.keys(byName).sort()).toEqual([
      '.DS_Store',
      'a-valid.xlsx',
      'b-mistakes.xlsx',
      'c-locked.xlsx',
      'd-old.xls',
      'notes.txt',
      '~$a-valid.xlsx',
    ]);
    expect(byName['a-valid.xlsx']).toMatchObject({
      status: 'read',
      billers: [{ billerId: sampleBiller(4).billerId, billerName: 'Town of Sample 4', sheet: 'Biller', valid: true }],
      issues: [],
    });
    expect(byName['b-mistakes.xlsx']?.billers).toEqual([
      { billerId: sampleBiller(5).billerId, billerName: 'Town of Sample 5', sheet: 'Billers', row: 2, valid: false },
    ]);
    expect(byName['b-mistakes.xlsx']?.issues).toEqual([
      {
        code: 'WORKSHEET.URL_NOT_HTTPS',
        severity: 'error',
        file: join(mixed, 'b-mistakes.xlsx'),
        sheet: 'Billers',
        cell: 'D2',
        field: 'RTDR URL',
        message: expect.stringContaining('https://'),
      },
      {
        code: 'WORKSHEET.PIPE_IN_SECRET',
        severity: 'error',
        file: join(mixed, 'b-mistakes.xlsx'),
        sheet: 'Billers',
        cell: 'K2',
        field: 'Payments Password',
        message: expect.any(String),
      },
    ]);
    expect(byName['c-locked.xlsx']).toMatchObject({ status: 'rejected', issues: [{ code: 'FILE.ENCRYPTED' }] });
    expect(byName['d-old.xls']).toMatchObject({ status: 'rejected', issues: [{ code: 'FILE.UNSUPPORTED_FORMAT' }] });
    expect(byName['notes.txt']).toMatchObject({ status: 'ignored' });
    expect(byName['~$a-valid.xlsx']).toMatchObject({ status: 'skipped', note: expect.stringContaining('lock file') });
    expect(byName['.DS_Store']).toMatchObject({ status: 'skipped' });
    expect(r.out).not.toContain('has|pipe');
  });

  it('prints one line per issue: file › sheet!cell › field: message', { tags: ['slow'] }, async () => {
    const r = await runMain(['validate', join(mixed, 'b-mistakes.xlsx')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${join(mixed, 'b-mistakes.xlsx')} › Billers!D2 › RTDR URL: must start with https://`);
  });

  it('a missing path is reported, not a crash', { tags: ['slow'] }, async () => {
    const r = await runMain(['validate', join(dir, 'nope.xlsx'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject([{ status: 'rejected', issues: [{ code: 'FILE.NOT_FOUND' }] }]);
  });

  it.each([
    { name: 'no path', argv: ['validate'], says: /at least one FILE or DIR/ },
    { name: 'unknown option', argv: ['validate', '.', '--jsn'], says: /Unknown option/ },
    { name: 'unknown command', argv: ['convert-all'], says: /unknown command/ },
    { name: 'bad config file', argv: ['validate', '.', '--config', '/nonexistent.json'], says: /config file/ },
  ])('exit 2 on a usage error: $name', async ({ argv, says }) => {
    const r = await runMain(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(says);
  });

  it('exit 2 on an invalid configuration, naming the key', async () => {
    const cfg = join(dir, 'bad-config.json');
    await writeFile(cfg, JSON.stringify({ limits: { maxRows: -1 } }));
    const r = await runMain(['validate', good, '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/limits\.maxRows/);
  });
});

describe('the built CLI under plain node', { tags: ['slow'] }, () => {
  it('prints help', async () => {
    const r = await runBuilt(['help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('spectrum-convert validate');
  });

  it('reads a folder of hostile files within bounded memory and still reads the good one', async () => {
    const hostile = join(dir, 'hostile');
    await mkdir(hostile);
    await writeFile(join(hostile, 'good.xlsx'), await formWorkbook({ name: 'Biller', fields: sampleBiller(7) }));
    await writeFile(join(hostile, 'bomb.xlsx'), await minimalXlsx(() => bombRows(100)));
    await writeFile(join(hostile, 'million.xlsx'), await minimalXlsx(() => manyRows(1_000_000)));
    await writeFile(join(hostile, 'rows.xlsx'), await minimalXlsx(() => manyRows(200_000)));
    await writeFile(join(hostile, 'locked.xlsx'), cfb(true));
    await writeFile(join(hostile, 'line.csv'), `Biller Name,${'x'.repeat(5 * 1024 * 1024)}`);
    const r = await runBuilt(['validate', hostile, '--json'], { measureRss: true });
    expect(r.code).toBe(1);
    const reports = JSON.parse(r.out) as Array<{ file: string; status: string; issues: Array<{ code: string }> }>;
    const codes = Object.fromEntries(
      reports.map((x) => [x.file.slice(hostile.length + 1), x.issues.map((i) => i.code)]),
    );
    expect(codes).toEqual({
      'bomb.xlsx': ['FILE.TOO_LARGE'],
      'good.xlsx': [],
      'line.csv': ['FILE.TOO_LARGE'],
      'locked.xlsx': ['FILE.ENCRYPTED'],
      'million.xlsx': ['FILE.TOO_LARGE'],
      'rows.xlsx': ['FILE.TOO_LARGE'],
    });
    expect(r.maxRssMb).toBeLessThan(300);
    // Building the fixtures (a million rows) takes ~25 s on a loaded 2-core machine.
  }, 120_000);
});
