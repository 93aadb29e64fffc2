/**
 * Masks for secrets: where a person must see that a secret changed, show a mask and a short
 * keyed fingerprint, never the value. The fingerprint is an HMAC, so a fingerprint of a weak
 * password cannot be reversed by guessing without the key.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type Masker = (secret: string) => string;

export function createMasker(key: Buffer): Masker {
  return (secret) => (secret === '' ? '' : `••••••••#${createHmac('sha256', key).update(secret).digest('hex').slice(0, 8)}`);
}

/**
 * The fingerprint key of this installation: stable across runs (so exports and results can be
 * compared), random, and kept beside the outputs with owner-only permissions.
 */
export function installationKey(path: string): Buffer {
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  return key;
}
