/**
 * How secrets go into the journal: encrypted with AES-256-GCM when a key is configured (so a
 * rollback can restore them), otherwise only as a mask with a keyed fingerprint (so a rollback
 * can tell whether a secret changed since, but not restore it). Never in clear.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import type { Masker } from '../mask.js';

const PREFIX_ENC = 'enc:v1:';
const PREFIX_MASK = 'mask:';

export interface Sealer {
  /** True when sealed secrets can be opened again. */
  readonly canOpen: boolean;
  seal(secret: string): string;
  /** The secret, or undefined when it was only masked. */
  open(sealed: string): string | undefined;
  /** Does `sealed` hold this value? Works for masks too (same fingerprint). */
  matches(sealed: string, value: string): boolean;
}

/** A 32-byte key from hex (64 characters) or base64 (44 characters). */
export function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(t) && key.toString('base64') !== t)) {
    throw new ConfigError(`${where} must be a 32-byte key, as 64 hex digits or 44 base64 characters (e.g. openssl rand -hex 32)`);
  }
  return key;
}

/** The journal key: the environment variable wins over the key file; neither means masks only. */
export function journalKey(env: Record<string, string | undefined>, keyFile: string | undefined): Buffer | undefined {
  const fromEnv = env.SPECTRUM_CONVERT_JOURNAL_KEY;
  if (fromEnv) return parseKey(fromEnv, 'SPECTRUM_CONVERT_JOURNAL_KEY');
  if (!keyFile) return undefined;
  let text: string;
  try {
    text = readFileSync(keyFile, 'utf8');
  } catch (e) {
    throw new ConfigError(`journalKeyFile ${keyFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseKey(text, `journalKeyFile ${keyFile}`);
}

export function createSealer(key: Buffer | undefined, mask: Masker): Sealer {
  return {
    canOpen: key !== undefined,
    seal(secret) {
      if (!key) return PREFIX_MASK + mask(secret);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return PREFIX_ENC + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      if (!sealed.startsWith(PREFIX_ENC) || !key) return undefined;
      const raw = Buffer.from(sealed.slice(PREFIX_ENC.length), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new ConfigError('the journal key does not open secrets journaled with another key (SPECTRUM_CONVERT_JOURNAL_KEY changed?)');
      }
    },
    matches(sealed, value) {
      if (sealed.startsWith(PREFIX_MASK)) return sealed === PREFIX_MASK + mask(value);
      return this.open(sealed) === value;
    },
  };
}
