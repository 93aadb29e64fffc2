/**
 * A streaming zip writer: each entry is deflated as it is written and goes straight to the file,
 * with its sizes and CRC in a data descriptor after the data (general purpose flag bit 3), so
 * nothing of an entry is held in memory but the chunk being compressed. This is what lets a
 * results workbook of hundreds of thousands of rows be written in flat memory (exceljs's
 * "streaming" writer builds the whole zip in memory with JSZip).
 *
 * Deliberately small: no zip64 (a results workbook is far under 4 GiB; past that it throws a clear
 * error rather than writing a broken file), no encryption, names in UTF-8 (flag bit 11).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { constants, crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const FLAGS = 0x0808; // bit 3: sizes in a data descriptor; bit 11: UTF-8 names
const DEFLATE = 8;
const VERSION = 20;
const MAX_32 = 0xffffffff;

interface Written {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** DOS date and time, as zip keeps them (local time, 2-second resolution). */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

export class ZipWriter {
  private readonly out: WriteStream;
  private readonly entries: Written[] = [];
  private readonly stamp: { time: number; date: number };
  private offset = 0;
  private open: ZipEntryWriter | undefined;
  private failure: Error | undefined;

  constructor(
    path: string,
    private readonly level = 6,
    modified = new Date(),
  ) {
    this.out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    this.out.on('error', (e) => {
      this.failure ??= e;
    });
    this.stamp = dosDateTime(modified);
  }

  /** Starts an entry; write to it, then `await entry.close()` before the next one. */
  async entry(name: string): Promise<ZipEntryWriter> {
    if (this.open) throw new Error(`zip entry ${this.open.name} is still open`);
    const nameBytes = Buffer.from(name, 'utf8');
    const offset = this.offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    this.entryFields(header, 4);
    // crc and sizes (14..25) stay 0: they follow the data in the descriptor.
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    await this.raw(Buffer.concat([header, nameBytes]));
    this.open = new ZipEntryWriter(
      name,
      createDeflateRaw({ level: this.level, memLevel: 9, strategy: constants.Z_DEFAULT_STRATEGY }),
      this,
      async (crc, size, compressed) => {
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
        descriptor.writeUInt32LE(crc, 4);
        descriptor.writeUInt32LE(compressed, 8);
        descriptor.writeUInt32LE(size, 12);
        await this.raw(descriptor);
        this.entries.push({ name: nameBytes, crc, compressed, size, offset });
        this.open = undefined;
      },
    );
    return this.open;
  }

  /** A whole small entry at once. */
  async file(name: string, text: string): Promise<void> {
    const e = await this.entry(name);
    await e.write(text);
    await e.close();
  }

  /** Writes the central directory and closes the file. */
  async close(): Promise<void> {
    if (this.open) throw new Error(`zip entry ${this.open.name} is still open`);
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(CENTRAL_HEADER, 0);
      h.writeUInt16LE(VERSION, 4); // made by: MS-DOS attributes, spec 2.0
      this.entryFields(h, 6);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      // extra, comment, disk, internal and external attributes stay 0
      h.writeUInt32LE(e.offset, 42);
      await this.raw(Buffer.concat([h, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.raw(end);
    this.out.end();
    await once(this.out, 'finish');
    this.throwIfFailed();
  }

  /** The file's error, once the stream reported one (its 'error' event may come during any await). */
  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** The fields local and central headers share, in the same order: version needed, flags, method, time, date. */
  private entryFields(h: Buffer, at: number): void {
    h.writeUInt16LE(VERSION, at);
    h.writeUInt16LE(FLAGS, at + 2);
    h.writeUInt16LE(DEFLATE, at + 4);
    h.writeUInt16LE(this.stamp.time, at + 6);
    h.writeUInt16LE(this.stamp.date, at + 8);
  }

  /** Closes the file without finishing it (the caller removes it). */
  destroy(): void {
    this.open?.destroy();
    this.out.destroy();
  }

  /** Bytes to the file, waiting when the file's buffer is full. */
  async raw(bytes: Buffer): Promise<void> {
    this.throwIfFailed();
    this.offset += bytes.length;
    if (this.offset > MAX_32 || this.entries.length >= 0xffff)
      throw new Error('the results workbook would pass the 4 GiB or 65,535-entry limit of a zip without zip64');
    if (!this.out.write(bytes)) await once(this.out, 'drain'); // rejects if the file fails meanwhile
    this.throwIfFailed();
  }
}

/** One entry being written: text in, deflated bytes out to the zip file as they come. */
export class ZipEntryWriter {
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly deflate: DeflateRaw,
    zip: ZipWriter,
    private readonly done: (crc: number, size: number, compressed: number) => Promise<void>,
  ) {
    // Compressed chunks go to the file in order; each waits for the one before it.
    deflate.on('data', (chunk: Buffer) => {
      this.compressed += chunk.length;
      deflate.pause();
      this.pending = this.pending.then(() => zip.raw(chunk)).finally(() => deflate.resume());
      this.pending.catch(() => {}); // handled where it is awaited (write, close); never "unhandled" meanwhile
    });
  }

  /** Writes text (UTF-8); resolves once the compressor can take more. */
  async write(text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    if (this.size > MAX_32) throw new Error(`zip entry ${this.name} would pass 4 GiB`);
    if (!this.deflate.write(bytes)) await once(this.deflate, 'drain');
    await this.pending;
  }

  async close(): Promise<void> {
    this.deflate.end();
    await once(this.deflate, 'end');
    await this.pending;
    await this.done(this.crc >>> 0, this.size, this.compressed);
  }

  destroy(): void {
    this.deflate.destroy();
  }
}
