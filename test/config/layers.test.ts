import { describe, expect, it } from 'vitest';
import { envLayer, isPlain, mergeLayers } from '../../src/config/layers.js';

describe('envLayer', () => {
  it.each<{ name: string; env: Record<string, string | undefined>; values: object; names: object }>([
    { name: 'nothing set', env: {}, values: {}, names: {} },
    {
      name: 'a string and a number, each under its config key',
      env: { SPECTRUM_CONVERT_OUTPUT: 'out', SPECTRUM_CONVERT_CONCURRENCY: '16' },
      values: { output: 'out', concurrency: 16 },
      names: { output: 'SPECTRUM_CONVERT_OUTPUT', concurrency: 'SPECTRUM_CONVERT_CONCURRENCY' },
    },
    {
      name: 'an empty or undefined variable is no value',
      env: { SPECTRUM_CONVERT_INPUT: '', SPECTRUM_CONVERT_TARGET: undefined },
      values: {},
      names: {},
    },
    {
      name: 'variables the tool does not know are ignored',
      env: { SPECTRUM_CONVERT_JOURNAL_KEY: 'k', HOME: '/h', SPECTRUM_CONVERT_READ_WORKERS: '0' },
      values: { readWorkers: 0 },
      names: { readWorkers: 'SPECTRUM_CONVERT_READ_WORKERS' },
    },
  ])('$name', ({ env, values, names }) => {
    const layer = envLayer(env);
    expect(layer.values).toEqual(values);
    expect(Object.fromEntries(layer.names)).toEqual(names);
  });

  it.each(['SPECTRUM_CONVERT_CONCURRENCY', 'SPECTRUM_CONVERT_READ_WORKERS'])(
    'a number variable that is not a number is refused naming it: %s',
    (name) => {
      expect(() => envLayer({ [name]: 'four' })).toThrow(`environment variable ${name} must be a number (got "four")`);
    },
  );
});

describe('mergeLayers', () => {
  it.each<{ name: string; layers: Array<Record<string, unknown>>; want: Record<string, unknown> }>([
    { name: 'one layer is itself', layers: [{ a: 1 }], want: { a: 1 } },
    { name: 'a later layer wins key by key', layers: [{ a: 1, b: 1 }, { b: 2 }, { c: 3 }], want: { a: 1, b: 2, c: 3 } },
    {
      name: 'nested sections merge one level deep',
      layers: [{ http: { timeoutMs: 1, retries: 1 } }, { http: { retries: 2 } }],
      want: { http: { timeoutMs: 1, retries: 2 } },
    },
    {
      name: 'two levels down, the later section replaces',
      layers: [{ serve: { faults: { failRate: 1, seed: 2 } } }, { serve: { faults: { seed: 3 } } }],
      want: { serve: { faults: { seed: 3 } } },
    },
    { name: 'an array replaces, never merges', layers: [{ to: ['a', 'b'] }, { to: ['c'] }], want: { to: ['c'] } },
    { name: 'an object over a scalar replaces it', layers: [{ a: 1 }, { a: { b: 2 } }], want: { a: { b: 2 } } },
    { name: 'undefined in a later layer is assigned', layers: [{ a: 1 }, { a: undefined }], want: { a: undefined } },
  ])('$name', ({ layers, want }) => {
    const [first = {}, ...later] = layers;
    expect(mergeLayers(first, ...later)).toStrictEqual(want);
  });

  it('leaves its layers as they were', () => {
    const file = { http: { retries: 1 } };
    mergeLayers(file, { http: { retries: 2 } });
    expect(file).toEqual({ http: { retries: 1 } });
  });

  it("a __proto__ key of the file's JSON stays a key, never the merged object's prototype", () => {
    const merged = mergeLayers(JSON.parse('{"__proto__": {"target": "http"}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(merged.target).toBeUndefined();
  });
});

it.each<[unknown, boolean]>([
  [{}, true],
  [{ a: 1 }, true],
  [[], false],
  [null, false],
  ['x', false],
  [1, false],
  [undefined, false],
])('isPlain(%j) is %s', (v, want) => {
  expect(isPlain(v)).toBe(want);
});
