/**
 * Logging: winston, with one redaction format in front of every transport. It removes every
 * secret value known to the run (registered in the scrubber as worksheets are read and CRM
 * snapshots fetched) from any field, and any field whose name says it is a secret.
 * Console lines are for people (stderr); the file is JSON lines, one event each.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
// winston's formatted line lives under this symbol (triple-beam's MESSAGE).
const MESSAGE = Symbol.for('message');
import winston from 'winston';
import { REDACTED, type SecretScrubber } from './core/scrub.js';

const SECRET_KEY = /pass(word)?|secret|token|authorization|api[-_]?key|private[-_]?key/i;

export type Logger = winston.Logger;

/**
 * Fields whose values are the tool's own vocabulary (levels, event names, statuses, codes, run ids),
 * never text from a worksheet or the CRM: left as they are, so a secret that happens to equal one
 * ("info", "converted") cannot blank it and show where it is. Everything else is scrubbed.
 */
const STRUCTURED = new Set(['level', 'event', 'status', 'code', 'runId', 'crashedRun', 'fromRun', 'timestamp']);

function redactFormat(scrubber: SecretScrubber) {
  return winston.format((info) => {
    const clean: Record<string | symbol, unknown> = {};
    for (const [k, v] of Object.entries(info))
      clean[k] = STRUCTURED.has(k) && typeof v !== 'object' ? v : scrubber.scrubDeep(v);
    for (const k of Object.keys(clean)) if (SECRET_KEY.test(k)) clean[k] = REDACTED;
    for (const s of Object.getOwnPropertySymbols(info)) clean[s] = (info as Record<symbol, unknown>)[s];
    return clean as winston.Logform.TransformableInfo;
  })();
}

export interface LoggerOptions {
  scrubber: SecretScrubber;
  /** JSON lines file; created with its folder. */
  file?: string;
  /** Console level, or 'silent'. */
  consoleLevel: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Where console lines go (default: stderr; stdout carries data). */
  write?: (line: string) => void;
  defaultMeta?: Record<string, unknown>;
  /** Prefix of every console line (a local timestamp with its zone when no terminal shows the time). */
  stamp?: () => string;
}

export function createLogger(opts: LoggerOptions): Logger {
  const transports: winston.transport[] = [];
  if (opts.consoleLevel !== 'silent') transports.push(consoleTransport(opts, opts.consoleLevel));
  if (opts.file) {
    mkdirSync(dirname(opts.file), { recursive: true });
    transports.push(
      new winston.transports.File({
        filename: opts.file,
        level: 'debug',
        options: { mode: 0o600 },
        format: winston.format.json(),
      }),
    );
  }
  return winston.createLogger({
    level: 'debug',
    defaultMeta: opts.defaultMeta ?? {},
    format: winston.format.combine(
      winston.format.errors({ stack: true }),
      redactFormat(opts.scrubber),
      winston.format.timestamp(),
    ),
    transports: transports.length ? transports : [new winston.transports.Console({ silent: true })],
  });
}

/** The console lines: to `opts.write` when given, else to stderr; a level word before all but info. */
function consoleTransport(opts: LoggerOptions, level: string): winston.transport {
  const stamp = opts.stamp;
  const format = winston.format.printf((info) => {
    const word = info.level === 'info' ? '' : `${info.level.toUpperCase()} `;
    return `${stamp ? `${stamp()} ` : ''}${word}${String(info.message)}`;
  });
  const write = opts.write;
  return write
    ? new winston.transports.Stream({
        level,
        format,
        stream: new Writable({
          objectMode: true,
          write(info: Record<symbol, unknown>, _enc, done) {
            write(String(info[MESSAGE]));
            done();
          },
        }),
      })
    : // Every level to stderr: stdout carries data (--json).
      new winston.transports.Console({
        level,
        stderrLevels: Object.keys(winston.config.npm.levels),
        format,
      });
}

/** Wait until every transport has written what it was given (call once, at the end). */
export function closeLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    logger.on('finish', () => setImmediate(resolve));
    logger.end();
  });
}
