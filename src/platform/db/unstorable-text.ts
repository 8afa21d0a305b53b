import { rootCause } from '../errors/root-cause.ts';

/**
 * Whether a failed write carried text PostgreSQL cannot store: a NUL character (`\u0000`) in a
 * text column (22021 character_not_in_repertoire) or escaped in JSON for a jsonb one (22P05
 * untranslatable_character). Both drivers put the SQLSTATE on the error's `code`. The client
 * sent it, so it is invalid input, not a failure of ours.
 */
export function isUnstorableText(error: unknown): boolean {
  const cause = rootCause(error) as { code?: unknown } | undefined;
  return cause?.code === '22021' || cause?.code === '22P05';
}
