/**
 * AI providers faked at the network edge: one HTTP server on 127.0.0.1 that speaks OpenAI's
 * Chat Completions (`POST /v1/chat/completions`, which OpenAI-compatible servers speak too) and
 * Anthropic's Messages (`POST /v1/messages`) wire protocols, so the real AI SDK providers talk to
 * it exactly as they would to the real services. Point `OPENAI_BASE_URL`, `ANTHROPIC_BASE_URL`
 * and `OPENAI_COMPATIBLE_BASE_URL` at `fake.baseUrl`.
 *
 * Each model (the request's `model` field) answers from a script, in order: valid JSON, any
 * text (malformed JSON), an answer cut off at the token limit, an HTTP error in the provider's
 * own error shape (429 with Retry-After, 500, 401, 529 …), a delay, or no answer at all. Every
 * request is recorded (headers, parsed body), so a test can check what the SDK sent.
 *
 * The shapes follow what @ai-sdk/openai, @ai-sdk/openai-compatible and @ai-sdk/anthropic send
 * and parse (their dist schemas), and the providers' public API references:
 * - Structured output: Chat Completions `response_format: { type: 'json_schema', json_schema }`;
 *   Anthropic `output_config.format: { type: 'json_schema', schema }` for models with native
 *   structured outputs, else a forced tool named `json` (answered with a `tool_use` block).
 * - Streaming (`stream: true`): Chat Completions SSE chunks ending `data: [DONE]`, with a usage
 *   chunk when `stream_options.include_usage`; Anthropic's `message_start`, `content_block_*`,
 *   `message_delta`, `message_stop` events.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUsage {
  input: number;
  output: number;
}

/** What one model call is answered with. Build them with `answer.*`. */
export type FakeAnswer =
  | { kind: 'json'; value: unknown; usage?: FakeUsage }
  | { kind: 'text'; text: string; finish: 'stop' | 'length'; usage?: FakeUsage }
  | { kind: 'error'; status: number; message: string; headers: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'delay'; ms: number; then: FakeAnswer };

export const answer = {
  /** A well-formed answer: `value` as JSON (whether it fits the schema is up to the test). */
  json: (value: unknown, usage?: FakeUsage): FakeAnswer => ({ kind: 'json', value, ...(usage ? { usage } : {}) }),
  /** Raw text as the answer, e.g. JSON that does not parse. */
  text: (text: string, usage?: FakeUsage): FakeAnswer => ({ kind: 'text', text, finish: 'stop', ...(usage ? { usage } : {}) }),
  /** Cut off at the token limit (`finish_reason: length`, `stop_reason: max_tokens`). */
  truncated: (text: string, usage?: FakeUsage): FakeAnswer => ({ kind: 'text', text, finish: 'length', ...(usage ? { usage } : {}) }),
  /** An HTTP error in the provider's own error body. */
  error: (status: number, message = `fake error ${status}`, headers: Record<string, string> = {}): FakeAnswer => ({ kind: 'error', status, message, headers }),
  /** 429 with the headers the real services send: `retry-after` (seconds) and `retry-after-ms`. */
  rateLimited: (retryAfterMs: number): FakeAnswer =>
    answer.error(429, 'Rate limit reached for requests', { 'retry-after': String(Math.ceil(retryAfterMs / 1000)), 'retry-after-ms': String(retryAfterMs) }),
  serverError: (message = 'The server had an error while processing your request'): FakeAnswer => answer.error(500, message),
  keyRejected: (): FakeAnswer => answer.error(401, 'Incorrect API key provided'),
  /** Accepts the request and never answers (until the client gives up or the fake closes). */
  hang: (): FakeAnswer => ({ kind: 'hang' }),
  /** Waits, then answers. */
  delayed: (ms: number, then: FakeAnswer): FakeAnswer => ({ kind: 'delay', ms, then }),
};

export type Protocol = 'openai' | 'anthropic';

export interface RecordedRequest {
  protocol: Protocol;
  path: string;
  headers: http.IncomingHttpHeaders;
  // The parsed JSON body: tests read whatever field they check.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  model: string;
  stream: boolean;
  /** The key sent: `Authorization: Bearer …` (OpenAI) or `x-api-key` (Anthropic). */
  apiKey: string | undefined;
  /** Date.now() when the request arrived. */
  receivedAt: number;
  /** Which answer it got (`json`, `text`, `error 429`, `hang`, `unscripted`, …). */
  answeredWith: string;
}

