/**
 * Rebuilds test/corpus/files/ from cases.ts: `npm run corpus`. exceljs, SheetJS, raw OOXML and csv
 * are written here; openpyxl and XlsxWriter by python-writers.py (Debian's /usr/bin/python3);
 * LibreOffice round trips with `soffice --headless --convert-to xlsx`. The files are committed so
 * that CI needs neither Python nor LibreOffice; a writer missing here is reported and its files kept.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import XLSX from 'xlsx';
import type { FieldKey } from '../../src/core/field-map.js';
import { rawWorkbook, type RawBook, type RawValue } from '../support/raw-ooxml.js';
import { LABEL, MAP_FIELDS, sampleBiller, billerIdOf, plainText } from '../support/workbooks.js';
import { CASES, caseNumber, type CellSpec, type CorpusCase } from './cases.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const FILES = join(HERE, 'files');
const PYTHON = '/usr/bin/python3';

/** The biller of a case as label/cell rows in field-map order (rows 3…17 of a form), its field replaced. */
export function caseRows(c: CorpusCase): Array<[string, CellSpec]> {
  const sample = sampleBiller(caseNumber(c));
  return MAP_FIELDS.map((f): [string, CellSpec] => {
    if (f.key === c.field) return [f.label, c.cell];
    if (f.key === 'conversionDate') return [f.label, { date: '2026-11-01' }];
    return [f.label, plainText(sample[f.key])];
  });
}

function utcDate(iso: string): Date {
  return new Date(`${iso.length === 10 ? `${iso}T00:00:00` : iso}Z`);
}

function exceljsCell(cell: ExcelJS.Cell, spec: CellSpec): void {
  if (typeof spec === 'string') {
    cell.value = spec;
    return;
  }
  if ('num' in spec) {
    cell.value = spec.num;
    if (spec.fmt) cell.numFmt = spec.fmt;
    return;
  }
  if ('date' in spec) {
    cell.value = utcDate(spec.date);
    cell.numFmt = spec.fmt ?? 'yyyy-mm-dd';
    return;
  }
  if ('time' in spec) {
    cell.value = utcDate(`1899-12-30T${spec.time}`);
    cell.numFmt = 'hh:mm:ss';
    return;
  }
  if ('formula' in spec) {
    cell.value = spec.result === undefined ? { formula: spec.formula } : { formula: spec.formula, result: spec.result };
    return;
  }
  if ('link' in spec) {
    cell.value = { text: spec.text, hyperlink: spec.link };
    return;
  }
  if ('bool' in spec) {
    cell.value = spec.bool;
    return;
  }
  if ('rich' in spec) {
    cell.value = { richText: spec.rich.map((text) => ({ text })) };
    return;
  }
  if ('error' in spec) {
    cell.value = { error: spec.error } as ExcelJS.CellErrorValue;
    return;
  }
  throw new Error('raw cells are written by the raw writer only');
}

function formSheet(wb: ExcelJS.Workbook, rows: Array<[string, CellSpec]>, col = 2): ExcelJS.Worksheet {
  const ws = wb.addWorksheet('Biller');
  ws.getCell('A1').value = 'IMT Implementation Worksheet';
  rows.forEach(([label, spec], i) => {
    ws.getCell(3 + i, 1).value = label;
    exceljsCell(ws.getCell(3 + i, col), spec);
  });
  return ws;
}

async function exceljsFile(c: CorpusCase): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const rows = caseRows(c);
  const layout = c.variant?.layout;
  if (layout === 'repeated-header') {
    const ws = wb.addWorksheet('Billers');
    const a = caseRows({ ...c, cell: 'Town Table A' });
    const b = caseRows({ ...c, cell: 'Town Table B' }).map(
      ([l, v], i) => [l, i === 1 ? billerIdOf(sampleBiller(caseNumber(c) + 500)) : v] as [string, CellSpec],
    );
    a.forEach(([label, v], i) => {
      ws.getCell(1, i + 1).value = label;
      exceljsCell(ws.getCell(2, i + 1), v);
      ws.getCell(4, i + 1).value = label;
      exceljsCell(ws.getCell(5, i + 1), b[i]?.[1] ?? '');
    });
  } else if (layout === 'not-beside') {
    const ws = formSheet(wb, rows);
    ws.getCell(VALUE_ROW(c.field), 2).value = null;
    exceljsCell(ws.getCell(VALUE_ROW(c.field), 4), c.cell);
  } else if (layout === 'side-by-side') {
    const ws = formSheet(wb, rows);
    caseRows({ ...c, cell: 'Town Side B' }).forEach(([, v], i) =>
      exceljsCell(ws.getCell(3 + i, 3), i === 1 ? billerIdOf(sampleBiller(caseNumber(c) + 500)) : v),
    );
  } else if (layout === 'duplicate') {
    const ws = formSheet(
      wb,
      rows.map(([l, v]) => [l, l === LABEL.rtdrUrl ? 'https://rtdr.corpus.example.com/first' : v]),
    );
    ws.getCell('A19').value = 'RTDR Endpoint';
    exceljsCell(ws.getCell('B19'), c.cell);
  } else formSheet(wb, rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const VALUE_ROW = (key: FieldKey) => 3 + MAP_FIELDS.findIndex((f) => f.key === key);

function serial(iso: string): number {
  return utcDate(iso).getTime() / 86400_000 + 25569;
}

function sheetjsCell(spec: CellSpec): XLSX.CellObject {
  if (typeof spec === 'string') return { t: 's', v: spec };
  if ('num' in spec) return { t: 'n', v: spec.num, ...(spec.fmt ? { z: spec.fmt } : {}) };
  if ('date' in spec) return { t: 'n', v: serial(spec.date), z: spec.fmt ?? 'yyyy-mm-dd' };
  if ('link' in spec) return { t: 's', v: spec.text, l: { Target: spec.link } };
  throw new Error(`SheetJS case with ${JSON.stringify(spec)} not written`);
}

function sheetjsFile(c: CorpusCase): Buffer {
  const aoa: XLSX.CellObject[][] = [
    [{ t: 's', v: 'IMT Implementation Worksheet' }],
    [],
    ...caseRows(c).map(([l, v]) => [{ t: 's', v: l } satisfies XLSX.CellObject, sheetjsCell(v)]),
  ];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), 'Biller');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer;
}

