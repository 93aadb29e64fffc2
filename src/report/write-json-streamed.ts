/**
 * The results json, written element by element: a night of 100,000 changes never becomes one
 * 100 MB string in memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Top-level arrays and iterables are streamed; everything else is small. The file must not exist. */
export async function writeJsonStreamed(path: string, value: object): Promise<void> {
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  try {
    await writeAll(out, value);
  } catch (e) {
    // Closed before the error goes up, so the caller's clean-up never races a file still being opened.
    out.destroy();
    await once(out, 'close').catch(() => undefined);
    throw e;
  }
  out.end();
  await once(out, 'finish');
}

async function writeAll(out: WriteStream, value: object): Promise<void> {
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const entries = Object.entries(value);
  await write('{\n');
  for (const [i, [key, v]] of entries.entries()) {
    await write(`  ${JSON.stringify(key)}: `);
    if (Array.isArray(v) || (v && typeof v === 'object' && Symbol.iterator in v)) {
      await write('[');
      let j = 0;
      for (const item of v as Iterable<unknown>) await write(`${j++ ? ',' : ''}\n    ${JSON.stringify(item)}`);
      await write(j ? '\n  ]' : ']');
    } else {
      await write(JSON.stringify(v, null, 2).replace(/\n/g, '\n  '));
    }
    await write(i < entries.length - 1 ? ',\n' : '\n');
  }
  await write('}\n');
}
