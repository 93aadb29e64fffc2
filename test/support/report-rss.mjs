// Preloaded with --import: print the process's peak RSS (workers included) to stderr on exit.
import { writeSync } from 'node:fs';

process.on('exit', () => writeSync(2, `\nMAXRSS_KB=${process.resourceUsage().maxRSS}\n`));