async function rawFile(c: CorpusCase): Promise<Buffer> {
  const spec = c.cell;
  const rows = caseRows(c).map(([l, v]): [string, RawValue] => {
    if (typeof v === 'string') return [l, v];
    if ('raw' in v) return [l, v.raw];
    if ('date' in v) return [l, { s: 1, inner: `<v>${serial(v.date)}</v>` }];
    throw new Error(`raw case cell ${JSON.stringify(v)}`);
  });
  // Rows 1-2 as the template has them (a title, a line of instructions), so the fields start in row 3.
  const book: RawBook = {
    rows: [['IMT Implementation Worksheet', undefined], ['One biller per sheet', undefined], ...rows],
    ...(c.variant as Partial<RawBook> | undefined),
  };
  book.xfs = typeof spec === 'object' && 'raw' in spec && spec.xfs ? spec.xfs : ['<xf numFmtId="14"/>'];
  if (typeof spec === 'object' && 'raw' in spec && spec.numFmts) book.numFmts = spec.numFmts;
  if (c.variant?.linkTarget)
    book.hyperlinks = [
      {
        ref: `B${VALUE_ROW(c.field)}`,
        target: String(c.variant.linkTarget),
        location: String(c.variant.linkLocation ?? ''),
      },
    ];
  return rawWorkbook(book);
}

function csvFile(c: CorpusCase): Buffer {
  const rows = caseRows(c);
  const field = (s: string) => (/[",\r\n]/.test(s) && !s.startsWith('="') ? `"${s.replace(/"/g, '""')}"` : s);
  const text =
    [
      rows.map(([l]) => field(l)).join(','),
      rows.map(([, v]) => field(typeof v === 'string' ? v : 'date' in v ? v.date : '')).join(','),
    ].join('\r\n') + '\r\n';
  const enc = String(c.variant?.encoding ?? 'utf-8');
  if (enc === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return enc === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, enc);
}

export function fileName(c: CorpusCase): string {
  return `${c.id}.${c.writer === 'csv' ? 'csv' : 'xlsx'}`;
}

function python(cases: CorpusCase[]): void {
  const spec = cases.map((c) => ({ writer: c.writer, out: join(FILES, fileName(c)), rows: caseRows(c) }));
  execFileSync(PYTHON, [join(HERE, 'python-writers.py')], {
    input: JSON.stringify(spec),
    stdio: ['pipe', 'inherit', 'inherit'],
  });
}

function libreoffice(cases: CorpusCase[]): void {
  const work = mkdtempSync(join(tmpdir(), 'corpus-lo-'));
  try {
    for (const c of cases) {
      const src = join(work, `${c.id}.in.xlsx`);
      renameSync(join(FILES, `${c.from}.xlsx`), src);
      try {
        execFileSync(
          'soffice',
          [
            `-env:UserInstallation=file://${work}/profile`,
            '--headless',
            '--convert-to',
            'xlsx:Calc MS Excel 2007 XML',
            '--outdir',
            join(work, 'out'),
            src,
          ],
          { stdio: 'ignore', timeout: 120_000 },
        );
      } finally {
        renameSync(src, join(FILES, `${c.from}.xlsx`));
      }
      renameSync(join(work, 'out', `${c.id}.in.xlsx`), join(FILES, fileName(c)));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  mkdirSync(FILES, { recursive: true });
  for (const f of readdirSync(FILES)) if (!CASES.some((c) => fileName(c) === f)) rmSync(join(FILES, f));
  for (const c of CASES) {
    const out = join(FILES, fileName(c));
    if (c.writer === 'exceljs') writeFileSync(out, await exceljsFile(c));
    else if (c.writer === 'sheetjs') writeFileSync(out, sheetjsFile(c));
    else if (c.writer === 'raw') writeFileSync(out, await rawFile(c));
    else if (c.writer === 'csv') writeFileSync(out, csvFile(c));
  }
  const py = CASES.filter((c) => c.writer === 'openpyxl' || c.writer === 'xlsxwriter');
  if (existsSync(PYTHON)) python(py);
  else console.warn(`${PYTHON} missing: the ${py.length} openpyxl/XlsxWriter files are kept as committed`);
  const lo = CASES.filter((c) => c.writer === 'libreoffice');
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore' });
    libreoffice(lo);
  } catch {
    console.warn(`soffice missing: the ${lo.length} LibreOffice files are kept as committed`);
  }
  console.log(`${CASES.length} corpus files in ${FILES}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
