/** The crash log: the whole story in a file of its own (0600), in output/logs or else the system's temporary folder. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCrashLog } from '../../src/commands/crash.js';
import { tempDir } from '../support/intake.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});
const AT = new Date('2026-11-26T08:15:07.123Z');

describe('writeCrashLog', () => {
  it('writes output/logs/crash-<time>-<pid>.log (0600): the command, node and pid, the stack, its causes', async () => {
    const t = await tempDir('sc-crash-');
    cleanup = t.cleanup;
    const e = new Error('outer', { cause: new TypeError('inner') });
    const path = writeCrashLog(t.dir, ['run', '--now', '2026-11-26'], e, AT);
    expect(path).toBe(join(t.dir, 'logs', `crash-20261126T081507Z-${process.pid}.log`));
    expect(statSync(path!).mode & 0o777).toBe(0o600);
    const text = readFileSync(path!, 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual([
      '2026-11-26T08:15:07.123Z spectrum-convert run --now 2026-11-26',
      `node ${process.version}, pid ${process.pid}`,
      'Error: outer',
    ]);
    expect(text).toMatch(/\ncaused by: TypeError: inner\n/);
    expect(text).toContain('crash.test.ts');
  });

  it.each([
    ['a string', 'boom', 'boom'],
    [
      'an error without a stack',
      Object.assign(new RangeError('no stack'), { stack: undefined }),
      'RangeError: no stack',
    ],
  ])('what was thrown is %s', async (_name, thrown, says) => {
    const t = await tempDir('sc-crash-');
    cleanup = t.cleanup;
    const text = readFileSync(writeCrashLog(t.dir, ['x'], thrown, AT)!, 'utf8');
    expect(text.split('\n')[2]).toBe(says);
  });

  it('the output folder unusable (a file where logs/ should be): the system temporary folder instead', async () => {
    const t = await tempDir('sc-crash-');
    cleanup = t.cleanup;
    writeFileSync(join(t.dir, 'logs'), 'not a folder');
    const at = new Date(AT.getTime() + Math.floor(Math.random() * 1e9));
    const path = writeCrashLog(t.dir, ['run'], new Error('x'), at);
    expect(path?.startsWith(join(tmpdir(), 'spectrum-convert'))).toBe(true);
    expect(readFileSync(path!, 'utf8')).toContain('Error: x');
    const { rm } = await import('node:fs/promises');
    await rm(path!, { force: true });
  });

  it('no output folder known: the system temporary folder', async () => {
    const at = new Date(AT.getTime() + Math.floor(Math.random() * 1e9));
    const path = writeCrashLog(undefined, ['run'], new Error('y'), at);
    expect(path?.startsWith(join(tmpdir(), 'spectrum-convert'))).toBe(true);
    const { rm } = await import('node:fs/promises');
    await rm(path!, { force: true });
  });
});
