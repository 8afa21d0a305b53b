import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, secretBoxFor } from './secret-box.ts';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealed = box.seal('sk-live-abc123', 'workspace-1/openai');
    expect(sealed).not.toContain('sk-live');
    expect(box.open(sealed, 'workspace-1/openai')).toBe('sk-live-abc123');
    expect(box.seal('sk-live-abc123', 'workspace-1/openai')).not.toBe(sealed);
  });

  it('refuses a secret moved to another workspace, a tampered one, and another key', () => {
    const sealed = box.seal('sk-live-abc123', 'workspace-1/openai');
    expect(() => box.open(sealed, 'workspace-2/openai')).toThrow();
    const [version, nonce, tag, ciphertext] = sealed.split('.');
    const flipped = Buffer.from(ciphertext!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([version, nonce, tag, flipped.toString('base64url')].join('.'), 'workspace-1/openai')).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'workspace-1/openai')).toThrow();
  });

  it('keeps its key beside embedded data, readable by its owner only, and the same across restarts', () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'atelier-secrets-')), 'data');
    const sealed = secretBoxFor({ DATA_DIR: dataDir, DATABASE_URL: undefined, SECRETS_KEY: undefined }).seal('key', 'ad');
    const file = path.join(dataDir, 'secrets.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8'), 'base64')).toHaveLength(32);
    expect(createSecretBox(Buffer.from(readFileSync(file, 'utf8'), 'base64')).open(sealed, 'ad')).toBe('key');
  });

  it('on PostgreSQL without SECRETS_KEY refuses clearly instead of inventing a key other processes lack', () => {
    expect(() => secretBoxFor({ DATA_DIR: '/nowhere', DATABASE_URL: 'postgres://127.0.0.1/x', SECRETS_KEY: undefined })).toThrow(/SECRETS_KEY/);
    const key = randomBytes(32).toString('base64');
    const fromEnv = secretBoxFor({ DATA_DIR: '/nowhere', DATABASE_URL: 'postgres://127.0.0.1/x', SECRETS_KEY: key });
    expect(createSecretBox(Buffer.from(key, 'base64')).open(fromEnv.seal('k', 'ad'), 'ad')).toBe('k');
  });
});
