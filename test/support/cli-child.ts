/**
 * The CLI as an operator starts it, from the sources: main() with the process's own streams and
 * signal handlers (Ctrl-C, SIGTERM). Usage: node --import tsx cli-child.ts run --input ...
 */
import { main } from '../../src/cli.js';

process.exitCode = await main(process.argv.slice(2));
