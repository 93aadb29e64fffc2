/**
 * Intake: from input files to validated billers. One file at a time goes through
 * list → classify → read (in a worker) → find billers by label → validate; every outcome,
 * good or bad, becomes a FileReport. Nothing here throws for a bad file.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import pLimit from 'p-limit';
import type { LoadedFieldMap } from '../core/field-map.js';
import type { BillerFound, FileReport } from '../core/file-report.js';
import type { Issue } from '../core/issues.js';
import { extractBillers } from '../core/layout.js';
import { validateBiller } from '../core/validate.js';
import { checkCsvBytes, checkXlsxBytes, kindByName, mb, unsupportedReason } from './classify.js';
import type { ReadLimits } from './limits.js';
import type { InputEntry } from './list-inputs.js';
import { ReadError } from './read-error.js';
import type { ReadPool } from './read-pool.js';

export interface IntakeContext { pool: ReadPool; limits: ReadLimits; fieldMap: LoadedFieldMap }

function rejected(file: string, code: Issue['code'], message: string): FileReport {
  return { file, status: 'rejected', billers: [], issues: [{ code, severity: 'error', file, message }] };
}

export async function readInput(entry: InputEntry, ctx: IntakeContext): Promise<FileReport> {
  const file = entry.path;
  if (entry.missing) return rejected(file, 'FILE.NOT_FOUND', 'no such file or folder');
  if (entry.skip) return { file, status: 'skipped', note: entry.skip, billers: [], issues: [] };
  const kind = kindByName(file);
  if (kind === 'other') {
    const note = `not a worksheet (${extname(file) || 'no extension'}); only .xlsx, .xlsm and .csv files are read`;
    return { file, status: 'ignored', note, billers: [], issues: [{ code: 'FILE.IGNORED', severity: 'info', file, message: note }] };
  }
  if (kind === 'unsupported-spreadsheet') return rejected(file, 'FILE.UNSUPPORTED_FORMAT', unsupportedReason(file));
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ReadError('FILE.UNREADABLE', 'not a regular file');
    if (info.size === 0) throw new ReadError('FILE.EMPTY', 'the file is empty (0 bytes); it may still be copying, or the save failed');
    if (info.size > ctx.limits.maxFileBytes) {
      throw new ReadError('FILE.TOO_LARGE', `the file is ${mb(info.size)} (limit ${mb(ctx.limits.maxFileBytes)}); a worksheet is far smaller`);
    }
    const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
      throw new ReadError('FILE.UNREADABLE', `the file cannot be opened (${e.code ?? e.message})`);
    });
    if (kind === 'xlsx') checkXlsxBytes(bytes, ctx.limits);
    else checkCsvBytes(bytes);
    // The pool transfers the buffer to a worker: hash it first.
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const parsed = await ctx.pool.parse(kind, bytes, basename(file, extname(file)));
    if (!parsed.ok) return rejected(file, parsed.code, parsed.message);
    const issues: Issue[] = [];
    if (parsed.encoding === 'windows-1252') {
      issues.push({ code: 'FILE.ENCODING_GUESSED', severity: 'warning', file, message: 'the file is not UTF-8 and was read as Windows-1252; save it as "CSV UTF-8" to be sure accents read right' });
    }
    const report = findBillers(file, parsed.sheets, ctx.fieldMap);
    return { ...report, sha256, issues: [...issues, ...report.issues] };
  } catch (e) {
    if (e instanceof ReadError) return rejected(file, e.code, e.message);
    throw e;
  }
}

function findBillers(file: string, sheets: Parameters<typeof extractBillers>[1], fm: LoadedFieldMap): FileReport {
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
        issues.push({ code: 'WORKSHEET.DUPLICATE_BILLER', severity: 'error', file, sheet: raw.sheet, ...(raw.fields.billerId ? { cell: raw.fields.billerId.origin.cell } : {}), field: raw.fields.billerId?.spec.label ?? 'IC Biller ID', message: `biller ${v.billerId} already appears in ${first}; keep one` });
      } else seen.set(v.billerId.toUpperCase(), where);
    }
    billers.push({ billerId: v.billerId ?? null, billerName: v.billerName ?? null, sheet: raw.sheet, ...(raw.row ? { row: raw.row } : {}), valid, ...(valid && v.biller ? { record: v.biller } : {}) });
  }
  return { file, status: 'read', billers, issues };
}

/** Read many inputs with bounded concurrency, yielding reports in input order as they complete. */
export async function* intake(entries: readonly InputEntry[], ctx: IntakeContext, concurrency = 4): AsyncGenerator<FileReport> {
  const limit = pLimit(concurrency);
  const window: Array<Promise<FileReport>> = [];
  let next = 0;
  const fill = () => {
    // Keep only a bounded number of files in memory at once, however many wait in the folder.
    while (next < entries.length && window.length < concurrency * 2) {
      const entry = entries[next++];
      if (entry) window.push(limit(() => readInput(entry, ctx)));
    }
  };
  fill();
  while (window.length) {
    const report = await window.shift();
    fill();
    if (report) yield report;
  }
}
