import { describe, expect, it } from 'vitest';
import { rowsToSnapshots, snapshotToRows, type CrmRow } from '../../src/core/crm-rows.js';
import { Secret } from '../../src/core/secret.js';
import { convertedSnapshot, mipsSnapshot } from '../support/snapshots.js';

const ID = mipsSnapshot().billerId.toUpperCase();
const row = (section: string, key: string, value = ''): CrmRow => ({ billerId: ID, section, key, value });
const partner = row('profile', 'integration_partner', 'IMT Computer Services');
const lines = (...rows: CrmRow[]) => rows.map((r, i) => ({ line: i + 2, row: r }));
const mask = (s: string) => `<masked ${s.length}>`;

describe('rows → snapshots: every bad row named by its line, nothing partial', () => {
  it.each<{ name: string; rows: CrmRow[]; want: RegExp; line: number }>([
    {
      name: 'a biller id that is no GUID',
      rows: [{ ...partner, billerId: 'B-1' }],
      want: /"B-1" is not a GUID/,
      line: 2,
    },
    { name: 'an unknown section', rows: [partner, row('ftp', 'x')], want: /unknown section "ftp"/, line: 3 },
    {
      name: 'a key given twice',
      rows: [partner, row('bif', 'k', 'a'), row('bif', 'k', 'b')],
      want: /bif "k" is given twice for this biller \(first on line 3\)/,
      line: 4,
    },
    {
      name: 'an unknown profile key',
      rows: [partner, row('profile', 'colour')],
      want: /profile key "colour"/,
      line: 3,
    },
    {
      name: 'an option neither enabled nor disabled',
      rows: [partner, row('invoicing_option', 'Email', 'maybe')],
      want: /"maybe" is not enabled or disabled/,
      line: 3,
    },
    {
      name: 'a DataPump value neither selected nor cleared',
      rows: [partner, row('datapump_payment', 'PayPal', 'on')],
      want: /"on" is not selected or cleared/,
      line: 3,
    },
    {
      name: 'a setting number written as hex',
      rows: [partner, row('advanced_setting', '0xd', 'v')],
      want: /"0xd" is not a setting number/,
      line: 3,
    },
    {
      name: 'a setting number with a space',
      rows: [partner, row('advanced_setting', ' 13', 'v')],
      want: /is not a setting number/,
      line: 3,
    },
    {
      name: 'a maintenance key other than active',
      rows: [partner, row('maintenance', 'on', 'true')],
      want: /must be "active"/,
      line: 3,
    },
    {
      name: 'maintenance neither true nor false',
      rows: [partner, row('maintenance', 'active', 'perhaps')],
      want: /"perhaps" is not true or false/,
      line: 3,
    },
    {
      name: 'an FTP key without USER.FIELD',
      rows: [partner, row('ftp_pdf', 'path', 'p')],
      want: /must be USER\.FIELD/,
      line: 3,
    },
    {
      name: 'an FTP PDF setting without its path',
      rows: [partner, row('ftp_pdf', 'u.backup', 'true')],
      want: /ftp_pdf for u: the path is missing/,
      line: 3,
    },
    {
      name: 'an FTP PDF setting missing a part',
      rows: [partner, row('ftp_pdf', 'u.path', 'p'), row('ftp_pdf', 'u.backup', 'true')],
      want: /ftp_pdf for u needs path, backup, move_action and active/,
      line: 4,
    },
    {
      name: 'an FTP ZIP setting with a bad boolean',
      rows: [
        partner,
        row('ftp_zip', 'u.path', 'p'),
        row('ftp_zip', 'u.backup', 'true'),
        row('ftp_zip', 'u.delete_zip_files', 'sometimes'),
        row('ftp_zip', 'u.active', 'true'),
      ],
      want: /ftp_zip for u needs path, backup, delete_zip_files and active/,
      line: 6,
    },
    {
      name: 'a biller without a partner row',
      rows: [row('bif', 'k', 'v')],
      want: /has no profile integration_partner row/,
      line: 0,
    },
  ])('$name', ({ rows, want, line }) => {
    const { errors } = rowsToSnapshots(lines(...rows));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line, message: expect.stringMatching(want) });
  });

  it.each([
    { name: 'yes/no', value: 'Yes', want: true },
    { name: '1/0', value: '0', want: false },
    { name: 'words, in any case', value: ' ENABLED ', want: true },
    { name: 'disabled', value: 'disabled', want: false },
  ])('booleans are read as the CRM writes them: $name', ({ value, want }) => {
    const { snapshots, errors } = rowsToSnapshots(lines(partner, row('invoicing_option', 'Email', value)));
    expect(errors).toEqual([]);
    expect(snapshots[0]?.invoicingOptions.Email).toBe(want);
  });

  it.each([
    { section: 'invoicing_option', key: 'Email', value: 'constructor' },
    { section: 'datapump_payment', key: 'PayPal', value: '__proto__' },
    { section: 'maintenance', key: 'active', value: 'constructor' },
    { section: 'maintenance', key: 'active', value: 'toString' },
  ])('$section: $value is no boolean word', ({ section, key, value }) => {
    const { errors } = rowsToSnapshots(lines(partner, row(section, key, value)));
    expect(errors).toEqual([{ line: 3, message: expect.stringMatching(/ is not (enabled|selected|true)/) }]);
  });

  it('a CRM name such as __proto__ is an ordinary key; ids are compared upper case', () => {
    const { snapshots, errors } = rowsToSnapshots(
      lines({ ...partner, billerId: ID.toLowerCase() }, row('bif', '__proto__', 'v'), row('bif', 'constructor', 'w')),
    );
    expect(errors).toEqual([]);
    expect(snapshots).toHaveLength(1);
    expect(Object.entries(snapshots[0]!.bif)).toEqual([
      ['__proto__', 'v'],
      ['constructor', 'w'],
    ]);
  });

  it('errors come sorted by line, all of them', () => {
    const bad = { ...partner, billerId: 'nope' };
    const { errors } = rowsToSnapshots(lines(row('maintenance', 'k'), partner, bad, row('x', 'k')).reverse());
    expect(errors.map((e) => e.line)).toEqual([2, 4, 5]);
  });
});

