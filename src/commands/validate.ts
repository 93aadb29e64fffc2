/** `spectrum-convert validate FILE|DIR...`: read and check worksheets, touch nothing. */
import type { Config } from '../config.js';
import { fileIsValid, reportToJson, type FileReport } from '../core/file-report.js';
import { formatIssue } from '../core/issues.js';
import { readFieldMap } from '../field-map-file.js';
import { intake } from '../read/intake.js';
import { listInputs } from '../read/list-inputs.js';
import { createReadPool } from '../read/read-pool.js';

export interface Output {
  out: (line: string) => void;
}

export async function validateFiles(paths: readonly string[], config: Config): Promise<FileReport[]> {
  const fieldMap = await readFieldMap(config.fieldMap);
  const pool = createReadPool(config.readWorkers, config.limits, fieldMap);
  try {
    const reports: FileReport[] = [];
    for await (const report of intake(await listInputs(paths), { pool })) {
      reports.push(report);
    }
    return reports;
  } finally {
    await pool.close();
  }
}

const MARK = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

export function printReports(reports: readonly FileReport[], json: boolean, io: Output): void {
  if (json) {
    io.out(JSON.stringify(reports.map(reportToJson), null, 2));
    return;
  }
  for (const r of reports) {
    const head =
      r.status === 'read'
        ? `${r.billers.length} biller${r.billers.length === 1 ? '' : 's'}${fileIsValid(r) ? ', valid' : ', NOT valid'}`
        : `${r.status}${r.note ? `: ${r.note}` : ''}`;
    io.out(`${r.file}: ${head}`);
    for (const b of r.billers) {
      const where = b.row ? `${b.sheet} row ${b.row}` : b.sheet;
      io.out(`  ${b.valid ? '✔' : '✖'} ${b.billerName ?? '(no name)'} ${b.billerId ?? '(no id)'} [${where}]`);
    }
    for (const i of r.issues)
      if (!(r.status === 'ignored' && i.code === 'FILE.IGNORED'))
        io.out(`  ${MARK[i.severity]} ${formatIssue(i)} [${i.code}]`);
  }
  const billers = reports.flatMap((r) => r.billers);
  const count = (s: FileReport['status']) => reports.filter((r) => r.status === s).length;
  const invalidFiles = reports.filter((r) => r.status === 'read' && !fileIsValid(r)).length;
  io.out(
    `\n${reports.length} files: ${count('read') - invalidFiles} valid, ${invalidFiles} with errors, ${count('rejected')} rejected, ${count('ignored')} ignored, ${count('skipped')} skipped; ${billers.length} billers, ${billers.filter((b) => b.valid).length} valid`,
  );
}

/** 0 when every file read is valid, 1 otherwise. */
export function validateExitCode(reports: readonly FileReport[]): number {
  return reports.every(fileIsValid) ? 0 : 1;
}
