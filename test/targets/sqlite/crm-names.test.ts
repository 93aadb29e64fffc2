/** CRM names are data, never code: prototype names as keys, formula-looking cells, odd setting numbers. */
import { describe, expect, it } from 'vitest';
import { convertBiller } from '../../../src/apply/apply-biller.js';
import * as C from '../../../src/core/checklist.js';
import { rowsToSnapshots, snapshotToRows } from '../../../src/core/crm-rows.js';
import { formatCrmCsv, guard, parseCrmCsv } from '../../../src/targets/sqlite/crm-csv.js';
import { CrmStore } from '../../../src/targets/sqlite/crm-store.js';
import { SqliteTarget } from '../../../src/targets/sqlite/sqlite-target.js';
import { biller, mipsSnapshot } from '../../support/snapshots.js';

const ID = mipsSnapshot().billerId;
const row = (section: string, key: string, value: string) => ({ billerId: ID, section, key, value });
const rows = (...r: ReturnType<typeof row>[]) =>
  [row('profile', 'integration_partner', 'IMT Computer Services'), ...r].map((x, i) => ({ line: i + 2, row: x }));

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('prototype names are ordinary keys', () => {
  it.each(PROTOTYPE_NAMES)('an FTP user named %s converts through the embedded CRM', async (user) => {
    const store = CrmStore.open(':memory:');
    store.putSnapshots([mipsSnapshot({ ftpUsers: [user] })]);
    const target = new SqliteTarget(store);
    const outcome = await convertBiller(target, biller({ ftpUsername: user }));
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe('converted');
    const after = store.snapshot(ID)!;
    expect(Object.keys(after.ftpPdf)).toEqual([user]);
    expect(after.ftpPdf[user]).toEqual(C.PDF_SETTING);
    expect(after.ftpZip[user]).toEqual(C.ZIP_SETTING);
    store.close();
  });

  it.each(PROTOTYPE_NAMES)('a CRM export with %s as FTP user, option and DataPump name imports as data', (name) => {
    const { snapshots, errors } = rowsToSnapshots(
      rows(
        row('ftp_user', name, ''),
        row('invoicing_option', name, 'enabled'),
        row('datapump_payment', name, 'selected'),
        row('ftp_pdf', `${name}.path`, '\\x'),
        row('ftp_pdf', `${name}.backup`, 'true'),
        row('ftp_pdf', `${name}.move_action`, 'Delete'),
        row('ftp_pdf', `${name}.active`, 'true'),
      ),
    );
    expect(errors).toEqual([]);
    const s = snapshots[0]!;
    expect(Object.keys(s.invoicingOptions)).toEqual([name]);
    expect(Object.keys(s.dataPump.payment)).toEqual([name]);
    expect(Object.keys(s.ftpPdf)).toEqual([name]);
    expect(Object.getPrototypeOf(s.ftpPdf)).toBeNull();
  });

  it('a boolean cell "constructor" or "__proto__" is not a boolean', () => {
    const { errors } = rowsToSnapshots(
      rows(row('maintenance', 'active', 'constructor'), row('invoicing_option', 'x', '__proto__')),
    );
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/is not true or false/),
      expect.stringMatching(/is not enabled or disabled/),
    ]);
  });
});

describe('setting numbers are decimal digits', () => {
  it.each(['0xd', '1e1', '13.0', ' 13', '013', '+13', '0', '-1', ''])('%j is refused', (key) => {
    const { errors } = rowsToSnapshots(rows(row('advanced_setting', key, 'v')));
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/is not a setting number/) })]);
  });
  it('13 is accepted', () => {
    expect(rowsToSnapshots(rows(row('advanced_setting', '13', 'k|p'))).errors).toEqual([]);
  });
});

describe('the csv export is safe to open in a spreadsheet', () => {
  it.each([["=cmd|' /C calc'!A0"], ['@SUM(1+1)'], ['+1'], ['-2'], ['\tx'], ['\rx'], ["'=already"], ["''@two"]])(
    '%j is written with a leading apostrophe and read back as it was',
    (value) => {
      expect(guard(value)).toBe(`'${value}`);
      const text = formatCrmCsv([row('bif', 'k', value)]);
      expect(text.split('\n')[1]).toMatch(/^[^,]+,bif,k,"?'/);
      expect(parseCrmCsv(Buffer.from(text)).rows[0]?.row.value).toBe(value);
    },
  );
  it.each(['plain', "it's", 'a=b', "'quoted"])('%j is left as it is', (value) => {
    expect(guard(value)).toBe(value);
    expect(parseCrmCsv(Buffer.from(formatCrmCsv([row('bif', 'k', value)]))).rows[0]?.row.value).toBe(value);
  });
  it('keys are guarded too (an FTP user named =HYPERLINK(...))', () => {
    const s = rowsToSnapshots(rows(row('ftp_user', '=HYPERLINK("http://x")', ''))).snapshots[0]!;
    const text = formatCrmCsv(snapshotToRows(s, { revealSecrets: false, mask: (v) => v }));
    expect(text).toContain(`,ftp_user,"'=HYPERLINK(""http://x"")",`);
    expect(text).not.toMatch(/,=/);
  });
});
