import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type ReadLimits } from '../../src/read/limits.js';

/** The defaults as README's configuration table states them ("20 MB", "50,000"). */
function documented(): Record<string, number> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const out: Record<string, number> = {};
  for (const m of readme.matchAll(/^\| `limits\.(\w+)` \|[^|]*\|[^|]*\| ([\d,]+)( MB)? \|/gm)) {
    const n = Number((m[2] ?? '').replaceAll(',', ''));
    out[m[1] ?? ''] = m[3] ? n * 1024 * 1024 : n;
  }
  return out;
}

describe('the default read limits', () => {
  it('are what README says they are, every one of them', () => {
    expect(documented()).toEqual(DEFAULT_LIMITS);
  });

  it.each(Object.entries(DEFAULT_LIMITS))('%s is a positive whole number', (_, value) => {
    expect(Number.isSafeInteger(value) && value > 0).toBe(true);
  });

  it.each<{ name: string; holds: (l: ReadLimits) => boolean }>([
    // A workbook is a zip: what it holds unzipped is at least what it weighs.
    { name: 'a file at the size limit may unzip to more', holds: (l) => l.maxInflatedBytes >= l.maxFileBytes },
    { name: 'one full row fits in the cell limit', holds: (l) => l.maxCells >= l.maxColumns },
    // config.ts refuses less than 32 MB for a worker's heap.
    { name: 'the worker heap is one config accepts', holds: (l) => l.workerHeapMb >= 32 },
  ])('$name', ({ holds }) => {
    expect(holds(DEFAULT_LIMITS)).toBe(true);
  });
});
