/**
 * A synchronous answer as a promise, for adapters whose work is synchronous behind the async
 * port: a throw becomes a rejection, exactly as in an async function, never a synchronous throw.
 */
export function settle<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => resolve(fn()));
}
