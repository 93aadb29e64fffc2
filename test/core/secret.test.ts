import { inspect } from 'node:util';
import { expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';

const VALUE = 'hunter2-Secret-x';

it.each([
  { name: 'String()', show: (s: Secret) => String(s) },
  { name: 'a template string', show: (s: Secret) => `${s}` },
  { name: 'JSON.stringify', show: (s: Secret) => JSON.stringify({ key: s }) },
  { name: 'util.inspect', show: (s: Secret) => inspect({ deep: { key: s } }) },
  { name: 'concatenation', show: (s: Secret) => 'key=' + s },
])('$name never shows the value', ({ show }) => {
  const text = show(new Secret(VALUE));
  expect(text).toContain('[secret]');
  expect(text).not.toContain('hunter2');
});

it.each([
  { name: 'a value', value: VALUE, empty: false },
  { name: 'the empty value', value: '', empty: true },
  { name: 'spaces are a value', value: ' ', empty: false },
])('$name: reveal() gives it back exactly; isEmpty $empty', ({ value, empty }) => {
  const s = new Secret(value);
  expect(s.reveal()).toBe(value);
  expect(s.isEmpty).toBe(empty);
});

it('the value is not an enumerable property', () => {
  expect(Object.keys(new Secret(VALUE))).toEqual([]);
  expect(Object.values(new Secret(VALUE))).toEqual([]);
});
