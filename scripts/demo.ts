/**
 * `npm run demo`: the whole nightly job on the examples, with no server to set up.
 * Loads examples/crm-export.csv into a fresh demo CRM, copies the example worksheets into a demo
 * drop folder, runs the batch, and says where the results workbook is. Every status shows up:
 * converted, already-converted, invalid, blocked and scheduled.
 */
import { cp, readdir, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../src/cli.js';
import { packageRoot } from '../src/paths.js';

const demo = join(packageRoot, 'output', 'demo');
const input = join(demo, 'input');
const crmDb = join(demo, 'crm.db');

await rm(demo, { recursive: true, force: true });
await cp(join(packageRoot, 'examples', 'worksheets'), input, { recursive: true });
// Freshly copied files look "still being written"; date them an hour back, as a night's drop would be.
const anHourAgo = new Date(Date.now() - 3600_000);
for (const f of await readdir(input)) await utimes(join(input, f), anHourAgo, anHourAgo);

console.log('1. Load the example CRM export into the demo CRM:');
if (
  (await main([
    'crm',
    'import',
    join(packageRoot, 'examples', 'crm-export.csv'),
    '--crm-db',
    crmDb,
    '--output',
    demo,
  ])) !== 0
)
  process.exit(1);
console.log(`\n2. Run the nightly batch on ${input}:`);
const code = await main([
  'run',
  '--input',
  input,
  '--output',
  demo,
  '--crm-db',
  crmDb,
  '--config',
  join(packageRoot, 'examples', 'spectrum-convert.json'),
]);
console.log(`\nExit code ${code} (1 is expected here: the examples include invalid and blocked billers on purpose).`);
// A later night, when the scheduled billers fall due, so that the tracker has a burn-up to show.
console.log('\n3. A later night (--now 2030-06-01), when the scheduled biller is due:');
await main([
  'run',
  '--input',
  input,
  '--output',
  demo,
  '--crm-db',
  crmDb,
  '--now',
  '2030-06-01',
  '--config',
  join(packageRoot, 'examples', 'spectrum-convert.json'),
]);
console.log('\n4. The conversion tracker over both nights (burn-up chart on its Progress sheet):');
await main(['report', '--output', demo]);
console.log(`Open the results workbook above; converted worksheets were moved to ${join(input, 'archive')}.`);
console.log(
  `Run "npm run demo" again for a fresh demo, or "npx spectrum-convert run --input ${input} --output ${demo} ` +
    `--crm-db ${crmDb}" to see a second night (already-converted, nothing written).`,
);
process.exitCode = code === 0 || code === 1 ? 0 : code;
