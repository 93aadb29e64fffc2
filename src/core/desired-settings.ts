/**
 * Settings 8-13 as the worksheet wants them, field by field as the field map's feeds say: a plain
 * setting takes its field's text, a secret one is "privateKey|password" (or empty when both are).
 */
import type { Biller } from './biller.js';
import { PIPE, settingName } from './checklist.js';
import type { FieldKey, SecretKey } from './field-keys.js';
import { Secret } from './secret.js';
import type { SettingValue } from './snapshot.js';

export interface DesiredSetting {
  number: number;
  name: string;
  after: SettingValue;
  /** The field whose cell the change names as its source. */
  from: FieldKey;
}

type TextKey = Exclude<FieldKey, SecretKey | 'paymentDataPumpSelections'>;

/** Where the biller record holds each field's value. */
const TEXT_OF: Record<TextKey, (b: Biller) => string | undefined> = {
  billerName: (b) => b.billerName,
  billerId: (b) => b.billerId,
  conversionDate: (b) => b.conversionDate,
  rtdrUrl: (b) => b.rtdr.url,
  rtdrUsername: (b) => b.rtdr.username,
  paymentsUrl: (b) => b.payments.url,
  paymentsUsername: (b) => b.payments.username,
  ftpUsername: (b) => b.ftpUsername,
  invoiceFormatGuid: (b) => b.invoiceFormatGuid,
  billerContact: (b) => b.billerContact,
};
const SECRET_OF: Record<SecretKey, (b: Biller) => Secret> = {
  rtdrPrivateKey: (b) => b.rtdr.privateKey,
  rtdrPassword: (b) => b.rtdr.password,
  paymentsPrivateKey: (b) => b.payments.privateKey,
  paymentsPassword: (b) => b.payments.password,
};

export function desiredSettings(b: Biller): DesiredSetting[] {
  return b.feeds.map(({ setting, from, password }) => ({
    number: setting,
    name: settingName(setting),
    after: password === undefined ? textOf(b, from) : pair(secretOf(b, from), secretOf(b, password)),
    from,
  }));
}

function pair(key: Secret, password: Secret): Secret {
  return new Secret(key.isEmpty && password.isEmpty ? '' : `${key.reveal()}${PIPE}${password.reveal()}`);
}

// The field map's load checks (setting-feeds.ts, field-map-checks.ts) keep these from throwing.
function textOf(b: Biller, key: FieldKey): string {
  const get = TEXT_OF[key as TextKey] as ((b: Biller) => string | undefined) | undefined;
  if (!get) throw new Error(`field ${key} cannot feed a plain setting; the field map was not checked`);
  return get(b) ?? '';
}

function secretOf(b: Biller, key: FieldKey): Secret {
  const get = SECRET_OF[key as SecretKey] as ((b: Biller) => Secret) | undefined;
  if (!get) throw new Error(`field ${key} cannot feed a secret setting; the field map was not checked`);
  return get(b);
}
