// Our read throughput, on the built code (as operators run it): node bench/read-ours.mjs DIR WORKERS PASSES [TREE]
// Prints {"rates":[files per second of each pass]} after warming the workers up on a few files.
// TREE: the checkout whose dist/ is read with (default this one), to compare two builds on the same files.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, workers = '2', passes = '3', tree = join(import.meta.dirname, '..')] = process.argv.slice(2);
const dist = (path) => pathToFileURL(join(resolve(tree), 'dist', path)).href;
const { readFieldMap } = await import(dist('field-map-file.js'));
const { intake } = await import(dist('read/intake.js'));
const { DEFAULT_LIMITS } = await import(dist('read/limits.js'));
const { createReadPool } = await import(dist('read/read-pool.js'));

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.xlsx'))
  .map((f) => ({ path: join(dir, f) }));
const pool = createReadPool(Number(workers), DEFAULT_LIMITS, await readFieldMap());
for await (const report of intake(files.slice(0, 8), { pool })) void report;
const rates = [];
for (let k = 0; k < Number(passes); k++) {
  const t = performance.now();
  let valid = 0;
  for await (const r of intake(files, { pool }, 32)) valid += r.billers.filter((b) => b.valid).length;
  rates.push(files.length / ((performance.now() - t) / 1000));
  if (!valid) throw new Error('nothing valid was read');
}
await pool.close();
process.stdout.write(JSON.stringify({ rates }));
