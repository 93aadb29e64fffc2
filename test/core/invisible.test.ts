import { describe, expect, it } from 'vitest';
import { describeInvisible, invisibleCharacters } from '../../src/core/invisible.js';

const ch = (cp: number) => String.fromCodePoint(cp);

describe('the default rule: what a person cannot see', () => {
  it.each([
    { name: 'a letter', cp: 0x41, want: false },
    { name: 'the ordinary space', cp: 0x20, want: false },
    { name: 'an accented letter', cp: 0xe9, want: false },
    { name: 'a line feed (the line-break rule has it)', cp: 0x0a, want: false },
    { name: 'a carriage return (idem)', cp: 0x0d, want: false },
    { name: 'a tab', cp: 0x09, want: true },
    { name: 'NUL', cp: 0x00, want: true },
    { name: 'DEL', cp: 0x7f, want: true },
    { name: 'a C1 control', cp: 0x85, want: true },
    { name: 'no-break space', cp: 0xa0, want: true },
    { name: 'soft hyphen (Cf)', cp: 0xad, want: true },
    { name: 'zero width space', cp: 0x200b, want: true },
    { name: 'right-to-left override', cp: 0x202e, want: true },
    { name: 'an en space', cp: 0x2002, want: true },
    { name: 'ideographic space', cp: 0x3000, want: true },
    { name: 'Hangul filler', cp: 0x3164, want: true },
    { name: 'Braille blank', cp: 0x2800, want: true },
    { name: 'a variation selector', cp: 0xfe0f, want: true },
    { name: 'a supplementary variation selector', cp: 0xe0100, want: true },
    { name: 'the BOM', cp: 0xfeff, want: true },
    { name: 'an emoji', cp: 0x1f600, want: false },
  ])('$name → $want', ({ cp, want }) => {
    expect(invisibleCharacters(ch(cp)).length > 0).toBe(want);
  });
});

describe('invisibleCharacters: code point, name and position as a person counts', () => {
  it.each([
    { name: 'plain ASCII', s: 'hunter2-Secret', want: [] },
    { name: 'visible non-ASCII', s: 'café 😀', want: [] },
    {
      name: 'a soft hyphen',
      s: 'pass\u00adword',
      want: [{ codePoint: 'U+00AD', name: 'SOFT HYPHEN', position: 5 }],
    },
    {
      name: 'positions count an emoji as one character',
      s: '😀\u200b',
      want: [{ codePoint: 'U+200B', name: 'ZERO WIDTH SPACE', position: 2 }],
    },
    {
      name: 'names by range when not listed',
      s: `a\u2003b\ufe0e${ch(0x01)}\u2061`,
      want: [
        { codePoint: 'U+2003', name: 'a typographic space', position: 2 },
        { codePoint: 'U+FE0E', name: 'VARIATION SELECTOR', position: 4 },
        { codePoint: 'U+0001', name: 'a control character', position: 5 },
        { codePoint: 'U+2061', name: 'a format character', position: 6 },
      ],
    },
    {
      name: 'a supplementary code point padded to its length',
      s: `x${ch(0xe0101)}`,
      want: [{ codePoint: 'U+E0101', name: 'VARIATION SELECTOR', position: 2 }],
    },
  ])('$name', ({ s, want }) => {
    expect(invisibleCharacters(s)).toEqual(want);
  });

  it('takes the rule to apply', () => {
    expect(invisibleCharacters('a\u00e9', (c) => c === '\u00e9')).toEqual([
      { codePoint: 'U+00E9', name: 'a format character', position: 2 },
    ]);
  });
});

describe('describeInvisible: never a character of the value', () => {
  it.each([
    { name: 'one', s: 'ab\u00adcd', want: 'U+00AD (SOFT HYPHEN) at character 3, of 5' },
    {
      name: 'more than three: the first three and a count',
      s: '\u200b\u200b\u200b\u200b\u200bx',
      want:
        'U+200B (ZERO WIDTH SPACE) at character 1, U+200B (ZERO WIDTH SPACE) at character 2, ' +
        'U+200B (ZERO WIDTH SPACE) at character 3 and 2 more, of 6',
    },
  ])('$name', ({ s, want }) => {
    const text = describeInvisible(s, invisibleCharacters(s));
    expect(text).toBe(want);
    expect(text).not.toMatch(/[a-z]{2}\u00ad|cd/);
  });
});
