/** The CRM adapters, by name: the only place that knows which exist. */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { crmDbPath, type Config } from '../config.js';
import { MIN_ACCEPTED_SECRET_LENGTH, type SecretScrubber } from '../core/scrub.js';
import { ConfigError } from '../errors.js';
import { HttpTarget, type HttpTargetOptions } from './http/http-target.js';
import { SqliteTarget } from './sqlite/sqlite-target.js';
import type { TargetPort } from './target-port.js';

export interface TargetContext {
  env: Record<string, string | undefined>;
  onRetry?: HttpTargetOptions['onRetry'];
  /** Told the adapter's own secrets (the CRM token), so no report or log line can show them. */
  scrubber?: SecretScrubber;
}

const TARGETS: Record<Config['target'], (config: Config, ctx: TargetContext) => TargetPort> = {
  // By its real path: SQLite names its WAL beside the path it is given, and a symlink must not get a second one.
  sqlite: (config) => SqliteTarget.open(realpathSync(existingCrmDb(config))),
  http: (config, ctx) => {
    if (!config.crmUrl)
      throw new ConfigError('target http needs the CRM address: --crm-url URL (or crmUrl, SPECTRUM_CONVERT_CRM_URL)');
    const token = ctx.env.SPECTRUM_CONVERT_CRM_TOKEN;
    if (!token)
      throw new ConfigError(
        'target http needs the CRM token in the environment variable SPECTRUM_CONVERT_CRM_TOKEN (never a flag)',
      );
    if (token.length < MIN_ACCEPTED_SECRET_LENGTH)
      throw new ConfigError(
        `SPECTRUM_CONVERT_CRM_TOKEN is shorter than ${MIN_ACCEPTED_SECRET_LENGTH} characters: ` +
          'a token that short cannot be kept out of logs without blanking ordinary words',
      );
    ctx.scrubber?.add(token);
    const { caFile, ...http } = config.http;
    return new HttpTarget({
      url: config.crmUrl,
      token,
      ...http,
      ...(caFile ? { ca: readCa(caFile) } : {}),
      ...(ctx.onRetry ? { onRetry: ctx.onRetry } : {}),
    });
  },
};

/**
 * The embedded CRM's path, refused when there is no file: opening it would create an empty CRM in which
 * every biller reads as unknown. Only `crm import` creates one.
 */
export function existingCrmDb(config: Config): string {
  const path = crmDbPath(config);
  if (!existsSync(path)) {
    throw new ConfigError(
      `the embedded CRM ${path} does not exist: check --crm-db (crmDb, SPECTRUM_CONVERT_CRM_DB), ` +
        'or create it from a CRM export with: spectrum-convert crm import FILE.csv',
    );
  }
  return path;
}

/**
 * Before a command locks the embedded CRM (locking gives a missing file an identity by creating it):
 * refuse a missing one.
 */
export function requireCrm(config: Config): void {
  if (config.target === 'sqlite') existingCrmDb(config);
}

function readCa(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`http.caFile ${file} cannot be read: ${(e as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new ConfigError(`http.caFile ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return pem;
}

export function openTarget(config: Config, ctx: TargetContext): TargetPort {
  return TARGETS[config.target](config, ctx);
}
