import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/read/decode-text.js';
import { excelText, readCsv } from '../../src/read/read-csv.js';
import { DEFAULT_LIMITS } from '../../src/read/limits.js';
import { ReadError } from '../../src/read/read-error.js';

// Only characters every one of the four code pages has.
const TEXT = 'Biller Name,Ville de Québec - Café Crème\nRTDR Username,josé.müller\nNote,« déjà vu » naïve façade £5\n';

describe('csv as Excel writes it', () => {
  it.each([
    ['="00123"', '00123'],
    ['="a""b"', 'a"b'],
    ['=""', ''],
    ['="x', '="x'],
    ['=A1', '=A1'],
    ['00123', '00123'],
    ['x="1"', 'x="1"'],
  ])('%s reads as %j', (field, text) => {
    expect(excelText(field)).toBe(text);
  });

  it('="00123" in a quoted and an unquoted field is the text 00123', () => {
    const { sheet } = readCsv(
      Buffer.from('RTDR Username,="00123"\nPayments Username,"=""00456"""\n'),
      'b',
      DEFAULT_LIMITS,
    );
    expect(sheet.rows.map((r) => r.cells[1]?.[1].text)).toEqual(['00123', '00456']);
  });

  it.each([['windows-1252'], ['cp850'], ['cp437'], ['macintosh']] as const)(
    "Excel's %s csv is read in its own code page",
    (encoding) => {
      const decoded = decodeText(iconv.encode(TEXT, encoding));
      expect(decoded.text).toBe(TEXT);
      // cp850 and cp437 agree on every letter here: either name is the same text.
      expect(encoding === 'cp850' || encoding === 'cp437' ? ['cp850', 'cp437'] : [encoding]).toContain(
        decoded.encoding,
      );
    },
  );

  it.each([
    [
      'only capitals, which Windows-1252 and Mac Roman both read as text',
      iconv.encode('Biller Name,JOSÉ\n', 'windows-1252'),
      /cannot be told for sure.*Windows-1252.*Mac Roman/,
    ],
    [
      'a Cyrillic code page',
      iconv.encode('Название,Город Москва и область, очень длинный текст на русском языке\n', 'windows-1251'),
      /not UTF-8 and reads as windows-1251 text/,
    ],
    ['bytes no code page reads as words', Buffer.from([0x41, 0x2c, 0xb0, 0xb1, 0xb2, 0xdb, 0x0a]), /not UTF-8/],
  ])('refused: %s', (_name, bytes, says) => {
    let err: unknown;
    try {
      decodeText(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReadError);
    expect((err as ReadError).code).toBe('FILE.ENCODING_UNKNOWN');
    expect((err as ReadError).message).toMatch(says);
    expect((err as ReadError).message).toMatch(/save it as "CSV UTF-8/);
  });
});
