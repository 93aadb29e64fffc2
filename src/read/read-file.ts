/**
 * One input file, end to end: classify → read → find billers by label → validate, into a
 * FileReport. Runs inside a reader worker (so the batch's thread only collects reports) or, with
 * readWorkers 0, in the calling thread. Nothing here throws for a bad file.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { LoadedFieldMap } from '../core/field-map.js';
import type { BillerFound, FileReport } from '../core/file-report.js';
import type { GridSheet } from '../core/grid.js';
import type { Issue } from '../core/issues.js';
import { extractBillers } from '../core/layout.js';
import { validateBiller } from '../core/validate.js';
import { checkCsvBytes, checkXlsxBytes, kindByName, mb, unsupportedReason } from './classify.js';
import type { ReadLimits } from './limits.js';
import type { InputEntry } from './list-inputs.js';
import { readCsv } from './read-csv.js';
import { ReadError } from './read-error.js';
import { readXlsx } from './read-xlsx.js';

export function rejected(file: string, code: Issue['code'], message: string): FileReport {
  return { file, status: 'rejected', billers: [], issues: [{ code, severity: 'error', file, message }] };
}

export async function readWorksheetFile(
  entry: InputEntry,
  fieldMap: LoadedFieldMap,
  limits: ReadLimits,
): Promise<FileReport> {
  const file = entry.path;
  const kind = kindByName(file);
  const passed = notRead(entry, kind);
  if (passed) return passed;
  try {
    const bytes = readBytes(file, limits);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const issues: Issue[] = [];
    const sheets = await readSheets(file, kind, bytes, limits, issues);
    const report = findBillers(file, sheets, fieldMap);
    return { ...report, sha256, issues: [...issues, ...report.issues] };
  } catch (e) {
    if (e instanceof ReadError) return rejected(file, e.code, e.message);
    if (e instanceof RangeError)
      return rejected(file, 'FILE.TOO_LARGE', 'the file is too large to read within the memory limit');
    const why = e instanceof Error ? e.message.split('\n')[0]?.slice(0, 120) : String(e);
    return rejected(file, 'FILE.CORRUPT', `the file cannot be read (${why})`);
  }
}

/** The report of an input that is not read at all (missing, skipped, not a worksheet), or undefined. */
function notRead(entry: InputEntry, kind: ReturnType<typeof kindByName>): FileReport | undefined {
  const file = entry.path;
  if (entry.missing) return rejected(file, 'FILE.NOT_FOUND', 'no such file or folder');
  if (entry.skip) return { file, status: 'skipped', note: entry.skip, billers: [], issues: [] };
  if (kind === 'other') {
    const note = `not a worksheet (${extname(file) || 'no extension'}); only .xlsx, .xlsm and .csv files are read`;
    return {
      file,
      status: 'ignored',
      note,
      billers: [],
      issues: [{ code: 'FILE.IGNORED', severity: 'info', file, message: note }],
    };
  }
  if (kind === 'unsupported-spreadsheet') return rejected(file, 'FILE.UNSUPPORTED_FORMAT', unsupportedReason(file));
  return undefined;
}

/** The file's bytes, refused when it is not a regular file, empty or over the size limit. */
function readBytes(file: string, limits: ReadLimits): Buffer {
  // Synchronous on purpose: this runs in a reader worker, a thread of its own, where waiting on the
  // libuv pool for each of stat/open/read/close costs more than the small read itself.
  const info = statSync(file);
  if (!info.isFile()) throw new ReadError('FILE.UNREADABLE', 'not a regular file');
  if (info.size === 0)
    throw new ReadError('FILE.EMPTY', 'the file is empty (0 bytes); it may still be copying, or the save failed');
  if (info.size > limits.maxFileBytes) {
    throw new ReadError(
      'FILE.TOO_LARGE',
      `the file is ${mb(info.size)} (limit ${mb(limits.maxFileBytes)}); a worksheet is far smaller`,
    );
  }
  try {
    return readFileSync(file);
  } catch (e) {
    throw new ReadError(
      'FILE.UNREADABLE',
      `the file cannot be opened (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
}

/** The sheets of an xlsx or a csv; a csv read in a legacy code page adds a warning to `issues`. */
async function readSheets(
  file: string,
  kind: ReturnType<typeof kindByName>,
  bytes: Buffer,
  limits: ReadLimits,
  issues: Issue[],
): Promise<GridSheet[]> {
  if (kind === 'xlsx') return readXlsx(bytes, limits, checkXlsxBytes(bytes, limits));
  checkCsvBytes(bytes);
  const csv = readCsv(bytes, basename(file, extname(file)), limits);
  if (!csv.encoding.startsWith('utf-')) {
    issues.push({
      code: 'FILE.ENCODING_GUESSED',
      severity: 'warning',
      file,
      message:
        `the file is not UTF-8; it was read as ${csv.encoding}, ` +
        'the one code page Excel writes that reads it as text; save it as "CSV UTF-8" to be sure',
    });
  }
  return [csv.sheet];
}

function findBillers(file: string, sheets: readonly GridSheet[], fm: LoadedFieldMap): FileReport {
  const found = extractBillers(file, sheets, fm);
  const issues = [...found.issues];
  const billers: BillerFound[] = [];
  const seen = new Map<string, string>();
  for (const raw of found.billers) {
    const v = validateBiller(raw, fm);
    issues.push(...v.issues);
    const where = raw.row ? `${raw.sheet} row ${raw.row}` : raw.sheet;
    let valid = v.biller !== undefined;
    if (v.billerId) {
      const first = seen.get(v.billerId.toUpperCase());
      if (first !== undefined) {
        valid = false;
        issues.push({
          code: 'WORKSHEET.DUPLICATE_BILLER',
          severity: 'error',
          file,
          sheet: raw.sheet,
          ...(raw.fields.billerId ? { cell: raw.fields.billerId.origin.cell } : {}),
          field: raw.fields.billerId?.spec.label ?? 'IC Biller ID',
          message: `biller ${v.billerId} already appears in ${first}; keep one`,
        });
      } else seen.set(v.billerId.toUpperCase(), where);
    }
    billers.push({
      billerId: v.billerId ?? null,
      billerName: v.billerName ?? null,
      sheet: raw.sheet,
      ...(raw.row ? { row: raw.row } : {}),
      valid,
      ...(valid && v.biller ? { record: v.biller } : {}),
    });
  }
  return { file, status: 'read', billers, issues };
}