export interface FakeAiProviders {
  /** `http://127.0.0.1:<port>/v1`: the base URL for every provider's SDK. */
  baseUrl: string;
  /** Every request so far, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  requestsFor(model: string): RecordedRequest[];
  /** Queues answers for `model`'s next requests, in order. */
  script(model: string, ...answers: FakeAnswer[]): void;
  /** How `model` answers when its script is used up (by default: a 400 saying nothing was scripted). */
  otherwise(model: string, answerFor: FakeAnswer | ((request: RecordedRequest) => FakeAnswer)): void;
  /** Resolves with the first request (already received or still to come) that matches. */
  waitForRequest(matches: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Forgets scripts and recorded requests (keeps the server and its key list). */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeAiProvidersOptions {
  /** When set, a request with any other key is refused with 401, as the real services do. */
  apiKeys?: readonly string[];
}

/** The text of each message of a request, whichever protocol: what the model was asked. */
export function messagesOf(request: RecordedRequest): { role: string; text: string }[] {
  const textOf = (content: unknown): string =>
    typeof content === 'string'
      ? content
      : Array.isArray(content)
        ? content
            .map((part: { type?: string; text?: string; input?: unknown }) => (part.type === 'text' ? (part.text ?? '') : part.type === 'tool_use' ? JSON.stringify(part.input) : ''))
            .join('')
        : '';
  const system = request.protocol === 'anthropic' && request.body.system ? [{ role: 'system', text: textOf(request.body.system) }] : [];
  return [...system, ...(request.body.messages as { role: string; content: unknown }[]).map((message) => ({ role: message.role, text: textOf(message.content) }))];
}

/** About four characters a token: the fallback usage when an answer names none. */
const tokensIn = (text: string) => Math.max(1, Math.ceil(text.length / 4));

const errorTypes: Record<Protocol, (status: number) => { type: string; code: string | null }> = {
  openai: (status) =>
    status === 401
      ? { type: 'invalid_request_error', code: 'invalid_api_key' }
      : status === 429
        ? { type: 'requests', code: 'rate_limit_exceeded' }
        : status >= 500
          ? { type: 'server_error', code: null }
          : { type: 'invalid_request_error', code: null },
  anthropic: (status) => ({
    type:
      status === 401
        ? 'authentication_error'
        : status === 403
          ? 'permission_error'
          : status === 429
            ? 'rate_limit_error'
            : status === 529
              ? 'overloaded_error'
              : status >= 500
                ? 'api_error'
                : 'invalid_request_error',
    code: null,
  }),
};

export async function createFakeAiProviders(options: FakeAiProvidersOptions = {}): Promise<FakeAiProviders> {
  const requests: RecordedRequest[] = [];
  const scripts = new Map<string, FakeAnswer[]>();
  const standing = new Map<string, FakeAnswer | ((request: RecordedRequest) => FakeAnswer)>();
  const waiters = new Set<(request: RecordedRequest) => void>();
  /** Timers of delayed answers, so closing the fake leaves none behind. */
  const timers = new Set<NodeJS.Timeout>();

  function next(request: RecordedRequest): FakeAnswer | undefined {
    const queued = scripts.get(request.model)?.shift();
    if (queued) return queued;
    const fallback = standing.get(request.model);
    return typeof fallback === 'function' ? fallback(request) : fallback;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] as string;
      const protocol: Protocol | undefined = req.method === 'POST' && path === '/v1/chat/completions' ? 'openai' : req.method === 'POST' && path === '/v1/messages' ? 'anthropic' : undefined;
      if (!protocol) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `fake-ai-providers: no route ${req.method} ${path}`, type: 'invalid_request_error' } }));
        return;
      }
      let body: RecordedRequest['body'];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        sendError(res, protocol, 400, 'fake-ai-providers: the body is not JSON', {});
        return;
      }
      const authorization = req.headers.authorization;
      const apiKey = protocol === 'openai' ? (authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined) : (req.headers['x-api-key'] as string | undefined);
      const request: RecordedRequest = {
        protocol,
        path,
        headers: req.headers,
        body,
        model: String(body?.model ?? ''),
        stream: body?.stream === true,
        apiKey,
        receivedAt: Date.now(),
        answeredWith: 'unscripted',
      };
      requests.push(request);
      let reply: FakeAnswer | undefined;
      if (options.apiKeys && (apiKey === undefined || !options.apiKeys.includes(apiKey))) {
        reply = answer.error(401, protocol === 'anthropic' ? 'invalid x-api-key' : `Incorrect API key provided: ${mask(apiKey)}`);
      } else {
        reply = next(request);
      }
      request.answeredWith = describe(reply);
      for (const waiter of waiters) waiter(request);
      respond(res, request, reply);
    });
  });

  function respond(res: http.ServerResponse, request: RecordedRequest, reply: FakeAnswer | undefined): void {
    if (!reply) {
      sendError(res, request.protocol, 400, `fake-ai-providers: nothing is scripted for model "${request.model}"`, {});
      return;
    }
    switch (reply.kind) {
      case 'hang':
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) respond(res, request, reply.then);
        }, reply.ms);
        timers.add(timer);
        return;
      }
      case 'error':
        sendError(res, request.protocol, reply.status, reply.message, reply.headers);
        return;
      case 'json':
      case 'text': {
        const text = reply.kind === 'json' ? JSON.stringify(reply.value) : reply.text;
        const finish = reply.kind === 'json' ? 'stop' : reply.finish;
        const usage = reply.usage ?? { input: tokensIn(messagesOf(request).map((message) => message.text).join('\n')), output: tokensIn(text) };
        if (request.protocol === 'openai') openaiAnswer(res, request, text, finish, usage);
        else anthropicAnswer(res, request, text, finish, usage);
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    requestsFor: (model) => requests.filter((request) => request.model === model),
    script(model, ...answers) {
      scripts.set(model, [...(scripts.get(model) ?? []), ...answers]);
    },
    otherwise(model, answerFor) {
      standing.set(model, answerFor);
    },
    waitForRequest(matches, timeoutMs = 30_000) {
      const seen = requests.find(matches);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`fake-ai-providers: no matching request within ${timeoutMs} ms (got ${requests.length}: ${requests.map((request) => `${request.model} → ${request.answeredWith}`).join(', ')})`));
        }, timeoutMs);
        const waiter = (request: RecordedRequest) => {
          if (!matches(request)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(request);
        };
        waiters.add(waiter);
      });
    },
    reset() {
      requests.length = 0;
      scripts.clear();
      standing.clear();
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function describe(reply: FakeAnswer | undefined): string {
  if (!reply) return 'unscripted';
  switch (reply.kind) {
    case 'error':
      return `error ${reply.status}`;
    case 'delay':
      return `delay ${reply.ms} ms, then ${describe(reply.then)}`;
    case 'text':
      return reply.finish === 'length' ? 'truncated' : 'text';
    default:
      return reply.kind;
  }
}

const mask = (key: string | undefined) => (key ? `${key.slice(0, 3)}****${key.slice(-4)}` : '(none)');

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, protocol: Protocol, status: number, message: string, headers: Record<string, string>): void {
  const { type, code } = errorTypes[protocol](status);
  const body = protocol === 'openai' ? { error: { message, type, param: null, code } } : { type: 'error', error: { type, message } };
  sendJson(res, status, body, protocol === 'anthropic' ? { 'request-id': `req_${randomBytes(8).toString('hex')}`, ...headers } : { 'x-request-id': `req_${randomBytes(8).toString('hex')}`, ...headers });
}

