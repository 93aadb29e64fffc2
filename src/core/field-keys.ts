/** The fields the code knows, and how the biller record holds them (the field map says the rest). */
export const FIELD_KEYS = [
  'billerName',
  'billerId',
  'conversionDate',
  'rtdrUrl',
  'rtdrUsername',
  'rtdrPrivateKey',
  'rtdrPassword',
  'paymentsUrl',
  'paymentsUsername',
  'paymentsPrivateKey',
  'paymentsPassword',
  'ftpUsername',
  'invoiceFormatGuid',
  'paymentDataPumpSelections',
  'billerContact',
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

/** The fields the biller record holds as secrets: the private keys and passwords. */
export const SECRET_KEYS = ['rtdrPrivateKey', 'rtdrPassword', 'paymentsPrivateKey', 'paymentsPassword'] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];
/** The one field the biller record holds as a list. */
export const LIST_KEY = 'paymentDataPumpSelections';

export const FIELD_TYPES = ['text', 'guid', 'date', 'httpsUrl', 'secret', 'list'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
