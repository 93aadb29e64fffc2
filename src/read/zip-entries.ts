/**
 * Read a zip's central directory without inflating anything: the list of parts with their
 * declared sizes. That is enough to tell an xlsx from an ods or xlsb, to refuse a zip bomb
 * before it inflates, and to see per-entry encryption. (Declared sizes can lie: the reader
 * worker's heap limit is the second line of defence.)
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { ReadError } from './read-error.js';

export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
  localOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;

function corrupt(why: string): ReadError {
  return new ReadError(
    'FILE.CORRUPT',
    `the workbook's zip structure is damaged (${why}); ` +
      'the file may be truncated: ask for it again or re-save it from Excel',
  );
}

/** Where the central directory starts and how many entries it holds, from the end records. */
function centralDirectory(buf: Buffer): { count: number; offset: number } {
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt('no end of central directory');
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff || count === 0xffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== EOCD64_LOCATOR) throw corrupt('zip64 locator missing');
    const at = Number(buf.readBigUInt64LE(loc + 8));
    if (at + 56 > buf.length || buf.readUInt32LE(at) !== EOCD64) throw corrupt('zip64 directory missing');
    count = Number(buf.readBigUInt64LE(at + 32));
    offset = Number(buf.readBigUInt64LE(at + 48));
  }
  return { count, offset };
}

export function zipEntries(buf: Buffer, maxEntries = 20_000): ZipEntry[] {
  const { count, offset } = centralDirectory(buf);
  if (count > maxEntries)
    throw new ReadError('FILE.TOO_LARGE', `the workbook holds ${count} parts; at most ${maxEntries} are accepted`);
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw corrupt('bad central directory entry');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc32 = buf.readUInt32LE(p + 16);
    let localOffset = buf.readUInt32LE(p + 42);
    let compressedSize = buf.readUInt32LE(p + 20);
    let uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    // Some writers put Windows separators in zip names; the zip spec (4.4.17) and Excel read them as '/'.
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen).replace(/\\/g, '/');
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      const sizes = zip64Sizes(
        buf,
        p + 46 + nameLen,
        extraLen,
        uncompressedSize === 0xffffffff,
        compressedSize === 0xffffffff,
        localOffset === 0xffffffff,
      );
      uncompressedSize = sizes.uncompressed ?? uncompressedSize;
      compressedSize = sizes.compressed ?? compressedSize;
      localOffset = sizes.offset ?? localOffset;
    }
    entries.push({ name, method, crc32, compressedSize, uncompressedSize, encrypted: (flags & 1) === 1, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

interface Zip64Sizes {
  uncompressed?: number;
  compressed?: number;
  offset?: number;
}

function zip64Sizes(
  buf: Buffer,
  start: number,
  len: number,
  wantU: boolean,
  wantC: boolean,
  wantO: boolean,
): Zip64Sizes {
  for (let q = start; q + 4 <= start + len && q + 4 <= buf.length;) {
    const id = buf.readUInt16LE(q);
    const size = buf.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let r = q + 4;
      const out: Zip64Sizes = {};
      if (wantU && r + 8 <= buf.length) {
        out.uncompressed = Number(buf.readBigUInt64LE(r));
        r += 8;
      }
      if (wantC && r + 8 <= buf.length) {
        out.compressed = Number(buf.readBigUInt64LE(r));
        r += 8;
      }
      if (wantO && r + 8 <= buf.length) out.offset = Number(buf.readBigUInt64LE(r));
      return out;
    }
    q += 4 + size;
  }
  return {};
}

/**
 * Inflate one entry, refusing to produce more than maxBytes whatever the directory claims:
 * the output cap is enforced by zlib itself, so a lying bomb costs at most maxBytes.
 */
export function inflateEntry(buf: Buffer, entry: ZipEntry, maxBytes: number): Buffer {
  const at = entry.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw corrupt(`bad local header for ${entry.name}`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  let out: Buffer;
  if (entry.method === 0) {
    if (data.length > maxBytes) throw tooBig(entry, maxBytes);
    out = data;
  } else if (entry.method === 8) {
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
        throw tooBig(entry, maxBytes);
      throw corrupt(`${entry.name} cannot be inflated`);
    }
  } else {
    throw new ReadError(
      'FILE.UNSUPPORTED_FORMAT',
      `the part ${entry.name} uses zip compression method ${entry.method}; re-save the workbook from Excel`,
    );
  }
  // Deflate has no checksum of its own: damaged bytes can inflate to plausible garbage. The zip's CRC catches it.
  if (crc32(out) !== entry.crc32) throw corrupt(`${entry.name} fails its checksum`);
  return out;
}

function tooBig(entry: ZipEntry, maxBytes: number): ReadError {
  return new ReadError(
    'FILE.TOO_LARGE',
    `the part ${entry.name} unpacks to more than ${Math.round(maxBytes / 1024 / 1024)} MB; a worksheet is far smaller`,
  );
}
