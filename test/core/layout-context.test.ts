import { describe, expect, it } from 'vitest';
import { duplicate, origin, unknownLabel } from '../../src/core/layout-context.js';
import { hit, sheetContext } from '../support/grid.js';

describe('origin', () => {
  it.each([
    { row: 1, col: 1, cell: 'A1' },
    { row: 7, col: 3, cell: 'C7' },
    { row: 12, col: 28, cell: 'AB12' },
  ])('row $row, column $col is $cell of the sheet read', ({ row, col, cell }) => {
    expect(origin(sheetContext({}), row, col)).toEqual({ file: 'f.xlsx', sheet: 'Biller', cell });
  });
});

describe('duplicate', () => {
  it('is an error at the second label, naming the field and both cells', () => {
    const ctx = sheetContext({});
    const issue = duplicate(ctx, hit('rtdrUrl', 'A9').spec, 'A5', 'A9');
    expect(issue).toEqual({
      code: 'WORKSHEET.DUPLICATE_FIELD',
      severity: 'error',
      file: 'f.xlsx',
      sheet: 'Biller',
      cell: 'A9',
      field: 'RTDR URL',
      message: expect.stringMatching(/labels at A5 and A9.*keep one of them/),
    });
    // It is returned for the reader to decide; nothing is reported behind its back.
    expect(ctx.issues).toEqual([]);
  });
});

describe('unknownLabel', () => {
  it.each([
    { text: 'RTDR Usrname', shown: /the label "RTDR Usrname"/, guess: /did you mean "RTDR Username"\?/ },
    // Quoted, but another word is no typo: no suggestion.
    { text: 'Payments Notes', shown: /the label "Payments Notes"/, guess: /^(?!.*did you mean)/ },
    // Reads as no label (digits, symbols): perhaps a secret of a misread sheet, so only its length is said.
    { text: 'Xk9#pw-2027!', shown: /a text of 12 characters \(not shown/, guess: /^(?!.*did you mean)/ },
    { text: 'Passwörd 42', shown: /a text of 11 characters/, guess: /^(?!.*did you mean)/ },
  ])('$text: a warning at its cell', ({ text, shown, guess }) => {
    const ctx = sheetContext({});
    unknownLabel(ctx, text, 'D4');
    expect(ctx.issues).toEqual([
      {
        code: 'WORKSHEET.UNKNOWN_LABEL',
        severity: 'warning',
        file: 'f.xlsx',
        sheet: 'Biller',
        cell: 'D4',
        message: expect.stringMatching(shown),
      },
    ]);
    expect(ctx.issues[0]?.message).toMatch(guess);
    expect(ctx.issues[0]?.message).toContain('its value was not read');
    if (!/the label/.test(ctx.issues[0]?.message ?? '')) expect(ctx.issues[0]?.message).not.toContain(text);
  });
});
