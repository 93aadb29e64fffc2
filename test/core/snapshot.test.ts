import { describe, expect, it } from 'vitest';
import { PDF_SETTING } from '../../src/core/checklist.js';
import { Secret } from '../../src/core/secret.js';
import { dict, sameSetting, settingText, type AnySetting } from '../../src/core/snapshot.js';

type V = AnySetting | null | undefined;
const { path, backup, moveAction, active } = PDF_SETTING;
const reordered = { active, moveAction, backup, path };

describe('sameSetting: the one equality of setting values', () => {
  it.each<{ name: string; a: V; b: V; same: boolean }>([
    { name: 'equal text', a: 'https://x.example.com', b: 'https://x.example.com', same: true },
    { name: 'text differing in case', a: 'User', b: 'user', same: false },
    { name: 'text differing by a trailing space', a: 'user', b: 'user ', same: false },
    { name: 'a secret and its text', a: new Secret('k|p'), b: 'k|p', same: true },
    { name: 'two secrets of one value', a: new Secret('k|p'), b: new Secret('k|p'), same: true },
    { name: 'two secrets of other values', a: new Secret('k|p'), b: new Secret('k|q'), same: false },
    { name: 'absent and null', a: undefined, b: null, same: true },
    { name: 'absent and empty', a: undefined, b: '', same: false },
    { name: 'null and an empty secret', a: null, b: new Secret(''), same: false },
    { name: 'a pickup setting and its copy', a: PDF_SETTING, b: { ...PDF_SETTING }, same: true },
    { name: 'a pickup setting in another key order', a: PDF_SETTING, b: reordered, same: true },
    {
      name: 'a pickup setting with one field changed',
      a: PDF_SETTING,
      b: { ...PDF_SETTING, backup: false },
      same: false,
    },
    { name: 'a pickup setting and none', a: PDF_SETTING, b: null, same: false },
  ])('$name', ({ a, b, same }) => {
    expect(sameSetting(a, b)).toBe(same);
    expect(sameSetting(b, a)).toBe(same);
  });

  it('never shows a secret by the way it compares: only settingText reveals, for comparison', () => {
    expect(settingText(new Secret('k|p'))).toBe('k|p');
    expect(String(new Secret('k|p'))).toBe('[secret]');
  });
});

describe('dict', () => {
  it('keeps a CRM name such as __proto__ an ordinary key', () => {
    const d = dict({ ['__proto__']: 1, constructor: 2 });
    expect(Object.getPrototypeOf(d)).toBeNull();
    expect(d.constructor).toBe(2);
  });

  it('keeps toString, hasOwnProperty and valueOf ordinary keys too', () => {
    const d = dict({ ['__proto__']: 1, constructor: 2, toString: 3, hasOwnProperty: 4, valueOf: 5 });
    expect(Object.getPrototypeOf(d)).toBeNull();
    expect(Object.entries(d)).toEqual([
      ['__proto__', 1],
      ['constructor', 2],
      ['toString', 3],
      ['hasOwnProperty', 4],
      ['valueOf', 5],
    ]);
  });
});
