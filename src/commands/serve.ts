/**
 * `spectrum-convert crm serve [--port N] [--crm-db FILE]`: the CRM REST contract over the embedded
 * CRM, on loopback by default, until Ctrl-C. For rehearsing a night with --target http.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { EXIT_CODES } from '../core/summary.js';
import { ConfigError } from '../errors.js';
import { crmDbPath } from '../config.js';
import { existingCrmDb } from '../targets/index.js';
import { CrmStore } from '../targets/sqlite/crm-store.js';
import { startCrmServer } from '../targets/http/crm-server.js';
import type { CommandContext } from './context.js';

export async function serveCommand(ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const signal = io.signal ?? new AbortController().signal;
  let token = io.env.SPECTRUM_CONVERT_CRM_TOKEN;
  if (!token) {
    token = randomBytes(24).toString('base64url');
    io.err(
      'No SPECTRUM_CONVERT_CRM_TOKEN set: this server accepts a new token. For the client, run:\n' +
        `  export SPECTRUM_CONVERT_CRM_TOKEN=${token}`,
    );
  }
  const { tlsKeyFile, tlsCertFile } = config.serve;
  const tls = tlsKeyFile && tlsCertFile ? { key: await pem(tlsKeyFile), cert: await pem(tlsCertFile) } : undefined;
  const store = ctx.own('CRM', CrmStore.open(existingCrmDb(config)), (s) => s.close());
  const server = await startCrmServer(store, {
    token,
    port: config.serve.port,
    host: config.serve.host,
    faults: config.serve.faults,
    ...(tls ? { tls } : {}),
  }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EADDRINUSE' && e.code !== 'EACCES') throw e;
    throw new ConfigError(
      `cannot listen on ${config.serve.host}:${config.serve.port} (${e.code}): choose another --port (serve.port)`,
    );
  });
  const faults = Object.entries(config.serve.faults)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  io.out(
    `CRM serving ${crmDbPath(config)} at ${server.url} (${store.billerIds().length} billers)` +
      `${faults ? `; injected faults: ${faults}` : ''}. Ctrl-C to stop.`,
  );
  io.out(`Use it with: spectrum-convert run --target http --crm-url ${server.url}`);
  await new Promise<void>((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  await server.close();
  const { requests, answerMs } = server.stats;
  io.out(
    `stopped after ${requests} requests` +
      `${requests ? ` (answered in ${(answerMs / requests).toFixed(1)} ms on average)` : ''}`,
  );
  return EXIT_CODES.ok;
}

async function pem(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file} cannot be read: ${(e as Error).message}`);
  }
}
