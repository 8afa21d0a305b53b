import { hash } from 'node:crypto';
import { AppError } from '../../platform/errors/app-error.ts';

/**
 * The ledger's idempotency keys: every movement names one, unique per workspace, and the
 * arguments it stands for are kept as a hash. The same key with the same arguments answers as
 * the first call did; with other arguments, or for another kind of movement, it is refused.
 */

export function assertKey(key: string): void {
  if (key.length === 0 || key.length > 200) throw new AppError('invalid_input', 'The idempotency key must be 1–200 characters', { field: 'key' });
}

/** The hash a key's first use records, and every later use must match. */
export function argumentsHash(kind: string, args: unknown): string {
  return hash('sha256', JSON.stringify({ kind, args }), 'hex');
}

/**
 * The arguments a debit's key stands for, spelled one way: hashing the caller's object itself
 * would make `{ key, amount }` and `{ amount, key }` (or an extra property) "other arguments".
 */
export const debitArguments = (input: { amount: number; description?: string }) => ({ amount: input.amount, description: input.description ?? null });

export const keyConflict = (key: string) => new AppError('conflict', 'This idempotency key was already used for a different credit operation', { key });