describe('snapshot → rows → snapshot', () => {
  it.each([
    { name: 'before conversion', snapshot: mipsSnapshot() },
    { name: 'converted', snapshot: convertedSnapshot() },
    { name: 'in maintenance', snapshot: mipsSnapshot({ maintenance: true }) },
  ])('$name: round trip with secrets revealed', ({ snapshot }) => {
    const rows = snapshotToRows(snapshot, { revealSecrets: true, mask });
    const back = rowsToSnapshots(rows.map((r, i) => ({ line: i + 2, row: r })));
    expect(back.errors).toEqual([]);
    const plain = (s: typeof snapshot) => JSON.parse(JSON.stringify(snapshotToRows(s, { revealSecrets: true, mask })));
    expect(plain(back.snapshots[0]!)).toEqual(plain(snapshot));
    expect(back.snapshots[0]?.advancedSettings[10]).toBeInstanceOf(Secret);
  });

  it('secrets are masked unless revealed; an empty secret stays empty', () => {
    const s = mipsSnapshot({ advancedSettings: { 8: 'https://x', 10: new Secret('oldK|oldP'), 13: new Secret('') } });
    const shown = (reveal: boolean) =>
      snapshotToRows(s, { revealSecrets: reveal, mask })
        .filter((r) => r.section === 'advanced_setting')
        .map((r) => `${r.key}=${r.value}`);
    expect(shown(false)).toEqual(['8=https://x', '10=<masked 9>', '13=']);
    expect(shown(true)).toEqual(['8=https://x', '10=oldK|oldP', '13=']);
  });

  it('rows come in a stable order: sections as listed, keys sorted, settings by number', () => {
    const s = mipsSnapshot({ advancedSettings: { 105: 'a', 9: 'b', 88: 'c' }, bif: { z: '1', a: '2' } });
    const rows = snapshotToRows(s, { revealSecrets: false, mask });
    expect(rows.filter((r) => r.section === 'advanced_setting').map((r) => r.key)).toEqual(['9', '88', '105']);
    expect(rows.filter((r) => r.section === 'bif').map((r) => r.key)).toEqual(['a', 'z']);
    expect(rows[0]).toMatchObject({ section: 'profile', key: 'name' });
    expect(rows.at(-1)).toMatchObject({ section: 'maintenance', key: 'active', value: 'false' });
  });
});
