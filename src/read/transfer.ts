/**
 * A FileReport crossing the worker boundary. Structured cloning drops a class's private fields,
 * so Secret values travel as tagged plain strings (inside this process only) and are wrapped again.
 */
import type { FileReport } from '../core/file-report.js';
import { Secret } from '../core/secret.js';

type Tagged = { $secret: string };

function walk(v: unknown, fn: (x: unknown) => unknown): unknown {
  const mapped = fn(v);
  if (mapped !== v) return mapped;
  if (Array.isArray(v)) return v.map((x) => walk(x, fn));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, fn)]));
  return v;
}

export function toTransfer(report: FileReport): unknown {
  return walk(report, (x) => (x instanceof Secret ? ({ $secret: x.reveal() } satisfies Tagged) : x));
}

export function fromTransfer(data: unknown): FileReport {
  return walk(data, (x) => (x && typeof x === 'object' && '$secret' in x && typeof (x as Tagged).$secret === 'string' ? new Secret((x as Tagged).$secret) : x)) as FileReport;
}
