import { APICallError, LoadAPIKeyError, NoContentGeneratedError } from '@ai-sdk/provider';
import { NoImageGeneratedError, NoObjectGeneratedError, type FinishReason, type LanguageModelUsage } from 'ai';
import { describe, expect, it } from 'vitest';
import { classifyCallFailure } from './call-failures.ts';
import { backoffMs } from './model-chain.ts';

const usage: LanguageModelUsage = {
  inputTokens: 10,
  outputTokens: 5,
  totalTokens: 15,
  inputTokenDetails: { noCacheTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 },
  outputTokenDetails: { textTokens: 5, reasoningTokens: 0 },
};

const unparsable = (finishReason: FinishReason, text = '{"text": "cut') =>
  new NoObjectGeneratedError({
    message: 'No object generated: could not parse the response.',
    cause: new Error('JSON parsing failed: Text: {"text": "cut.\nError message: SyntaxError: Unterminated string in JSON'),
    text,
    response: { id: 'r', timestamp: new Date(0), modelId: 'm' },
    usage,
    finishReason,
  });

const httpError = (statusCode: number | undefined, options: { headers?: Record<string, string>; body?: string; message?: string } = {}) =>
  new APICallError({
    message: options.message ?? `status ${statusCode}`,
    url: 'http://127.0.0.1/v1/chat/completions',
    requestBodyValues: {},
    ...(statusCode === undefined ? {} : { statusCode }),
    ...(options.headers ? { responseHeaders: options.headers } : {}),
    ...(options.body ? { responseBody: options.body } : {}),
  });

describe('classifyCallFailure', () => {
  it('asks again, with the parse or validation error, when the answer has the wrong shape', () => {
    expect(classifyCallFailure(unparsable('stop'), 'openai')).toEqual({
      kind: 'invalid_output',
      message: expect.stringContaining('JSON parsing failed'),
      text: '{"text": "cut',
    });
  });

  it('asks again when an image call brings back no image', () => {
    expect(classifyCallFailure(new NoImageGeneratedError({ responses: [] }), 'openai')).toEqual({ kind: 'invalid_output', message: 'no image came back', text: '' });
  });

  it('never repairs an answer cut off at the token limit, and passes a content refusal on', () => {
    expect(classifyCallFailure(unparsable('length'), 'openai')).toMatchObject({ kind: 'final', code: 'output_truncated' });
    expect(classifyCallFailure(unparsable('content-filter'), 'openai')).toMatchObject({ kind: 'final', code: 'content_refused' });
  });

  it('ends the generation on a refused key (401, 403) with a message naming the provider and what to do', () => {
    for (const status of [401, 403]) {
      expect(classifyCallFailure(httpError(status), 'anthropic')).toEqual({
        kind: 'final',
        code: 'provider_key_rejected',
        message: `The anthropic API refused the API key (HTTP ${status}); check the key in the workspace's AI settings`,
      });
    }
    expect(classifyCallFailure(new LoadAPIKeyError({ message: 'OpenAI API key is missing' }), 'openai')).toMatchObject({ kind: 'final', code: 'provider_key_missing' });
  });

  it('backs off on 408, 429 and 5xx, reading Retry-After in milliseconds or in seconds', () => {
    expect(classifyCallFailure(httpError(429, { headers: { 'retry-after-ms': '1500', 'retry-after': '2' } }), 'openai')).toMatchObject({ kind: 'transient', retryAfterMs: 1500 });
    expect(classifyCallFailure(httpError(429, { headers: { 'retry-after': '3' } }), 'openai')).toMatchObject({ kind: 'transient', retryAfterMs: 3000 });
    expect(classifyCallFailure(httpError(429), 'openai')).toMatchObject({ kind: 'transient', retryAfterMs: null });
    for (const status of [408, 500, 502, 503, 529]) {
      expect(classifyCallFailure(httpError(status, { message: 'Overloaded' }), 'anthropic')).toEqual({ kind: 'transient', message: `anthropic answered HTTP ${status}: Overloaded`, retryAfterMs: null });
    }
  });

  it('tells a content-policy 400 from any other refused request', () => {
    expect(classifyCallFailure(httpError(400, { body: '{"error":{"message":"Your request was rejected by our safety system"}}' }), 'openai')).toMatchObject({ kind: 'final', code: 'content_refused' });
    expect(classifyCallFailure(httpError(400, { message: 'max_tokens is too large' }), 'openai')).toEqual({
      kind: 'final',
      code: 'provider_rejected',
      message: 'openai refused the request (HTTP 400): max_tokens is too large',
    });
    expect(classifyCallFailure(httpError(404, { message: 'model not found' }), 'openai')).toMatchObject({ kind: 'final', code: 'provider_rejected' });
  });

  it('treats timeouts, dropped connections and empty answers as transient', () => {
    expect(classifyCallFailure(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'openai')).toMatchObject({ kind: 'transient', message: 'openai did not answer in time' });
    expect(classifyCallFailure(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }), 'openai')).toMatchObject({
      kind: 'transient',
      message: 'openai could not be reached',
    });
    expect(classifyCallFailure(new NoContentGeneratedError(), 'openai')).toMatchObject({ kind: 'transient' });
  });

  it('leaves anything else to the job (a bug is not a provider failure)', () => {
    expect(classifyCallFailure(new Error('cannot read properties of undefined'), 'openai')).toBeNull();
    expect(classifyCallFailure('a string', 'openai')).toBeNull();
  });
});

describe('backoffMs', () => {
  it('doubles from 250 ms with full jitter over the upper half, up to 8 s', () => {
    expect([0, 1, 2, 3].map((retry) => backoffMs(retry, null, () => 0))).toEqual([125, 250, 500, 1000]);
    expect([0, 1, 2, 3].map((retry) => backoffMs(retry, null, () => 1))).toEqual([250, 500, 1000, 2000]);
    expect(backoffMs(10, null, () => 1)).toBe(8000);
    expect(backoffMs(10, null, () => 0)).toBe(4000);
  });

  it('waits at least what the provider asked for, but never more than the cap', () => {
    expect(backoffMs(0, 1500, () => 0.5)).toBe(1500);
    expect(backoffMs(3, 100, () => 1)).toBe(2000);
    expect(backoffMs(0, 60_000, () => 0)).toBe(8000);
  });
});
