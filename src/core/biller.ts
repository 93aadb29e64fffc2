/** The validated biller record: what the conversion of one biller needs, typed. */
import type { FieldKey } from './field-map.js';
import type { CellOrigin } from './grid.js';
import type { Secret } from './secret.js';
import type { SettingFeed } from './setting-feeds.js';

export interface WebServiceCredentials {
  url: string;
  username: string;
  privateKey: Secret;
  password: Secret;
}

export interface Biller {
  billerId: string;
  billerName: string;
  /** ISO date (YYYY-MM-DD); absent means "due now". */
  conversionDate?: string;
  /** Feeds Advanced Settings 8, 9 and 10. Key and password are both empty when RTDR needs no credentials. */
  rtdr: WebServiceCredentials;
  /** Feeds Advanced Settings 11, 12 and 13. */
  payments: WebServiceCredentials;
  ftpUsername: string;
  invoiceFormatGuid?: string;
  /** Present only when the worksheet lists them: then the payment DataPump selections become exactly this list. */
  paymentDataPumpSelections?: string[];
  billerContact?: string;
  /** Which fields feed settings 8-13: the field map's, as it was when this record was validated. */
  feeds: readonly SettingFeed[];
  /** Where every field came from, for change records and messages. */
  source: {
    file: string;
    sheet: string;
    row?: number;
    layout: 'form' | 'table';
    cells: Partial<Record<FieldKey, CellOrigin>>;
  };
}
