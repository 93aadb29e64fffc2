import { describe, expect, it } from 'vitest';
import type { GridSheet, NormCell } from '../../src/core/grid.js';
import { readsAsLabel } from '../../src/core/label-quote.js';
import { extractBillers } from '../../src/core/layout.js';
import { fieldMap } from '../support/raw.js';

describe('a text is quoted in a warning only when it reads as a label', () => {
  it.each([
    ['RTDR Usrname', true],
    ['Biller Tax ID:', true],
    ['Customer Number *', true],
    ['Payments Pass-word', true],
    ['Notes', false],
    ['Kx7qWv9z', false],
    ['payPW-7-secret', false],
    ['hunter2', false],
    ['Sunshine', false],
    ['correct horse battery staple', false],
    ['12345', false],
    ['https://pay.example.com', false],
    ['Biller 2', false],
    ['a'.repeat(61), false],
    ['Biller Name of a very long label with many words in it', false],
  ])('%s → %s', (text, yes) => expect(readsAsLabel(text, fieldMap)).toBe(yes));
});

/** A sheet from rows of texts starting at A1. */
function grid(rows: string[][]): GridSheet {
  return {
    name: 'Billers',
    state: 'visible',
    merges: [],
    rows: rows.map((r, i) => ({
      row: i + 1,
      cells: r.map((text, c) => [c + 1, { kind: 'text', text }] as [number, NormCell]).filter(([, cell]) => cell.text),
    })),
  };
}

describe('a misread sheet never quotes its values', () => {
  const header = ['Biller Name', 'IC Biller ID', 'Payments Private Key', 'Payments Password', 'FTP Username', 'Notes'];
  const secrets = ['Kx7qWv9zKEY', 'Pw!secret-77', 'rtdrKEYalpha', 'zz-Secret-Two'];
  // The header given twice: neither row holds 60 % of the labels, so the sheet reads as a form.
  const sheet = grid([
    header,
    ['Town A', 'G-A', secrets[0] ?? '', secrets[1] ?? '', 'towna', 'call'],
    header,
    ['Town B', 'G-B', secrets[2] ?? '', secrets[3] ?? '', 'townb', 'x'],
  ]);

  it('unknown-label warnings describe, never quote, what could be a value', () => {
    const { issues } = extractBillers('t.xlsx', [sheet], fieldMap);
    const unknown = issues.filter((i) => i.code === 'WORKSHEET.UNKNOWN_LABEL');
    expect(unknown.length).toBeGreaterThan(0);
    const shown = JSON.stringify(issues);
    for (const s of [...secrets, 'Town A', 'towna', 'G-A']) expect(shown).not.toContain(s);
    expect(
      unknown.every((i) =>
        /a text of \d+ characters \(not shown: it may be a value\)|the label "Notes"/.test(i.message),
      ),
    ).toBe(true);
  });
});
