import { describe, expect, it } from 'vitest';
import { checkFieldMap } from '../../src/core/field-map-checks.js';
import type { FieldMap, FieldSpec } from '../../src/core/field-map.js';
import { fieldMap } from '../support/raw.js';

const withFields = (fields: FieldSpec[]): FieldMap => ({ ...fieldMap.map, fields });
const edit = (key: string, patch: Partial<FieldSpec>) =>
  withFields(fieldMap.map.fields.map((f) => (f.key === key ? { ...f, ...patch } : f)));

describe('checkFieldMap', () => {
  it('finds nothing to refuse in the committed map', () => expect(checkFieldMap(fieldMap.map)).toEqual([]));

  it.each([
    {
      name: 'a field listed twice',
      map: withFields([...fieldMap.map.fields, fieldMap.map.fields[0]!]),
      message: /twice/,
    },
    { name: 'the biller id optional', map: edit('billerId', { required: false }), message: /"billerId" must be/ },
    { name: 'the biller name optional', map: edit('billerName', { required: false }), message: /"billerName" must be/ },
    { name: 'a password typed text', map: edit('rtdrPassword', { type: 'text' }), message: /must be "secret"/ },
    { name: 'settings checked too', map: edit('rtdrUrl', { setting: 99 }), message: /setting 99 is not one/ },
  ])('$name', ({ map, message }) => {
    expect(checkFieldMap(map).map((p) => p.message)).toContainEqual(expect.stringMatching(message));
  });
});
