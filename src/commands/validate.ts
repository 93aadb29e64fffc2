/** `spectrum-convert validate FILE|DIR...`: read and check worksheets, touch nothing. */
import { fileIsValid, reportToJson, type FileReport } from '../core/file-report.js';
import { formatIssue } from '../core/issues.js';
import { EXIT_CODES } from '../core/summary.js';
import { intake } from '../read/intake.js';
import { listInputs } from '../read/list-inputs.js';
import type { CommandContext } from './context.js';

interface Output {
  out: (line: string) => void;
}

export async function validateCommand(paths: readonly string[], json: boolean, ctx: CommandContext): Promise<number> {
  const reports = await validateFiles(paths, ctx);
  printReports(reports, json, ctx.io);
  return validateExitCode(reports);
}

async function validateFiles(paths: readonly string[], ctx: CommandContext): Promise<FileReport[]> {
  const pool = await ctx.readPool();
  const reports: FileReport[] = [];
  for await (const report of intake(await listInputs(paths), { pool })) reports.push(report);
  return reports;
}

const MARK = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

function printReports(reports: readonly FileReport[], json: boolean, io: Output): void {
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
    `\n${reports.length} files: ${count('read') - invalidFiles} valid, ${invalidFiles} with errors, ` +
      `${count('rejected')} rejected, ${count('ignored')} ignored, ${count('skipped')} skipped; ` +
      `${billers.length} billers, ${billers.filter((b) => b.valid).length} valid`,
  );
}

/** 0 when every file read is valid, 1 otherwise. */
function validateExitCode(reports: readonly FileReport[]): number {
  return reports.every(fileIsValid) ? EXIT_CODES.ok : EXIT_CODES.someFailed;
}
