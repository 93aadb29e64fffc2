import { describe, expect, it } from 'vitest';
import { FtpParts } from '../../src/core/crm-ftp-parts.js';
import type { RowError } from '../../src/core/crm-rows.js';
import { dict, type BillerSnapshot } from '../../src/core/snapshot.js';
import { mipsSnapshot } from '../support/snapshots.js';

const A = 'BILLER-A';
const B = 'BILLER-B';
const snap = (billerId: string): BillerSnapshot => mipsSnapshot({ billerId, ftpPdf: dict(), ftpZip: dict() });
const PDF = { path: '\\ToInvoiceCloud\\PDFs', backup: 'true', move_action: 'Move', active: 'yes' };
const ZIP = { path: '\\ToInvoiceCloud\\PDFs', backup: '1', delete_zip_files: 'FALSE', active: ' no ' };

/** Feeds `fields` for one user as rows from line `line` on, then assembles. */
function assemble(rows: Array<[string, 'ftp_pdf' | 'ftp_zip', string, string]>) {
  const parts = new FtpParts();
  const refused: string[] = [];
  rows.forEach(([billerId, section, key, value], i) => {
    const message = parts.add(billerId, section, key, value, i + 2);
    if (message) refused.push(message);
  });
  const byId = new Map([A, B].map((id) => [id, snap(id)] as const));
  const errors: RowError[] = [];
  parts.assemble(byId, errors);
  return { refused, errors, a: byId.get(A), b: byId.get(B) };
}
const rowsOf = (billerId: string, section: 'ftp_pdf' | 'ftp_zip', user: string, fields: Record<string, string>) =>
  Object.entries(fields).map(
    ([k, v]) => [billerId, section, `${user}.${k}`, v] as [string, typeof section, string, string],
  );

describe('FtpParts: one row per field, one setting per user', () => {
  it('assembles a complete PDF and ZIP setting, reading booleans as the CRM writes them', () => {
    const { refused, errors, a } = assemble([...rowsOf(A, 'ftp_pdf', 'u', PDF), ...rowsOf(A, 'ftp_zip', 'u', ZIP)]);
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
    expect(a?.ftpPdf.u).toEqual({ path: PDF.path, backup: true, moveAction: 'Move', active: true });
    expect(a?.ftpZip.u).toEqual({ path: ZIP.path, backup: true, deleteZipFiles: false, active: false });
  });

  it('the user is everything before the last dot, so a user name may hold dots', () => {
    const { a } = assemble(rowsOf(A, 'ftp_pdf', 'town.of.example', PDF));
    expect(Object.keys(a?.ftpPdf ?? {})).toEqual(['town.of.example']);
  });

  it('keeps users, sections and billers apart', () => {
    const { errors, a, b } = assemble([
      ...rowsOf(A, 'ftp_pdf', 'u', PDF),
      ...rowsOf(A, 'ftp_pdf', 'v', { ...PDF, path: 'other' }),
      ...rowsOf(B, 'ftp_pdf', 'u', { ...PDF, active: 'false' }),
    ]);
    expect(errors).toEqual([]);
    expect(a?.ftpPdf.v?.path).toBe('other');
    expect(a?.ftpPdf.u?.active).toBe(true);
    expect(a?.ftpZip).toEqual({});
    expect(b?.ftpPdf.u?.active).toBe(false);
  });

  it('rows of a biller the export does not hold are left to the biller check', () => {
    const { errors } = assemble(rowsOf('NOT-IN-EXPORT', 'ftp_zip', 'u', { path: 'p' }));
    expect(errors).toEqual([]);
  });

  it.each([
    { key: 'path', why: /must be USER\.FIELD/ },
    { key: '.path', why: /must be USER\.FIELD/ },
    { key: 'u.colour', why: /ftp_pdf field "colour" is unknown \(path, backup, move_action, active\)/ },
    { key: 'u.delete_zip_files', why: /ftp_pdf field "delete_zip_files" is unknown/ },
  ])('a row keyed $key is refused on its own line', ({ key, why }) => {
    const { refused } = assemble([[A, 'ftp_pdf', key, 'x']]);
    expect(refused).toEqual([expect.stringMatching(why)]);
  });

  it.each<{ name: string; section: 'ftp_pdf' | 'ftp_zip'; fields: Record<string, string>; why: RegExp }>([
    { name: 'no path', section: 'ftp_pdf', fields: { ...PDF, path: '' }, why: /ftp_pdf for u: the path is missing/ },
    {
      name: 'no move action',
      section: 'ftp_pdf',
      fields: { path: 'p', backup: 'true', active: 'true' },
      why: /ftp_pdf for u needs path, backup, move_action and active/,
    },
    {
      name: 'a backup that is no boolean',
      section: 'ftp_pdf',
      fields: { ...PDF, backup: 'sometimes' },
      why: /ftp_pdf for u needs/,
    },
    {
      name: 'no delete flag',
      section: 'ftp_zip',
      fields: { path: 'p', backup: 'true', active: 'true' },
      why: /ftp_zip for u needs path, backup, delete_zip_files and active/,
    },
    { name: 'no active flag', section: 'ftp_zip', fields: { ...ZIP, active: '' }, why: /ftp_zip for u needs/ },
    // A word the CRM never writes is no boolean, even one every object has.
    { name: 'a prototype word', section: 'ftp_zip', fields: { ...ZIP, backup: 'constructor' }, why: /needs/ },
  ])('an incomplete user is an error on its last line, never a default: $name', ({ section, fields, why }) => {
    const rows = rowsOf(A, section, 'u', fields);
    const { errors, a } = assemble(rows);
    expect(errors).toEqual([{ line: rows.length + 1, message: expect.stringMatching(why) }]);
    expect(a?.ftpPdf).toEqual({});
    expect(a?.ftpZip).toEqual({});
  });

  it('a field given again keeps the later value (crm-rows refuses the repeat itself)', () => {
    const { a } = assemble([...rowsOf(A, 'ftp_pdf', 'u', PDF), [A, 'ftp_pdf', 'u.path', 'again']]);
    expect(a?.ftpPdf.u?.path).toBe('again');
  });
});
