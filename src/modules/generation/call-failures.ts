import { APICallError, LoadAPIKeyError, NoContentGeneratedError } from '@ai-sdk/provider';
import { NoImageGeneratedError, NoObjectGeneratedError } from 'ai';

/** What one failed model call means for the generation, decided from the AI SDK's error. */
export type CallFailure =
  /** The answer did not match the schema (or an image call brought no image): ask again with the errors. */
  | { kind: 'invalid_output'; message: string; text: string }
  /** Rate limits, server errors, timeouts, a dropped connection: back off, then fall back. */
  | { kind: 'transient'; message: string; retryAfterMs: number | null }
  /** The user must act (a key, a refusal, a cut-off answer): no retry would help. */
  | { kind: 'final'; code: string; message: string };

const retryAfter = (headers: Record<string, string> | undefined): number | null => {
  const ms = Number(headers?.['retry-after-ms']);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const seconds = Number(headers?.['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
};

const isAbort = (error: unknown) => error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');

/** Node's fetch failing to connect, reset or reach the host. */
const isNetwork = (error: unknown): boolean => error instanceof TypeError && /fetch failed|network|socket|ECONN|ETIMEDOUT|UND_ERR/i.test(`${error.message} ${String((error as { cause?: unknown }).cause)}`);

export function classifyCallFailure(error: unknown, provider: string): CallFailure | null {
  if (NoObjectGeneratedError.isInstance(error)) {
    if (error.finishReason === 'length') {
      return { kind: 'final', code: 'output_truncated', message: 'The model reached its output limit before finishing the answer; try a shorter request' };
    }
    if (error.finishReason === 'content-filter') return { kind: 'final', code: 'content_refused', message: 'The model refused this request under its content policy' };
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return { kind: 'invalid_output', message: cause.slice(0, 2000), text: error.text ?? '' };
  }
  if (NoImageGeneratedError.isInstance(error)) return { kind: 'invalid_output', message: 'no image came back', text: '' };
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === 401 || status === 403) {
      return { kind: 'final', code: 'provider_key_rejected', message: `The ${provider} API refused the API key (HTTP ${status}); check the key in the workspace's AI settings` };
    }
    if (error.isRetryable || status === 408 || status === 429 || (status !== undefined && status >= 500)) {
      return { kind: 'transient', message: `${provider} answered HTTP ${status ?? '?'}: ${error.message}`.slice(0, 500), retryAfterMs: retryAfter(error.responseHeaders) };
    }
    if (status === 400 && /content|policy|safety|moderation/i.test(error.responseBody ?? error.message)) {
      return { kind: 'final', code: 'content_refused', message: 'The model refused this request under its content policy' };
    }
    return { kind: 'final', code: 'provider_rejected', message: `${provider} refused the request (HTTP ${status ?? '?'}): ${error.message}`.slice(0, 500) };
  }
  if (LoadAPIKeyError.isInstance(error)) return { kind: 'final', code: 'provider_key_missing', message: `No API key is set for ${provider}` };
  if (NoContentGeneratedError.isInstance(error)) return { kind: 'transient', message: `${provider} returned an empty answer`, retryAfterMs: null };
  if (isAbort(error)) return { kind: 'transient', message: `${provider} did not answer in time`, retryAfterMs: null };
  if (isNetwork(error)) return { kind: 'transient', message: `${provider} could not be reached`, retryAfterMs: null };
  return null;
}
