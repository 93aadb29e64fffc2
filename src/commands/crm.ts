/** `spectrum-convert crm import|export|show`: the embedded CRM, loaded from and written to the csv export. */
import { existsSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { crmDbPath, crmLockPath } from '../config.js';
import { rowsToSnapshots, snapshotToRows } from '../core/crm-rows.js';
import { differences } from '../core/simulate.js';
import type { BillerSnapshot } from '../core/snapshot.js';
import { EXIT_CODES } from '../core/summary.js';
import { UsageError } from '../errors.js';
import { writeFileSafely } from '../safe-file.js';
import { existingCrmDb } from '../targets/index.js';
import { CrmStore } from '../targets/sqlite/crm-store.js';
import { formatCrmCsv, parseCrmCsv } from '../targets/sqlite/crm-csv.js';
import { confirm } from './confirm.js';
import type { CommandContext } from './context.js';

/** What an export writes in place of a secret: a mask and a fingerprint, never a value to load back. */
const MASKED = /••••••••#[0-9a-f]{8}/;

export interface ImportArgs {
  dryRun: boolean;
  replace: boolean;
  yes: boolean;
}

/** Each biller of the file against the CRM: new, the same, or different (listed with what differs). */
function compare(store: CrmStore | undefined, snapshots: readonly BillerSnapshot[]) {
  const added: string[] = [];
  const same: string[] = [];
  const changed: Array<{ billerId: string; diff: string[] }> = [];
  for (const s of snapshots) {
    const now = store?.snapshot(s.billerId);
    if (!now) added.push(s.billerId);
    else {
      const diff = differences(now, s, { maintenance: true });
      if (diff.length) changed.push({ billerId: s.billerId, diff });
      else same.push(s.billerId);
    }
  }
  return { added, same, changed };
}

/**
 * Load a CRM export; every bad row is reported by line and nothing is loaded unless all are good. Masked
 * secrets are refused (they are not the values); billers the CRM holds differently are refused unless
 * --replace (an old export would silently revert converted billers), and replacing them asks first.
 */
export async function crmImport(file: string, args: ImportArgs, ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const path = crmDbPath(config);
  const exists = existsSync(path);
  // A dry run into a CRM that does not exist yet must not create it to lock it: nothing is written.
  ctx.lock(crmLockPath({ ...config, target: 'sqlite' }, !args.dryRun), 'crm import');
  // Locking made the new CRM an empty file; an import that stops before opening it (a bad row, a file it
  // cannot read) takes it away again, so "nothing imported" leaves no CRM for a later run to find.
  let opened = false;
  if (!exists && !args.dryRun) ctx.defer('the empty new CRM', () => opened || removeIfEmpty(path));
  const read = await readExport(file, io.err);
  if (!read) return EXIT_CODES.someFailed;
  const { snapshots, rows } = read;
  const store = exists ? ctx.own('CRM', CrmStore.open(path), (s) => s.close()) : undefined;
  const { added, same, changed } = compare(store, snapshots);
  io.out(
    `${file} → ${path}${exists ? '' : ' (a new CRM)'}: ` +
      `${added.length} new, ${same.length} the same, ${changed.length} different from the CRM`,
  );
  for (const c of changed)
    io.out(
      `  differs: ${c.billerId}: ${c.diff.slice(0, 5).join('; ')}` +
        `${c.diff.length > 5 ? `; and ${c.diff.length - 5} more` : ''}`,
    );
  if (changed.length && !args.replace) {
    io.err(
      `nothing imported: ${changed.length} biller${changed.length === 1 ? '' : 's'} in the CRM ` +
        'differ from the file (listed above); ' +
        'an older export would revert them. Add --replace to overwrite them with the file.',
    );
    return EXIT_CODES.someFailed;
  }
  const rerun = `spectrum-convert crm import ${file}${args.replace ? ' --replace' : ''}`;
  // Adding billers overwrites nothing; replacing some is what a person confirms.
  if (args.dryRun || changed.length) {
    const decision = await confirm(io, {
      what: changed.length ? `replace ${changed.length} biller(s) in ${path}` : `import into ${path}`,
      rerun,
      yes: args.yes,
      dryRun: args.dryRun,
    });
    if (decision === 'dry-run') return EXIT_CODES.ok;
    if (decision === 'declined') return EXIT_CODES.someFailed;
  }
  opened = true;
  const target = store ?? ctx.own('CRM', CrmStore.open(path), (s) => s.close());
  target.putSnapshots(snapshots.filter((s) => !same.includes(s.billerId)));
  io.out(
    `imported ${added.length + changed.length} billers (${added.length} new, ${changed.length} replaced, ` +
      `${same.length} unchanged; ${rows} rows) into ${path}`,
  );
  return EXIT_CODES.ok;
}

/** Only a file nothing was written to: a CRM another import made meanwhile (it has tables) stays. */
function removeIfEmpty(path: string): void {
  if (statSync(path, { throwIfNoEntry: false })?.size === 0) rmSync(path);
}

/** The export's billers, or undefined when some row is bad (each said by line: nothing is loaded). */
async function readExport(
  file: string,
  err: (line: string) => void,
): Promise<{ snapshots: BillerSnapshot[]; rows: number } | undefined> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${e.code ?? e.message}`);
  });
  const parsed = parseCrmCsv(bytes);
  const masked = parsed.rows
    .filter(({ row }) => MASKED.test(row.value))
    .map(({ line, row }) => ({
      line,
      message:
        `${row.section} ${row.key}: a masked secret (••••••••#…), not its value: ` +
        'import an export written with --reveal-secrets',
    }));
  const { snapshots, errors } = rowsToSnapshots(parsed.rows);
  const all = [...parsed.errors, ...errors, ...masked].sort((a, b) => a.line - b.line);
  if (!all.length) return { snapshots, rows: parsed.rows.length };
  for (const e of all) err(`${file}${e.line ? `:${e.line}` : ''}: ${e.message}`);
  err(`nothing imported: ${all.length} bad row${all.length === 1 ? '' : 's'}`);
  return undefined;
}

export async function crmExport(out: string | undefined, revealSecrets: boolean, ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const store = ctx.own('CRM', CrmStore.open(existingCrmDb(config)), (s) => s.close());
  const mask = ctx.masker();
  const text = formatCrmCsv(
    store.billerIds().flatMap((id) => {
      const s = store.snapshot(id);
      return s ? snapshotToRows(s, { revealSecrets, mask }) : [];
    }),
  );
  if (!out) {
    io.out(text.trimEnd());
    return EXIT_CODES.ok;
  }
  await writeFileSafely(out, text, revealSecrets ? 0o600 : 0o644);
  io.err(`wrote ${out}${revealSecrets ? ' (with secrets in clear: keep it safe)' : ''}`);
  return EXIT_CODES.ok;
}

export function crmShow(billerId: string, ctx: CommandContext): number {
  const { config, io } = ctx;
  const store = ctx.own('CRM', CrmStore.open(existingCrmDb(config)), (s) => s.close());
  const s = store.snapshot(billerId.trim().toUpperCase());
  if (!s) {
    io.err(`biller ${billerId} is not in ${crmDbPath(config)}`);
    return EXIT_CODES.someFailed;
  }
  const rows = snapshotToRows(s, { revealSecrets: false, mask: ctx.masker() });
  io.out(`${s.profile.name} (${s.billerId})`);
  for (const r of rows) io.out(`  ${r.section.padEnd(20)} ${r.key.padEnd(44)} ${r.value}`);
  return EXIT_CODES.ok;
}
