/** The CRM adapters, by name: the only place that knows which exist. */
import { crmDbPath, type Config } from '../config.js';
import { ConfigError } from '../errors.js';
import { SqliteTarget } from './sqlite/sqlite-target.js';
import type { TargetPort } from './target-port.js';

const TARGETS: Record<Config['target'], (config: Config) => TargetPort> = {
  sqlite: (config) => SqliteTarget.open(crmDbPath(config)),
  http: () => { throw new ConfigError('target "http" is not available in this version; use --target sqlite'); },
};

export function openTarget(config: Config): TargetPort {
  return TARGETS[config.target](config);
}
