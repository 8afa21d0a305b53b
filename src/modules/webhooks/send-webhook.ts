import http from 'node:http';
import https from 'node:https';
import { isIP, type BlockList } from 'node:net';
import { classifyAddress, guardedLookup, RefusedAddressError, unbracket } from './address-guard.ts';

/** What one delivery attempt sends. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What came back, or why nothing did. `status` is null when no answer arrived. */
export interface WebhookResponse {
  status: number | null;
  /** The answer's first bytes, at most `responseBodyLimit`. */
  body: string | null;
  durationMs: number;
  error: string | null;
}

export interface SendOptions {
  allowed: BlockList;
  timeoutMs?: number;
  /** The most of an answer's body that is read and kept. */
  responseBodyLimit?: number;
  signal?: AbortSignal;
}

export const deliveryTimeoutMs = 15_000;
export const responseBodyLimit = 64 * 1024;

/**
 * POSTs a webhook: http(s) only, every address checked at connection time (literal addresses
 * before connecting, names inside the DNS lookup), no redirect followed (a 3xx is an answer like
 * any other non-2xx), at most `responseBodyLimit` bytes of the answer read, and the whole
 * exchange cut off after `timeoutMs`. Never throws: a failure is in `error`.
 */
export async function sendWebhook(request: WebhookRequest, options: SendOptions): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { status: null, body: null, durationMs: 0, error: 'the endpoint URL is not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { status: null, body: null, durationMs: 0, error: 'only http and https endpoints are called' };
  const host = unbracket(url.hostname);
  if (isIP(host) !== 0) {
    const verdict = classifyAddress(host, options.allowed);
    if (!verdict.allowed) return { status: null, body: null, durationMs: 0, error: new RefusedAddressError(host, host, verdict.range ?? 'refused').message };
  }
  const limit = options.responseBodyLimit ?? responseBodyLimit;
  const timeoutMs = options.timeoutMs ?? deliveryTimeoutMs;
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<WebhookResponse>((resolve) => {
    let settled = false;
    const finish = (response: Omit<WebhookResponse, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...response, durationMs: elapsed() });
    };
    const outgoing = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: guardedLookup(options.allowed),
        signal,
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const done = () => finish({ status: incoming.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8'), error: null });
        incoming.on('data', (chunk: Buffer) => {
          if (kept < limit) {
            const part = chunk.subarray(0, limit - kept);
            chunks.push(part);
            kept += part.length;
          }
          if (kept >= limit) {
            // Enough: the rest of a large answer is never read.
            done();
            incoming.destroy();
          }
        });
        incoming.on('end', done);
        incoming.on('error', () => done());
      },
    );
    outgoing.on('error', (error: Error & { code?: string }) => {
      const timedOut = signal.aborted && !options.signal?.aborted;
      const message = error instanceof RefusedAddressError || error.cause instanceof RefusedAddressError
        ? (error instanceof RefusedAddressError ? error.message : (error.cause as Error).message)
        : timedOut
          ? `no answer within ${timeoutMs >= 1000 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}`
          : `${error.code ? `${error.code}: ` : ''}${error.message}`;
      finish({ status: null, body: null, error: message });
    });
    outgoing.end(request.body);
  });
}