/** Splits `text` into a few deltas, as a model streams its tokens. */
function pieces(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 4));
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += size) parts.push(text.slice(at, at + size));
  return parts;
}

function startEventStream(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
}

/** Chat Completions: one `chat.completion`, or `chat.completion.chunk` events ending with `[DONE]`. */
function openaiAnswer(res: http.ServerResponse, request: RecordedRequest, text: string, finish: 'stop' | 'length', usage: FakeUsage): void {
  const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
  const created = Math.floor(Date.now() / 1000);
  const usageBody = { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output };
  if (!request.stream) {
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: finish }],
      usage: usageBody,
    });
    return;
  }
  startEventStream(res);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices, ...extra })}\n\n`);
  chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
  for (const piece of pieces(text)) chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]);
  chunk([{ index: 0, delta: {}, finish_reason: finish }]);
  if (request.body.stream_options?.include_usage === true) chunk([], { usage: usageBody });
  res.end('data: [DONE]\n\n');
}

/**
 * Messages: the answer as a `text` block (native structured output, `output_config.format`) or
 * as a call of the forced `json` tool (older models) when the request offers that tool.
 */
function anthropicAnswer(res: http.ServerResponse, request: RecordedRequest, text: string, finish: 'stop' | 'length', usage: FakeUsage): void {
  const id = `msg_${randomBytes(12).toString('hex')}`;
  const tools = (request.body.tools ?? []) as { name?: string }[];
  let toolInput: unknown;
  if (tools.some((tool) => tool.name === 'json')) {
    try {
      toolInput = JSON.parse(text);
    } catch {
      // Text that is not JSON cannot be a tool call's input: the model answers in prose instead.
    }
  }
  const asTool = toolInput !== undefined && typeof toolInput === 'object' && toolInput !== null;
  const toolId = `toolu_${randomBytes(12).toString('hex')}`;
  const stopReason = finish === 'length' ? 'max_tokens' : asTool ? 'tool_use' : 'end_turn';
  if (!request.stream) {
    sendJson(res, 200, {
      id,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: asTool ? [{ type: 'tool_use', id: toolId, name: 'json', input: toolInput }] : [{ type: 'text', text }],
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: usage.output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    return;
  }
  startEventStream(res);
  const event = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  event('message_start', {
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
  });
  event('content_block_start', { index: 0, content_block: asTool ? { type: 'tool_use', id: toolId, name: 'json', input: {} } : { type: 'text', text: '' } });
  event('ping', {});
  for (const piece of pieces(asTool ? JSON.stringify(toolInput) : text)) {
    event('content_block_delta', { index: 0, delta: asTool ? { type: 'input_json_delta', partial_json: piece } : { type: 'text_delta', text: piece } });
  }
  event('content_block_stop', { index: 0 });
  event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output } });
  event('message_stop', {});
  res.end();
}

/**
 * Makes every `fetch` of this process refuse any host but the loopback address, so a test that
 * forgot to point a provider at the fake fails loudly instead of calling the internet. Returns
 * the function that puts the real `fetch` back.
 */
export function loopbackOnlyFetch(): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      return Promise.reject(new TypeError(`this test may only reach 127.0.0.1, not ${url.host}`));
    }
    return original(input, init);
  };
  return () => {
    globalThis.fetch = original;
  };
}
