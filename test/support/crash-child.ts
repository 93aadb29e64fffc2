/**
 * A run that kills itself with SIGKILL right after its N-th CRM write reached the CRM (a power
 * cut mid-biller). Usage: node --import tsx crash-child.ts N '["run","--input",...]'
 */
import { main } from '../../src/cli.js';
import { ScriptedTarget } from './faulty-target.js';

const killAfter = Number(process.argv[2]);
const argv = JSON.parse(process.argv[3] ?? '[]') as string[];
let writes = 0;
await main(argv, {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
  signal: new AbortController().signal,
  wrapTarget: (t) => {
    const s = new ScriptedTarget(t);
    s.onCall = (op) => {
      if (op !== 'readSnapshot' && ++writes === killAfter) process.kill(process.pid, 'SIGKILL');
    };
    return s;
  },
});
