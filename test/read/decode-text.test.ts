import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, sniffDelimiter } from '../../src/read/decode-text.js';
import { ReadError } from '../../src/read/read-error.js';

describe('decodeText', () => {
  it.each([
    { name: 'UTF-8 without BOM', bytes: Buffer.from('Café,1\n'), encoding: 'utf-8' },
    { name: 'UTF-8 with BOM (dropped)', bytes: Buffer.from('\uFEFFCafé,1\n'), encoding: 'utf-8' },
    { name: 'UTF-16LE with BOM', bytes: Buffer.from('\uFEFFCafé,1\n', 'utf16le'), encoding: 'utf-16le' },
    {
      name: 'UTF-16BE with BOM',
      bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('Café,1\n', 'utf-16be')]),
      encoding: 'utf-16be',
    },
    { name: 'plain ASCII', bytes: Buffer.from('Cafe,1\n'), encoding: 'utf-8', text: 'Cafe,1\n' },
  ])('$name', ({ bytes, encoding, text }) => {
    expect(decodeText(bytes)).toEqual({ text: text ?? 'Café,1\n', encoding });
  });

  it('Windows-1252 text with lower-case accents reads in its code page', () => {
    const text = 'Biller Name,Ville de Québec - Café Crème\nNote,déjà vu, naïve façade\n';
    expect(decodeText(iconv.encode(text, 'windows-1252'))).toEqual({ text, encoding: 'windows-1252' });
  });

  it('bytes no Western code page reads as words are refused, never guessed', () => {
    let err: unknown;
    try {
      decodeText(iconv.encode('Название,Город Москва и область, очень длинный текст на русском языке\n', 'koi8-r'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReadError);
    expect((err as ReadError).code).toBe('FILE.ENCODING_UNKNOWN');
    expect((err as ReadError).message).toMatch(
      new RegExp(
        String.raw`^the file is not UTF-8 and reads as \S+ text, which this tool does not guess at; ` +
          String.raw`.*save it as "CSV UTF-8 \(Comma delimited\)"$`,
      ),
    );
  });
});

describe('sniffDelimiter', () => {
  it.each([
    { name: 'commas', text: 'a,b,c\n1,2,3\n', want: ',' },
    { name: 'semicolons (European Excel)', text: 'a;b;c\n1,5;2;3\n', want: ';' },
    { name: 'tabs', text: 'a\tb\n1\t2\n', want: '\t' },
    { name: 'commas inside quotes do not count', text: 'a;"x, y, z"\n1;"p, q, r"\n', want: ';' },
    { name: 'a quoted newline does not end a line', text: 'a;"x,\ny,z"\nb;c\n', want: ';' },
    { name: 'a quoted newline in the first field', text: '"a\nb";c\n1;2\n', want: ';' },
    { name: 'the most consistent count wins', text: 'a,b;c\n1,2;3\n4,5,6;7\n', want: ';' },
    { name: 'one column: comma', text: 'a\nb\n', want: ',' },
    { name: 'CR line ends', text: 'a;b\r1;2\r', want: ';' },
    { name: 'non-ASCII text', text: 'Société;Québec\nÀ;É\n', want: ';' },
  ])('$name', ({ text, want }) => {
    expect(sniffDelimiter(text)).toBe(want);
  });
});
