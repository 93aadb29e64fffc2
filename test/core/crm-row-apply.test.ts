import { describe, expect, it } from 'vitest';
import { rowsToSnapshots, snapshotToRows, type CrmRow } from '../../src/core/crm-rows.js';

const ID = '0F8A2C1E-1111-2222-3333-444455556666';
const row = (section: string, key: string, value = ''): CrmRow => ({ billerId: ID, section, key, value });
const base = [row('profile', 'name', 'Acme'), row('profile', 'integration_partner', 'MIPS')];
const read = (...extra: CrmRow[]) => rowsToSnapshots([...base, ...extra].map((r, i) => ({ line: i + 2, row: r })));

describe('rowsToSnapshots: every bad row is named by its line, nothing is defaulted', () => {
  it.each([
    { name: 'a biller id that is not a GUID', rows: [{ ...row('bif', 'a', 'b'), billerId: 'x' }], error: /not a GUID/ },
    { name: 'an unknown section', rows: [row('nope', 'k')], error: /unknown section "nope"/ },
    { name: 'a row given twice', rows: [row('bif', 'k', '1'), row('bif', 'k', '2')], error: /given twice.*line 4/ },
    { name: 'an unknown profile key', rows: [row('profile', 'colour', 'red')], error: /profile key "colour"/ },
    {
      name: 'an option neither enabled nor disabled',
      rows: [row('invoicing_option', 'o', 'maybe')],
      error: /not enabled/,
    },
    { name: 'a DataPump value not selected', rows: [row('datapump_payment', 'd', 'on')], error: /not selected/ },
    { name: 'a setting number in hex', rows: [row('advanced_setting', '0xd', 'v')], error: /not a setting number/ },
    { name: 'a setting number with exponent', rows: [row('advanced_setting', '1e1', 'v')], error: /not a setting/ },
    { name: 'a maintenance key other than active', rows: [row('maintenance', 'on', 'true')], error: /"active"/ },
    { name: 'maintenance not a boolean', rows: [row('maintenance', 'active', 'perhaps')], error: /not true or false/ },
    { name: 'an FTP key without USER.', rows: [row('ftp_pdf', 'path', '/x')], error: /must be USER.FIELD/ },
    { name: 'an FTP PDF without its path', rows: [row('ftp_pdf', 'u.backup', 'true')], error: /path is missing/ },
    {
      name: 'an FTP PDF without move_action',
      rows: [row('ftp_pdf', 'u.path', '/p'), row('ftp_pdf', 'u.backup', 'true'), row('ftp_pdf', 'u.active', 'true')],
      error: /needs path, backup, move_action and active/,
    },
    {
      name: 'an FTP ZIP with a non-boolean delete flag',
      rows: [
        row('ftp_zip', 'u.path', '/p'),
        row('ftp_zip', 'u.backup', 'true'),
        row('ftp_zip', 'u.delete_zip_files', 'x'),
      ],
      error: /needs path, backup, delete_zip_files and active/,
    },
  ])('$name', ({ rows, error }) => {
    const { errors } = read(...rows);
    expect(errors.map((e) => e.message).join('\n')).toMatch(error);
  });

  it('a biller without an integration partner row is an error at line 0', () => {
    const { errors } = rowsToSnapshots([{ line: 2, row: row('profile', 'name', 'Acme') }]);
    expect(errors).toEqual([{ line: 0, message: `biller ${ID} has no profile integration_partner row` }]);
  });

  it('reads every section into the snapshot, and a snapshot written back reads as itself', () => {
    const { snapshots, errors } = read(
      row('invoicing_option', 'Paper', 'disabled'),
      row('bif', 'Integration/Name', 'Spectrum'),
      row('ftp_user', 'ftp1'),
      row('ftp_pdf', 'ftp1.path', '/in'),
      row('ftp_pdf', 'ftp1.backup', 'yes'),
      row('ftp_pdf', 'ftp1.move_action', 'Move'),
      row('ftp_pdf', 'ftp1.active', '1'),
      row('ftp_zip', 'ftp1.path', '/zip'),
      row('ftp_zip', 'ftp1.backup', 'false'),
      row('ftp_zip', 'ftp1.delete_zip_files', 'true'),
      row('ftp_zip', 'ftp1.active', 'true'),
      row('datapump_payment', 'Pay', 'selected'),
      row('datapump_nonpayment', 'NonPay', ''),
      row('advanced_setting', '8', 'https://x'),
      row('advanced_setting', '10', 'key|secret-password'),
      row('maintenance', 'active', 'false'),
    );
    expect(errors).toEqual([]);
    const s = snapshots[0]!;
    expect(s.ftpPdf.ftp1).toEqual({ path: '/in', backup: true, moveAction: 'Move', active: true });
    expect(s.ftpZip.ftp1).toEqual({ path: '/zip', backup: false, deleteZipFiles: true, active: true });
    expect(s.dataPump).toEqual({ payment: { Pay: true }, nonPayment: { NonPay: false } });
    expect(typeof s.advancedSettings[10]).toBe('object'); // a Secret, never a plain string
    const rows = snapshotToRows(s, { revealSecrets: true, mask: () => '***' });
    const again = rowsToSnapshots(rows.map((r, i) => ({ line: i + 2, row: r })));
    expect(again.errors).toEqual([]);
    expect(snapshotToRows(again.snapshots[0]!, { revealSecrets: true, mask: () => '***' })).toEqual(rows);
    const masked = snapshotToRows(s, { revealSecrets: false, mask: () => '***' });
    expect(masked.find((r) => r.key === '10')?.value).toBe('***');
  });

  it('CRM names such as __proto__ and constructor are ordinary keys', () => {
    const { snapshots, errors } = read(row('bif', '__proto__', 'a'), row('invoicing_option', 'constructor', 'enabled'));
    expect(errors).toEqual([]);
    expect(snapshots[0]!.bif['__proto__']).toBe('a');
    expect(snapshots[0]!.invoicingOptions['constructor']).toBe(true);
  });
});
