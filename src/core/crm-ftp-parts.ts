/**
 * FTP PDF and ZIP settings arrive as one CRM row per field (`USER.path`, `USER.backup`, …): they are
 * collected per user first and turned into settings once every row is read, so a missing field is
 * named for that user rather than guessed.
 */
import type { RowError } from './crm-rows.js';
import { BOOL } from './crm-row-apply.js';
import { dict, type BillerSnapshot } from './snapshot.js';

type Section = 'ftp_pdf' | 'ftp_zip';
// What each setting is made of: a row naming another field would be dropped in silence, so it is refused.
const FIELDS: Record<Section, readonly string[]> = {
  ftp_pdf: ['path', 'backup', 'move_action', 'active'],
  ftp_zip: ['path', 'backup', 'delete_zip_files', 'active'],
};
interface Parts {
  billerId: string;
  section: Section;
  user: string;
  line: number;
  fields: Record<string, string>;
}

export class FtpParts {
  private readonly parts = new Map<string, Parts>();

  /** Records one `USER.FIELD` row; the line kept is the last row's, as the errors name it. */
  add(billerId: string, section: Section, key: string, value: string, line: number): string | undefined {
    const dot = key.lastIndexOf('.');
    if (dot <= 0) return `${section} key ${JSON.stringify(key)} must be USER.FIELD`;
    const user = key.slice(0, dot);
    const field = key.slice(dot + 1);
    if (!FIELDS[section].includes(field))
      return `${section} field ${JSON.stringify(field)} is unknown (${FIELDS[section].join(', ')})`;
    const id = `${billerId}\u0000${section}\u0000${user}`;
    const p = this.parts.get(id) ?? { billerId, section, user, line, fields: dict<string>() };
    p.fields[field] = value;
    p.line = line;
    this.parts.set(id, p);
    return undefined;
  }

  /** Writes each user's complete settings into its snapshot; an incomplete user is an error, never a default. */
  assemble(byId: ReadonlyMap<string, BillerSnapshot>, errors: RowError[]): void {
    for (const { billerId, section, user, line, fields } of this.parts.values()) {
      const s = byId.get(billerId);
      if (!s) continue;
      const message = assembleOne(s, section, user, fields);
      if (message) errors.push({ line, message });
    }
  }
}

function assembleOne(s: BillerSnapshot, section: Section, user: string, f: Record<string, string>): string | undefined {
  const b = (k: string) => BOOL[(f[k] ?? '').trim().toLowerCase()];
  if (!f.path) return `${section} for ${user}: the path is missing`;
  if (section === 'ftp_pdf') {
    const [backup, active] = [b('backup'), b('active')];
    if (backup === undefined || active === undefined || !f.move_action)
      return `ftp_pdf for ${user} needs path, backup, move_action and active`;
    s.ftpPdf[user] = { path: f.path, backup, moveAction: f.move_action, active };
    return undefined;
  }
  const [backup, del, active] = [b('backup'), b('delete_zip_files'), b('active')];
  if (backup === undefined || del === undefined || active === undefined)
    return `ftp_zip for ${user} needs path, backup, delete_zip_files and active`;
  s.ftpZip[user] = { path: f.path, backup, deleteZipFiles: del, active };
  return undefined;
}
