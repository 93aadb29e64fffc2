import { describe, expect, it } from 'vitest';
import { ReadError } from '../../src/read/read-error.js';
import { inflateEntry, zipEntries, type ZipEntry } from '../../src/read/zip-entries.js';
import { lieAboutSizes, zipWith } from '../support/hostile.js';

function refusal(fn: () => unknown): ReadError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ReadError);
    return e as ReadError;
  }
  throw new Error('not refused');
}

describe('zipEntries', () => {
  it('lists every part with its sizes and where its data is, inflating nothing', async () => {
    const buf = await zipWith({ 'a.xml': 'x'.repeat(1000), 'dir/b.xml': 'hello' });
    const entries = zipEntries(buf);
    expect(entries.map((e) => [e.name, e.method, e.uncompressedSize, e.encrypted])).toEqual([
      ['a.xml', 8, 1000, false],
      ['dir/', 0, 0, false],
      ['dir/b.xml', 8, 5, false],
    ]);
    expect(entries[0]!.compressedSize).toBeLessThan(1000);
    expect(buf.readUInt32LE(entries[2]!.localOffset)).toBe(0x04034b50);
  });

  it('reads Windows separators in names as /', async () => {
    const buf = await zipWith({ 'xl\\workbook.xml': '<w/>' });
    expect(zipEntries(buf).map((e) => e.name)).toEqual(['xl/workbook.xml']);
  });

  it('sees the encryption flag of a part', async () => {
    const buf = Buffer.from(await zipWith({ 'a.xml': 'x' }));
    const central = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    buf.writeUInt16LE(buf.readUInt16LE(central + 8) | 1, central + 8);
    expect(zipEntries(buf)[0]!.encrypted).toBe(true);
  });

  it.each([
    { name: 'a truncated file', cut: (b: Buffer) => b.subarray(0, b.length - 30), says: /no end of central directory/ },
    { name: 'not a zip', cut: () => Buffer.alloc(100), says: /no end of central directory/ },
    {
      name: 'a directory that points nowhere',
      cut: (b: Buffer) => {
        const out = Buffer.from(b);
        out.writeUInt32LE(out.length - 10, out.length - 22 + 16);
        return out;
      },
      says: /bad central directory entry/,
    },
  ])('refuses $name as corrupt', async ({ cut, says }) => {
    const zip = await zipWith({ 'a.xml': 'abc' });
    const err = refusal(() => zipEntries(cut(zip)));
    expect(err.code).toBe('FILE.CORRUPT');
    expect(err.message).toMatch(says);
    expect(err.message).toMatch(/ask for it again or re-save it from Excel$/);
  });

  it('refuses more parts than maxEntries', async () => {
    const buf = await zipWith({ a: '1', b: '2', c: '3' });
    const err = refusal(() => zipEntries(buf, 2));
    expect([err.code, err.message]).toEqual(['FILE.TOO_LARGE', 'the workbook holds 3 parts; at most 2 are accepted']);
  });
});

describe('inflateEntry', () => {
  const one = async (text: string) => {
    const buf = await zipWith({ 'a.xml': text });
    return { buf, entry: zipEntries(buf)[0]! };
  };

  it('gives the part back', async () => {
    const { buf, entry } = await one('<sheet>hello</sheet>');
    expect(inflateEntry(buf, entry, 1024).toString()).toBe('<sheet>hello</sheet>');
  });

  it('stops at maxBytes even when the directory lies about the size', async () => {
    const big = await zipWith({ 'a.xml': 'x'.repeat(100_000) });
    const lying = lieAboutSizes(big);
    const entry = zipEntries(lying)[0]!;
    expect(entry.uncompressedSize).toBe(1000);
    const err = refusal(() => inflateEntry(lying, entry, 10_000));
    expect(err.code).toBe('FILE.TOO_LARGE');
    expect(err.message).toMatch(/^the part a\.xml unpacks to more than 0 MB/);
  });

  it('a stored (method 0) part larger than maxBytes is refused too', () => {
    const data = Buffer.from('stored data');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    const buf = Buffer.concat([local, data]);
    const entry: ZipEntry = {
      name: 's',
      method: 0,
      crc32: 0,
      compressedSize: data.length,
      uncompressedSize: 1,
      encrypted: false,
      localOffset: 0,
    };
    expect(refusal(() => inflateEntry(buf, entry, 5)).code).toBe('FILE.TOO_LARGE');
  });

  it('damaged bytes that inflate to something fail the checksum', async () => {
    const { buf, entry } = await one('hello hello hello');
    const crcWrong = { ...entry, crc32: (entry.crc32 + 1) >>> 0 };
    const err = refusal(() => inflateEntry(buf, crcWrong, 1024));
    expect(err.code).toBe('FILE.CORRUPT');
    expect(err.message).toContain('a.xml fails its checksum');
  });

  it.each([
    {
      name: 'a bad local header',
      patch: (e: ZipEntry) => ({ ...e, localOffset: e.localOffset + 1 }),
      code: 'FILE.CORRUPT',
      says: /bad local header for a\.xml/,
    },
    {
      name: 'another compression method',
      patch: (e: ZipEntry) => ({ ...e, method: 14 }),
      code: 'FILE.UNSUPPORTED_FORMAT',
      says: /compression method 14/,
    },
  ])('refuses $name', async ({ patch, code, says }) => {
    const { buf, entry } = await one('abc');
    const err = refusal(() => inflateEntry(buf, patch(entry), 1024));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(says);
  });

  it('bytes that are not deflate are corrupt, not a crash', async () => {
    const { buf, entry } = await one('abc');
    const bad = Buffer.from(buf);
    const start =
      entry.localOffset + 30 + bad.readUInt16LE(entry.localOffset + 26) + bad.readUInt16LE(entry.localOffset + 28);
    bad.fill(0xff, start, start + entry.compressedSize);
    expect(refusal(() => inflateEntry(bad, entry, 1024)).message).toMatch(/a\.xml cannot be inflated/);
  });
});
