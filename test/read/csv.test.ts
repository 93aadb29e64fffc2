import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText, sniffDelimiter } from '../../src/read/decode-text.js';
import { makeReader, type Reader } from '../support/intake.js';
import { csvText, sampleBiller } from '../support/workbooks.js';

let reader: Reader;
beforeAll(async () => {
  reader = await makeReader({}, 1);
});
afterAll(async () => {
  await reader.close();
});

const billers = [
  sampleBiller(1),
  sampleBiller(2, {
    billerName: 'Ville de Québec, "Centre"',
    paymentDataPumpSelections: 'Terminal: Main Office\nPayPal',
  }),
];

// Each read goes through a reader worker, which boots tsx (a second or more); decodeText below is pure.
describe('csv files in table layout', { tags: ['slow'] }, () => {
  it.each([
    { name: 'comma, CRLF', text: csvText(billers, ',') },
    { name: 'semicolon', text: csvText(billers, ';') },
    { name: 'tab, LF', text: csvText(billers, '\t', '\n') },
    { name: 'UTF-8 with BOM', text: `\uFEFF${csvText(billers, ',')}` },
  ])('$name', async ({ text }) => {
    const report = await reader.read('billers.csv', Buffer.from(text, 'utf8'));
    expect(report.issues).toEqual([]);
    expect(report.billers.map((b) => [b.sheet, b.row, b.billerName, b.valid])).toEqual([
      ['billers', 2, 'Town of Sample 1', true],
      ['billers', 3, 'Ville de Québec, "Centre"', true],
    ]);
    expect(report.billers[1]?.record?.paymentDataPumpSelections).toEqual(['Terminal: Main Office', 'PayPal']);
  });

  it('UTF-16LE with BOM (Excel "Unicode Text")', async () => {
    const text = csvText(billers, '\t');
    const report = await reader.read(
      'billers.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    expect(report.billers.map((b) => b.billerName)).toEqual(['Town of Sample 1', 'Ville de Québec, "Centre"']);
  });

  it('Windows-1252 (Excel "CSV" on Western Windows), with a warning', async () => {
    const text = csvText([sampleBiller(3, { billerName: 'Café “Municipal” – €' })], ',');
    const bytes = Buffer.from(
      text.replace('“', '\x93').replace('”', '\x94').replace('–', '\x96').replace('€', '\x80'),
      'latin1',
    );
    const report = await reader.read('cp1252.csv', bytes);
    expect(report.billers[0]?.billerName).toBe('Café “Municipal” – €');
    expect(report.issues.map((i) => i.code)).toEqual(['FILE.ENCODING_GUESSED']);
  });

  it('names the cell of a bad value the way Excel shows the csv', async () => {
    const report = await reader.read(
      'bad.csv',
      Buffer.from(csvText([sampleBiller(4), sampleBiller(5, { paymentsUrl: 'http://x.example.com' })])),
    );
    expect(report.issues).toMatchObject([
      { code: 'WORKSHEET.URL_NOT_HTTPS', sheet: 'bad', cell: 'H3', field: 'Payments URL' },
    ]);
  });

  it('an unclosed quote is a corrupt file with its line', async () => {
    const report = await reader.read('quote.csv', Buffer.from('Biller Name,IC Biller ID\n"Town,x\n'));
    expect(report).toMatchObject({ status: 'rejected', issues: [{ code: 'FILE.CORRUPT' }] });
  });
});

describe('decodeText and sniffDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3', ','],
    ['a;b;c\n1;2;3', ';'],
    ['a\tb\tc\n1\t2\t3', '\t'],
    ['"x;y",b,c\n"1;2",2,3', ','],
    ['Name;Amount\nA;1,5\nB;2,5', ';'],
    ['only one column\nvalue', ','],
  ])('%j → %j', (text, d) => expect(sniffDelimiter(text)).toBe(d));

  it('reads UTF-16BE with BOM', () => {
    const le = Buffer.from('é,b', 'utf16le');
    le.swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), le]))).toEqual({ text: 'é,b', encoding: 'utf-16be' });
  });
});
