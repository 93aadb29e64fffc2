/**
 * How secrets go into the journal: encrypted with AES-256-GCM when a key is configured (so a
 * rollback can restore them), otherwise only as a mask with a keyed fingerprint (so a rollback
 * can tell whether a secret changed since, but not restore it). Never in clear.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
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
    throw new ConfigError(
      `${where} must be a 32-byte key, as 64 hex digits or 44 base64 characters (e.g. openssl rand -hex 32)`,
    );
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

/**
 * The journal key of a command: the environment or journalKeyFile when configured; otherwise the
 * key file in the user's config folder (`defaultFile`). With `generate`, a first run that finds
 * none makes one there (0600, never inside output/), says where, and asks for a backup: without a
 * key the journal holds only fingerprints and a rollback cannot restore secrets.
 */
export function resolveJournalKey(
  env: Record<string, string | undefined>,
  keyFile: string | undefined,
  defaultFile: string,
  generate?: { outputDir: string; say: (line: string) => void },
): Buffer | undefined {
  if (env.SPECTRUM_CONVERT_JOURNAL_KEY || keyFile) return journalKey(env, keyFile);
  if (existsSync(defaultFile)) return journalKey({}, defaultFile);
  if (!generate) return undefined;
  const rel = relative(resolve(generate.outputDir), resolve(defaultFile));
  if (!rel.startsWith('..') && !rel.startsWith('/')) {
    generate.say(
      `no journal key was made: ${defaultFile} is inside the output folder; set journalKeyFile to a file ` +
        'outside it (secrets are journaled as fingerprints only until then)',
    );
    return undefined;
  }
  mkdirSync(dirname(defaultFile), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(defaultFile, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  generate.say(
    `made a journal key ${defaultFile} (mode 0600): the journal seals secrets with it, so a rollback can ` +
      'restore them. Back it up now, apart from output/: without it, no secret journaled from now on can be restored.',
  );
  return key;
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
        throw new ConfigError(
          'the journal key does not open secrets journaled with another key (SPECTRUM_CONVERT_JOURNAL_KEY changed?)',
        );
      }
    },
    matches(sealed, value) {
      if (sealed.startsWith(PREFIX_MASK)) return sealed === PREFIX_MASK + mask(value);
      return this.open(sealed) === value;
    },
  };
}
