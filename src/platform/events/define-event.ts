import type { z } from 'zod';

/**
 * A kind of fact: its type (`site.published`, past tense), its current version and payload
 * schema, and how to bring older stored versions up to date. Payloads carry ids and facts, never
 * personal data, so the log never needs rewriting.
 */
export interface EventDefinition<TType extends string = string, TPayload = unknown> {
  readonly type: TType;
  readonly version: number;
  readonly schema: z.ZodType<TPayload>;
  /** `upcasters[n]` turns a version-n payload into version n+1. */
  readonly upcasters: Readonly<Record<number, (payload: unknown) => unknown>>;
}

export type PayloadOf<T> = T extends EventDefinition<string, infer P> ? P : never;

export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  type: TType,
  version: number,
  schema: TSchema,
  upcasters: Record<number, (payload: unknown) => unknown> = {},
): EventDefinition<TType, z.output<TSchema>> {
  if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(type)) {
    throw new Error(`event type "${type}" must be dotted lower-case words, like "site.published"`);
  }
  for (let from = 1; from < version; from++) {
    if (!upcasters[from]) throw new Error(`event ${type} v${version} needs an upcaster from v${from}`);
  }
  return { type, version, schema: schema as z.ZodType<z.output<TSchema>>, upcasters };
}

/** Reads a stored payload of any version as the current one; old versions are upcast, never rewritten. */
export function readPayload<TPayload>(definition: EventDefinition<string, TPayload>, version: number, stored: unknown): TPayload {
  if (version > definition.version) {
    throw new Error(`event ${definition.type} v${version} is newer than this code knows (v${definition.version})`);
  }
  let payload = stored;
  for (let from = version; from < definition.version; from++) {
    const upcast = definition.upcasters[from];
    if (!upcast) throw new Error(`event ${definition.type} has no upcaster from v${from}`);
    payload = upcast(payload);
  }
  return definition.schema.parse(payload);
}
