import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../src/core/field-map.js';
import { checkFeeds, feedsOf } from '../../src/core/setting-feeds.js';
import { fieldMap } from '../support/raw.js';

const fields = fieldMap.map.fields;
const edit = (key: string, patch: Partial<FieldSpec>): FieldSpec[] =>
  fields.map((f) => (f.key === key ? { ...f, ...patch } : f));

describe('checkFeeds', () => {
  it('finds nothing to refuse in the committed map', () => expect(checkFeeds(fields)).toEqual([]));

  it.each([
    { name: 'unknown setting', fields: edit('billerContact', { setting: 14 }), at: ['fields', 14, 'setting'] },
    { name: 'part without setting', fields: edit('billerContact', { part: 'password' }), at: ['fields', 14, 'part'] },
    { name: 'part on a plain setting', fields: edit('rtdrUrl', { part: 'password' }), at: ['fields', 3, 'part'] },
    { name: 'list on a plain setting', fields: edit('paymentDataPumpSelections', { setting: 8 }), at: ['fields'] },
    { name: 'pair part not a secret', fields: edit('rtdrPassword', { type: 'text' }), at: ['fields', 6, 'type'] },
  ])('$name: points at the entry', ({ fields: edited, at }) => {
    expect(checkFeeds(edited).map((p) => p.path)).toContainEqual(at);
  });
});

describe('feedsOf', () => {
  it('puts the privateKey part first, whatever the order of the fields', () => {
    const reversed = [...fields].reverse();
    expect(feedsOf(reversed)).toEqual(feedsOf(fields));
    expect(feedsOf(fields).find((f) => f.setting === 13)).toEqual({
      setting: 13,
      from: 'paymentsPrivateKey',
      password: 'paymentsPassword',
    });
  });

  it('refuses to run on a map whose checks were skipped', () => {
    expect(() => feedsOf(edit('rtdrUrl', { setting: undefined }))).toThrow(/setting 8 has no field/);
  });
});
