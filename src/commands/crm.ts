/** `spectrum-convert crm import|export|show`: the embedded CRM, loaded from and written to the csv export. */
import { readFile } from 'node:fs/promises';
import { crmDbPath, fingerprintKeyPath, journalPath, type Config } from '../config.js';
import { rowsToSnapshots, snapshotToRows } from '../core/crm-rows.js';
import { UsageError } from '../errors.js';
import { writeFileSafely } from '../safe-file.js';
import { createMasker, installationKey } from '../mask.js';
import { CrmStore } from '../targets/sqlite/crm-store.js';
import { formatCrmCsv, parseCrmCsv } from '../targets/sqlite/crm-csv.js';

export interface Printer { out: (line: string) => void; err: (line: string) => void }

/** Load a CRM export; every bad row is reported by line and nothing is loaded unless all are good. */
export async function crmImport(file: string, config: Config, io: Printer): Promise<number> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => { throw new UsageError(`cannot read ${file}: ${e.code ?? e.message}`); });
  const parsed = parseCrmCsv(bytes);
  const { snapshots, errors } = rowsToSnapshots(parsed.rows);
  const all = [...parsed.errors, ...errors].sort((a, b) => a.line - b.line);
  if (all.length) {
    for (const e of all) io.err(`${file}${e.line ? `:${e.line}` : ''}: ${e.message}`);
    io.err(`nothing imported: ${all.length} bad row${all.length === 1 ? '' : 's'}`);
    return 1;
  }
  const store = CrmStore.open(crmDbPath(config));
  try {
    store.putSnapshots(snapshots);
  } finally {
    store.close();
  }
  io.out(`imported ${snapshots.length} billers (${parsed.rows.length} rows) into ${crmDbPath(config)}`);
  return 0;
}

export async function crmExport(out: string | undefined, revealSecrets: boolean, config: Config, io: Printer): Promise<number> {
  const store = CrmStore.open(crmDbPath(config));
  let text: string;
  try {
    const mask = createMasker(installationKey(fingerprintKeyPath(config), { journal: journalPath(config), warn: io.err }));
    text = formatCrmCsv(store.billerIds().flatMap((id) => {
      const s = store.snapshot(id);
      return s ? snapshotToRows(s, { revealSecrets, mask }) : [];
    }));
  } finally {
    store.close();
  }
  if (!out) { io.out(text.trimEnd()); return 0; }
  await writeFileSafely(out, text, revealSecrets ? 0o600 : 0o644);
  io.err(`wrote ${out}${revealSecrets ? ' (with secrets in clear: keep it safe)' : ''}`);
  return 0;
}

export async function crmShow(billerId: string, config: Config, io: Printer): Promise<number> {
  const store = CrmStore.open(crmDbPath(config));
  try {
    const s = store.snapshot(billerId.trim().toUpperCase());
    if (!s) { io.err(`biller ${billerId} is not in ${crmDbPath(config)}`); return 1; }
    const mask = createMasker(installationKey(fingerprintKeyPath(config), { journal: journalPath(config), warn: io.err }));
    const rows = snapshotToRows(s, { revealSecrets: false, mask });
    io.out(`${s.profile.name} (${s.billerId})`);
    for (const r of rows) io.out(`  ${r.section.padEnd(20)} ${r.key.padEnd(44)} ${r.value}`);
    return 0;
  } finally {
    store.close();
  }
}
