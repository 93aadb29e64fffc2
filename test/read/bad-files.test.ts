// @module-tag slow: every bad file through reader workers (each boots tsx: a second or more)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReader, type Reader } from '../support/intake.js';
import {
  bombRows,
  cfb,
  flipBytes,
  inlineRow,
  lieAboutSizes,
  manyRows,
  minimalXlsx,
  zipWith,
} from '../support/hostile.js';
import { formWorkbook, sampleBiller } from '../support/workbooks.js';

let reader: Reader;
let good: Buffer;
beforeAll(async () => {
  reader = await makeReader({}, 2);
  good = await formWorkbook({ name: 'Biller', fields: sampleBiller(1) });
});
afterAll(async () => {
  await reader.close();
});

// Building the million-row and bomb fixtures takes ~25 s on a loaded 2-core machine; the read itself is quick.
const FIXTURE_TIMEOUT_MS = 120_000;

describe('each bad file gets one clear issue and nothing crashes', () => {
  const cases: Array<{
    name: string;
    file: string;
    bytes: () => Promise<Buffer> | Buffer;
    code: string;
    says: RegExp;
    /** Seconds to build or to read: left out of npm run test:fast. */
    slow?: true;
  }> = [
    { name: 'zero-byte file', file: 'empty.xlsx', bytes: () => Buffer.alloc(0), code: 'FILE.EMPTY', says: /empty/ },
    {
      name: 'text file named .xlsx',
      file: 'text.xlsx',
      bytes: () => Buffer.from('Biller Name,IC Biller ID\nTown,x\n'),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /text file.*rename it to \.csv/,
    },
    {
      name: 'truncated zip',
      file: 'half.xlsx',
      bytes: () => good.subarray(0, Math.floor(good.length / 2)),
      code: 'FILE.CORRUPT',
      says: /truncated|damaged/,
    },
    {
      name: 'corrupt zip directory (bytes flipped)',
      file: 'flipped.xlsx',
      bytes: () => flipBytes(good, good.length - 300, 100),
      code: 'FILE.CORRUPT',
      says: /cannot be read|damaged/,
    },
    {
      name: 'damaged worksheet part (bytes flipped inside it)',
      file: 'flipped-sheet.xlsx',
      bytes: () => flipBytes(good, good.indexOf('xl/worksheets/sheet1.xml') + 60, 20),
      code: 'FILE.CORRUPT',
      says: /checksum|cannot be inflated|damaged/,
    },
    {
      name: 'password-protected workbook',
      file: 'locked.xlsx',
      bytes: () => cfb(true),
      code: 'FILE.ENCRYPTED',
      says: /password-protected/,
    },
    {
      name: '.xls in disguise',
      file: 'old.xlsx',
      bytes: () => cfb(false),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /97-2003.*save it as Excel Workbook/,
    },
    {
      name: '.ods in disguise',
      file: 'libre.xlsx',
      bytes: () => zipWith({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' }),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /OpenDocument/,
    },
    {
      name: '.xlsb in disguise',
      file: 'binary.xlsx',
      bytes: () => zipWith({ '[Content_Types].xml': '<x/>', 'xl/workbook.bin': 'x' }),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /xlsb/,
    },
    {
      name: 'a zip that is no workbook',
      file: 'photos.xlsx',
      bytes: () => zipWith({ 'a.jpg': 'x' }),
      code: 'FILE.CORRUPT',
      says: /not an Excel workbook/,
    },
    {
      name: 'a workbook without sheets',
      file: 'nosheets.xlsx',
      bytes: () =>
        zipWith({ 'xl/workbook.xml': '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>' }),
      code: 'FILE.CORRUPT',
      says: /no worksheets|cannot be read/,
    },
    {
      name: 'malformed sheet XML',
      file: 'badxml.xlsx',
      bytes: () => minimalXlsx('<row r="1"><c r=A1><v>1</v></c></row>'),
      code: 'FILE.CORRUPT',
      says: /malformed XML|cannot be read/,
    },
    {
      name: 'zip bomb (a sheet that inflates to 200 MB)',
      file: 'bomb.xlsx',
      bytes: () => minimalXlsx(() => bombRows(100)),
      code: 'FILE.TOO_LARGE',
      says: /unpacks to 100 MB/,
      slow: true,
    },
    {
      name: 'a sheet with a million rows',
      file: 'million.xlsx',
      bytes: () => minimalXlsx(() => manyRows(1_000_000)),
      code: 'FILE.TOO_LARGE',
      says: /unpacks to/,
      slow: true,
    },
    {
      name: 'a sheet with more rows than the limit',
      file: 'rows.xlsx',
      bytes: () => minimalXlsx(() => manyRows(50_001)),
      code: 'FILE.TOO_LARGE',
      says: /more than 50000 rows/,
      slow: true,
    },
    {
      name: 'a value far to the right',
      file: 'wide.xlsx',
      bytes: () => minimalXlsx('<row r="1"><c r="XFD1"><v>1</v></c></row>'),
      code: 'FILE.TOO_LARGE',
      says: /column 16384/,
    },
    {
      name: 'csv with one enormous line',
      file: 'line.csv',
      bytes: () => Buffer.from(`Biller Name,${'x'.repeat(3 * 1024 * 1024)}`),
      code: 'FILE.TOO_LARGE',
      says: /longer than 1 MB/,
      slow: true,
    },
    {
      name: 'binary named .csv',
      file: 'bin.csv',
      bytes: () => Buffer.from([1, 2, 0, 4, 5]),
      code: 'FILE.CORRUPT',
      says: /binary/,
    },
    {
      name: 'workbook named .csv',
      file: 'wb.csv',
      bytes: () => good,
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /rename it to \.xlsx/,
    },
    {
      name: '.xls by name',
      file: 'old.xls',
      bytes: () => cfb(false),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /97-2003/,
    },
    {
      name: '.ods by name',
      file: 'libre.ods',
      bytes: () => Buffer.from('x'),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /OpenDocument/,
    },
    {
      name: '.numbers by name',
      file: 'mac.numbers',
      bytes: () => Buffer.from('x'),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /Numbers/,
    },
    {
      name: '.xlsb by name',
      file: 'bin.xlsb',
      bytes: () => Buffer.from('x'),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /binary workbook/,
    },
  ];

  const refused = async ({ file, bytes, code, says }: (typeof cases)[number]) => {
    const report = await reader.read(file, await bytes());
    expect(report.status).toBe('rejected');
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ code, severity: 'error', file: report.file });
    expect(report.issues[0]?.message).toMatch(says);
  };
  it.each(cases.filter((c) => !c.slow))('$name → $code', refused, FIXTURE_TIMEOUT_MS);
  it.each(cases.filter((c) => c.slow))('$name → $code', { tags: ['slow'], timeout: FIXTURE_TIMEOUT_MS }, refused);

  it(
    'a bomb whose zip lies about its sizes is stopped by the worker heap limit',
    { tags: ['slow'], timeout: FIXTURE_TIMEOUT_MS },
    async () => {
      const small = await makeReader({ workerHeapMb: 48 }, 1);
      try {
        const bytes = lieAboutSizes(await minimalXlsx(() => manyRows(400_000)));
        const report = await small.read('liar.xlsx', bytes);
        expect(report.status).toBe('rejected');
        expect(['FILE.TOO_LARGE', 'FILE.CORRUPT']).toContain(report.issues[0]?.code);
        // The pool replaced its worker: the next file still reads.
        expect((await small.read('after.xlsx', good)).billers).toHaveLength(1);
      } finally {
        await small.close();
      }
    },
  );

  it('a file over the size limit is refused before it is read', async () => {
    const small = await makeReader({ maxFileBytes: 1000 }, 1);
    try {
      const report = await small.read('big.xlsx', good);
      expect(report.issues).toMatchObject([{ code: 'FILE.TOO_LARGE' }]);
      expect(report.issues[0]?.message).toMatch(/limit 0\.0 MB|limit/);
    } finally {
      await small.close();
    }
  });

  it('a read that overruns its deadline times out, and the pool recovers', async () => {
    const slow = await makeReader({ timeoutMs: 1 }, 1);
    try {
      const report = await slow.read('slow.xlsx', good);
      expect(report.issues).toMatchObject([{ code: 'FILE.TIMEOUT' }]);
    } finally {
      await slow.close();
    }
  });

  it('hand-written xlsx with inline strings (as openpyxl-like writers make) reads fine', async () => {
    const rows = [
      ['Biller Name', 'Town Inline'],
      ['IC Biller ID', '6F9619FF-8B86-D011-B42D-00C04FC964FF'],
    ]
      .map((r, i) => inlineRow(i + 1, r))
      .join('');
    const report = await reader.read('inline.xlsx', await minimalXlsx(rows));
    expect(report.status).toBe('read');
    expect(report.billers[0]).toMatchObject({
      billerName: 'Town Inline',
      billerId: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
      valid: false,
    });
  });
});
