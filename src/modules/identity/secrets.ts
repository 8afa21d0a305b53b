import { hash, randomBytes } from 'node:crypto';

/** 256 bits from the OS's CSPRNG, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Tokens and API keys are long random secrets, so a fast hash is enough to store them (and it
 * is what keeps a lookup per request cheap); argon2 is for passwords only.
 */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

export const apiKeyPrefix = 'atl_';

export function newApiKey(): { secret: string; prefix: string } {
  const secret = `${apiKeyPrefix}${randomToken()}`;
  return { secret, prefix: secret.slice(0, apiKeyPrefix.length + 6) };
}
