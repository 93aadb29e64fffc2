/** The config file, read as one JSON object; an error names the place, never the file's text (it may hold a secret). */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import { isPlain } from './layers.js';

export async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`config file ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (!isPlain(v)) throw new ConfigError(`config file ${file} must hold one JSON object`);
    return v;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const where = whereInText(text, e as Error);
    throw new ConfigError(
      `config file ${file} is not valid JSON${where} (its text is not repeated here: it may hold a secret)`,
    );
  }
}

/** V8 quotes the text around the mistake in its message: say only where it is (line and column), if it says. */
function whereInText(text: string, e: Error): string {
  const at = /position (\d+)/.exec(e.message);
  if (!at) return '';
  const pos = Number(at[1]);
  return ` at line ${text.slice(0, pos).split('\n').length}, column ${pos - text.lastIndexOf('\n', pos - 1)}`;
}
