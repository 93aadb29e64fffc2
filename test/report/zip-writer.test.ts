import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inflateEntry, zipEntries } from '../../src/read/zip-entries.js';
import { ZipWriter } from '../../src/report/zip-writer.js';
import { tempDir } from '../support/intake.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sc-zipw-'));
});
afterEach(() => cleanup());

describe('ZipWriter', () => {
  it('writes entries that our reader and JSZip both read back, names in UTF-8, file owner-only', async () => {
    const path = join(dir, 'out.zip');
    const zip = new ZipWriter(path);
    await zip.file('a.xml', '<a/>');
    const e = await zip.entry('dir/ü.xml');
    for (let i = 0; i < 1000; i++) await e.write(`<row r="${i}"/>`);
    await e.close();
    await zip.file('empty.txt', '');
    await zip.close();
    const buf = readFileSync(path);
    const entries = zipEntries(buf);
    expect(entries.map((x) => x.name)).toEqual(['a.xml', 'dir/ü.xml', 'empty.txt']);
    expect(inflateEntry(buf, entries[0]!, 1024).toString()).toBe('<a/>');
    const big = inflateEntry(buf, entries[1]!, 1 << 20).toString();
    expect(big.startsWith('<row r="0"/>') && big.endsWith('<row r="999"/>')).toBe(true);
    expect(entries[1]!.compressedSize).toBeLessThan(entries[1]!.uncompressedSize);
    const js = await JSZip.loadAsync(buf);
    expect(await js.file('dir/ü.xml')!.async('string')).toBe(big);
    expect(await js.file('empty.txt')!.async('string')).toBe('');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a second entry while one is open, and closing with one open', async () => {
    const zip = new ZipWriter(join(dir, 'o.zip'));
    await zip.entry('a');
    await expect(zip.entry('b')).rejects.toThrow('zip entry a is still open');
    await expect(zip.close()).rejects.toThrow('zip entry a is still open');
    zip.destroy();
  });

  it('never writes over an existing file', async () => {
    const path = join(dir, 'taken.zip');
    writeFileSync(path, 'keep');
    const zip = new ZipWriter(path);
    await expect(
      (async () => {
        await zip.file('a', 'x');
        await zip.close();
      })(),
    ).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('keep');
  });

  it('keeps the modification time given (DOS time, 2-second steps)', async () => {
    const path = join(dir, 't.zip');
    const zip = new ZipWriter(path, 6, new Date(2026, 11, 1, 2, 15, 31));
    await zip.file('a', 'x');
    await zip.close();
    const buf = readFileSync(path);
    const central = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(buf.readUInt16LE(central + 12)).toBe((2 << 11) | (15 << 5) | 15);
    expect(buf.readUInt16LE(central + 14)).toBe(((2026 - 1980) << 9) | (12 << 5) | 1);
    expect(buf.readUInt16LE(central + 8)).toBe(0x0808); // sizes in a data descriptor, UTF-8 names
    expect(existsSync(path)).toBe(true);
  });
});
