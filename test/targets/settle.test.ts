import { describe, expect, it } from 'vitest';
import { settle } from '../../src/targets/settle.js';

describe('settle', () => {
  it('resolves with what the function returns', async () => {
    await expect(settle(() => 42)).resolves.toBe(42);
  });

  it('turns a throw into a rejection, never a synchronous throw', async () => {
    const boom = new Error('boom');
    let promise: Promise<never> | undefined;
    expect(() => {
      promise = settle(() => {
        throw boom;
      });
    }).not.toThrow();
    await expect(promise).rejects.toBe(boom);
  });

  it('runs the function at once, as an async function runs its body', () => {
    let ran = false;
    void settle(() => (ran = true));
    expect(ran).toBe(true);
  });
});
