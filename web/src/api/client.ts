import type { z } from 'zod';

/** The API's one error shape, `{ error: { code, message, details? } }`, as a thrown value. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The failing fields of a 400 `invalid_input`, keyed by field name (`body.email` → `email`). */
  fieldErrors(): Record<string, string> {
    const fields = this.details?.fields;
    if (this.code !== 'invalid_input' || !Array.isArray(fields)) return {};
    const errors: Record<string, string> = {};
    for (const entry of fields as { field?: unknown; message?: unknown }[]) {
      if (typeof entry.field !== 'string' || typeof entry.message !== 'string') continue;
      const name = entry.field.split('.').slice(1).join('.') || entry.field;
      errors[name] ??= entry.message;
    }
    return errors;
  }
}

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);

/** What to tell a person about any failure: the server's message, or a plain one. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Try again in a moment.';
}

type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

const fallbackMessages: Record<number, string> = {
  401: 'Your session has ended. Log in again.',
  403: 'You are not allowed to do this.',
  404: 'This was not found, or you no longer have access to it.',
  429: 'Too many attempts. Wait a moment and try again.',
  502: 'Atelier is not answering. Try again in a moment.',
  503: 'Atelier is restarting. Try again in a moment.',
};

/**
 * One call to the API, same-origin with the session cookie. The answer is parsed with the
 * contract's schema, so what reaches a component is exactly the type the server declared.
 */
export async function request<S extends z.ZodType | undefined = undefined>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: { body?: unknown; schema?: S; query?: Query } = {},
): Promise<S extends z.ZodType ? z.output<S> : undefined> {
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach Atelier. Check your connection and try again.');
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : `http_${response.status}`,
      typeof error?.message === 'string' ? error.message : (fallbackMessages[response.status] ?? 'Something went wrong on our side. Try again in a moment.'),
      error?.details && typeof error.details === 'object' ? (error.details as Record<string, unknown>) : undefined,
    );
  }
  if (!options.schema) return undefined as never;
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(response.status, 'unexpected_response', 'Atelier answered in a shape this page does not know. Reload the page to get the latest version.');
  }
  return parsed.data as never;
}
