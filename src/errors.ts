/**
 * The few fatal errors. Everything that can go wrong with one file or one biller is data
 * (an Issue); these stop a command before it starts. The CLI maps each to its exit code.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
