/**
 * Masks for secrets: where a person must see that a secret changed, show a mask and a short
 * keyed fingerprint, never the value. The fingerprint is an HMAC, so a fingerprint of a weak
 * password cannot be reversed by guessing without the key.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from './errors.js';

export type Masker = (secret: string) => string;

export function createMasker(key: Buffer): Masker {
  const fingerprint = (secret: string) => createHmac('sha256', key).update(secret).digest('hex').slice(0, 8);
  return (secret) => (secret === '' ? '' : `••••••••#${fingerprint(secret)}`);
}

/** When a new key is made while a journal exists, what it breaks is said here. */
export interface KeyOptions {
  journal?: string;
  warn?: (line: string) => void;
}

/**
 * The fingerprint key of this installation: stable across runs (so exports and results can be
 * compared), random, and kept beside the outputs with owner-only permissions. A key file that is
 * not exactly 64 hex digits stops the command (it would otherwise become a short or empty HMAC
 * key, and fingerprints could be guessed offline); its content is never quoted.
 */
export function installationKey(path: string, opts: KeyOptions = {}): Buffer {
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(text)) {
      throw new ConfigError(
        `the fingerprint key ${path} is not 64 hex digits (it holds ${text.length} characters): ` +
          'restore it from a backup, or remove it to make a new one ' +
          '(fingerprints made with the old key then no longer compare)',
      );
    }
    return Buffer.from(text, 'hex');
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  if (opts.journal && existsSync(opts.journal)) {
    opts.warn?.(
      `made a new fingerprint key ${path}, but the journal ${opts.journal} exists: secrets it holds only as ` +
        'fingerprints (journaled without a journal key) can no longer be compared, so rollback and crash ' +
        'recovery cannot tell whether they changed, and masks in earlier results and exports no longer match. ' +
        'If the old key was removed by mistake, put it back from a backup before the next run.',
    );
  }
  return key;
}
