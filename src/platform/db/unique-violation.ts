import { rootCause } from '../errors/root-cause.ts';

/**
 * Whether a failed write broke a unique constraint (optionally a named one): how use cases turn a
 * race on "is this slug taken?" into a clean 409, since checking first and inserting after is
 * never enough under concurrency.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const cause = rootCause(error) as { code?: unknown; constraint?: unknown } | undefined;
  if (cause?.code !== '23505') return false;
  return constraint === undefined || cause.constraint === constraint;
}
