import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { readFieldMap } from '../src/field-map-file.js';
import { editedMap } from './support/field-maps.js';

async function fileWith(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'field-map-')), 'worksheet-map.json');
  await writeFile(path, text);
  return path;
}

describe('readFieldMap', () => {
  it('reads the committed map, with its feeds', async () => {
    expect((await readFieldMap()).feeds).toHaveLength(6);
  });

  it.each([
    {
      name: 'a setting fed twice',
      text: JSON.stringify(editedMap({ billerContact: { setting: 12 } })),
      error: /worksheet-map\.json is not valid:\n.*setting 12 is fed by "paymentsUsername" and "billerContact"/s,
    },
    {
      name: 'a secret pair missing a part',
      text: JSON.stringify(editedMap({ paymentsPassword: { setting: undefined, part: undefined } })),
      error: /worksheet-map\.json is not valid:\n.*setting 13 needs one "password" part, has none/s,
    },
    { name: 'not JSON', text: '{ "version": 1,', error: /field map .*worksheet-map\.json: .*JSON/ },
  ])('refuses $name, naming the file and the field', async ({ text, error }) => {
    const path = await fileWith(text);
    const refused = await readFieldMap(path).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toMatch(error);
    expect((refused as Error).message).toContain(path);
  });
});
