/**
 * Configuration: one zod schema (config/schema.ts), filled from defaults, then a JSON config file
 * (config/config-file.ts), then the environment, then flags (later wins; config/layers.ts). The
 * environment is passed in by the CLI, the only place that reads process.env. The paths derived
 * from a configuration (CRM database, journal, locks, keys) live here too.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CrmIdentity } from './core/crm-match.js';
import {
  httpCrmIdentity,
  httpLockFile,
  inputLockFile,
  sqliteCrmIdentity,
  sqliteLockFiles,
} from './lock/lock-identity.js';
import { crmUrlProblem } from './targets/http/crm-url.js';
import { ConfigError } from './errors.js';
import { readConfigFile } from './config/config-file.js';
import { envLayer, mergeLayers } from './config/layers.js';
import { parseConfig, type Config, type ConfigInput } from './config/schema.js';

export type { Config, ConfigInput } from './config/schema.js';

export async function loadConfig(opts: {
  file?: string | undefined;
  env?: Record<string, string | undefined>;
  overrides?: Partial<ConfigInput>;
}): Promise<Config> {
  const env = opts.env ?? {};
  const file = opts.file ?? env.SPECTRUM_CONVERT_CONFIG;
  const fromFile = file ? await readConfigFile(file) : {};
  const fromEnv = envLayer(env);
  const overrides: Record<string, unknown> = opts.overrides ?? {};
  // Each issue names its key and where the value came from: a flag, an environment variable, or the file.
  const sourceOf = (key: string) =>
    key in overrides
      ? 'a flag'
      : fromEnv.names.has(key)
        ? `environment variable ${fromEnv.names.get(key)}`
        : file
          ? `config file ${file}`
          : 'the defaults';
  const config = parseConfig(mergeLayers(fromFile, fromEnv.values, overrides), sourceOf);
  const urlProblem = config.crmUrl ? crmUrlProblem(config.crmUrl, config.http.allowInsecure) : undefined;
  if (urlProblem) throw new ConfigError(`configuration is not valid${file ? ` (${file})` : ''}: crmUrl ${urlProblem}`);
  return { ...config, lockDir: config.lockDir ?? defaultLockDir(env) };
}

/** Where a journal key is made when none is configured: the user's config folder (XDG), outside output/. */
export function defaultJournalKeyFile(env: Record<string, string | undefined>): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'spectrum-convert', 'journal.key');
}

/** The user's state folder (XDG), shared by every output of this user: where the CRM locks live by default. */
function defaultLockDir(env: Record<string, string | undefined>): string {
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'spectrum-convert', 'locks');
}

export function crmDbPath(config: Config): string {
  return config.crmDb ?? join(config.output, 'crm.db');
}

/** The installation's fingerprint key for secret masks (created on first use). */
export function fingerprintKeyPath(config: Config): string {
  return join(config.output, '.fingerprint-key');
}

/** Today's date (YYYY-MM-DD) in the configured time zone. */
export function today(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function journalPath(config: Config): string {
  return config.journal ?? join(config.output, 'journal.db');
}

/** The lock files of a run: one in the input folder, and the CRM's (crmLockPath). */
export function lockPaths(config: Config, create = true): string[] {
  return [inputLockFile(config.input), ...crmLockPath(config, create)];
}

/** The lock folder (see lock-identity.ts): configured, or the user's state folder. */
function lockDirPath(config: Config): string {
  return config.lockDir ?? defaultLockDir({});
}

/**
 * The locks of the CRM a command writes to, named by the CRM's identity (lock-identity.ts). For the
 * embedded CRM this creates the empty database when it is missing (`create`), so it has one.
 */
export function crmLockPath(config: Config, create = true): string[] {
  if (config.target === 'sqlite') return sqliteLockFiles(crmDbPath(config), lockDirPath(config), create);
  return config.crmUrl ? [httpLockFile(config.crmUrl, lockDirPath(config))] : [];
}

/**
 * The CRM a command writes to, as the journal records it with each run (core/crm-match.ts): the identity its
 * lock is named by. Taken after the lock, which creates a missing embedded database.
 */
export function crmIdentity(config: Config): CrmIdentity | null {
  if (config.target === 'sqlite') return sqliteCrmIdentity(crmDbPath(config));
  return config.crmUrl ? httpCrmIdentity(config.crmUrl) : null;
}
