/**
 * A run that stops for good right after its N-th CRM write reached the CRM, alive and holding its
 * locks, with its biller in flight: a live run on this host, until the test kills it. It prints
 * HELD when it gets there. Usage: node --import tsx hold-child.ts N '["run","--input",...]'
 */
import { main } from '../../src/cli.js';
import { ScriptedTarget } from './faulty-target.js';

const holdAfter = Number(process.argv[2]);
const argv = JSON.parse(process.argv[3] ?? '[]') as string[];
let writes = 0;
setInterval(() => {}, 60_000); // stays alive while held
await main(argv, {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
  signal: new AbortController().signal,
  wrapTarget: (t) => {
    const s = new ScriptedTarget(t);
    const apply = s.apply.bind(s);
    s.apply = async (c) => {
      await apply(c);
      if (++writes >= holdAfter) {
        process.stdout.write('HELD\n');
        await new Promise(() => {}); // never answers: the run waits here until killed
      }
    };
    return s;
  },
});
