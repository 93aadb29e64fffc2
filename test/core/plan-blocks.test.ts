import { describe, expect, it } from 'vitest';
import * as C from '../../src/core/checklist.js';
import { readiness, unknownBiller } from '../../src/core/plan-blocks.js';
import { VALID_TEXT } from '../support/raw.js';
import { biller, mipsSnapshot } from '../support/snapshots.js';

const GUID = 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE';

describe('readiness', () => {
  it.each([
    {
      name: 'another partner',
      b: biller(),
      s: mipsSnapshot({ profile: { name: 'x', integrationPartner: 'Acme Billing' } }),
      blocked: /BLOCKED.NOT_MIPS_APPS: the CRM integration partner is "Acme Billing"/,
    },
    {
      name: 'an FTP user the CRM lacks',
      b: biller(),
      s: mipsSnapshot({ ftpUsers: ['someone-else'] }),
      blocked: /BLOCKED.FTP_USER_MISSING: the FTP user "townofexample" does not exist in the CRM; create it/,
    },
    {
      name: 'no InvoiceFormatGUID anywhere',
      b: biller({ invoiceFormatGuid: '' }),
      s: mipsSnapshot(),
      blocked: /BLOCKED.NO_INVOICE_FORMAT_GUID/,
    },
    {
      name: 'a selection the CRM lacks',
      b: biller(),
      s: mipsSnapshot({ dataPump: { payment: { OBD: true }, nonPayment: {} } }),
      blocked:
        /DATAPUMP_SELECTION_UNKNOWN: .*"Terminal: Main Office", "PayPal" do not exist in the CRM \(it has: "OBD"\)/,
    },
  ])('blocks $name, saying why', ({ b, s, blocked }) => {
    const r = readiness(b, s, undefined);
    expect('blocked' in r && `${r.blocked.code}: ${r.blocked.message}`).toMatch(blocked);
  });

  it('gives the CRM spelling of the FTP user and the GUID by precedence', () => {
    expect(readiness(biller({ ftpUsername: 'TOWNOFEXAMPLE' }), mipsSnapshot(), GUID)).toEqual({
      ftpUser: VALID_TEXT.ftpUsername,
      guid: VALID_TEXT.invoiceFormatGuid,
    });
    expect(readiness(biller({ invoiceFormatGuid: '' }), mipsSnapshot(), GUID)).toMatchObject({ guid: GUID });
    const crm = mipsSnapshot({ bif: { [C.BIF_INVOICE_FORMAT_KEY]: GUID } });
    expect(readiness(biller({ invoiceFormatGuid: '' }), crm, undefined)).toMatchObject({ guid: GUID });
  });

  it('names an unknown biller by its id', () => {
    expect(unknownBiller('X-1').message).toBe('biller X-1 does not exist in the CRM; check the IC Biller ID');
  });
});
