import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.ts';
import { AppError } from '../errors/app-error.ts';

/**
 * Encrypts small secrets (a workspace's own provider key) for storage: AES-256-GCM with a fresh
 * 96-bit nonce each time, stored as `v1.<nonce>.<tag>.<ciphertext>` in base64url. The associated
 * data binds a ciphertext to where it belongs (workspace and purpose), so one row's secret copied
 * into another row does not decrypt.
 */
export interface SecretBox {
  seal(plaintext: string, associatedData: string): string;
  open(sealed: string, associatedData: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('a secret box key must be 32 bytes');
  return {
    seal(plaintext, associatedData) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(associatedData));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', nonce, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(sealed, associatedData) {
      const [version, nonce, tag, ciphertext] = sealed.split('.');
      if (version !== 'v1' || !nonce || !tag || ciphertext === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

const boxes = new Map<string, SecretBox>();

/**
 * The deployment's secret box: `SECRETS_KEY` when set. On the embedded database a single process
 * owns the data directory, so a key kept beside the data (created on first use, readable by its
 * owner only) is as safe as the data itself; on PostgreSQL every process must share one key, so
 * without `SECRETS_KEY` nothing can be sealed and the caller gets a clear refusal.
 */
export function secretBoxFor(config: Pick<Config, 'SECRETS_KEY' | 'DATABASE_URL' | 'DATA_DIR'>): SecretBox {
  const source = config.SECRETS_KEY ? `env:${config.SECRETS_KEY}` : config.DATABASE_URL ? null : `file:${config.DATA_DIR}`;
  if (source === null) {
    throw new AppError('unavailable', 'This deployment cannot store secrets: its operator must set SECRETS_KEY', { setting: 'SECRETS_KEY' });
  }
  const known = boxes.get(source);
  if (known) return known;
  const box = createSecretBox(config.SECRETS_KEY ? Buffer.from(config.SECRETS_KEY, 'base64') : keyBesideData(config.DATA_DIR));
  boxes.set(source, box);
  return box;
}

function keyBesideData(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secrets.key');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    // `wx`: a concurrent first use keeps whichever key was written first.
    writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
}
