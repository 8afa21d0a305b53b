// Outgoing webhooks end to end against a receiver on loopback: the real API, the real event
// subscriber and job, real HTTP through the SSRF-guarded client. Nothing is sent anywhere but
// 127.0.0.1 and ::1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { identityModule } from '../src/modules/identity/index.ts';
import { creditsLow } from '../src/modules/usage/index.ts';
import { parseAllowedNetworks } from '../src/modules/webhooks/address-guard.ts';
import { attemptDelivery, fanOut, maxAttempts, resendDelivery, webhookParts, type AttemptQueue, type DeliverPayload } from '../src/modules/webhooks/deliveries.ts';
import { webhooksModule } from '../src/modules/webhooks/index.ts';
import { sendWebhook } from '../src/modules/webhooks/send-webhook.ts';
import { deliverWebhook, webhookFanOut } from '../src/modules/webhooks/webhooks-jobs.ts';
import { queryRows } from '../src/platform/db/tenancy.ts';
import { appendEvent } from '../src/platform/events/append-event.ts';
import { createDispatcher } from '../src/platform/events/dispatcher.ts';
import { createJobQueue, type JobQueue } from '../src/platform/jobs/job-queue.ts';
import { call, joinWorkspace, signUp, type SignedUpUser } from './support/identity-client.ts';
import { createTestApp, memoryLogger, type TestApp } from './support/test-app.ts';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver on loopback: `/ok` answers 200, `/fail` 500, `/redirect` 302 to `/target`, `/big` a 200 KB body,
 * `/binary` and `/binary-fail` 200 and 500 with NUL bytes in the body (as a gzipped answer has), `/hang` never.
 */
async function startReceiver(host: string) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (path === '/hang') return;
      if (path === '/fail') return response.writeHead(500).end('receiver is down');
      if (path === '/redirect') return response.writeHead(302, { location: '/target' }).end();
      if (path === '/big') return response.writeHead(200).end('x'.repeat(200 * 1024));
      if (path === '/binary' || path === '/binary-fail') return response.writeHead(path === '/binary' ? 200 : 500).end(binaryAnswer);
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const base = host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
  return {
    received,
    port,
    url: (path: string) => `${base}${path}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** An answer PostgreSQL's text cannot hold as it is: NUL bytes. */
const binaryAnswer = Buffer.from('\u0000\u0000gzip?\u0000ok');

/**
 * The Standard Webhooks check a receiver does, by the reference library (`standardwebhooks`):
 * some signature in the header is the one it computes with this secret. The library's `verify`
 * also refuses timestamps over 5 minutes from its clock; the tests move the deliveries' clock, so
 * they compare with its `sign` for the delivery's own timestamp (and `verify` where the clock is real).
 */
function verifies(secret: string, request: Received): boolean {
  const id = request.headers['webhook-id'] as string;
  const timestamp = new Date(Number(request.headers['webhook-timestamp']) * 1000);
  const expected = new Webhook(secret).sign(id, timestamp, request.body);
  return String(request.headers['webhook-signature']).split(' ').includes(expected);
}

let test: TestApp;
let owner: SignedUpUser;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let receiver6: Awaited<ReturnType<typeof startReceiver>>;
let worker: JobQueue;
beforeAll(async () => {
  receiver = await startReceiver('127.0.0.1');
  receiver6 = await startReceiver('::1');
  // Loopback is allowed explicitly, as an operator would allow an internal network.
  test = await createTestApp([identityModule, webhooksModule], { WEBHOOKS_ALLOWED_NETWORKS: '127.0.0.1, ::1' });
  owner = await signUp(test.app, 'owner@example.com');
  worker = await createJobQueue({ config: test.config, db: test.database.db, role: 'worker', jobs: [deliverWebhook], logger: memoryLogger('fatal').logger });
  await worker.work();
});
afterAll(async () => {
  await worker?.stop(0);
  await test?.close();
  await receiver?.close();
  await receiver6?.close();
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver6.received.length = 0;
});

const base = () => `/api/workspaces/${owner.workspaceId}/webhooks`;
const db = () => test.database.db;

async function createEndpoint(url: string, eventTypes = ['credits.low']) {
  const response = await call(test.app, 'POST', `${base()}/endpoints`, { cookie: owner.cookie, body: { url, eventTypes, description: 'test receiver' } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; secret: string; enabled: boolean };
}

/** Appends a public event in the workspace and runs the fan-out subscriber over it. */
async function emitCreditsLow(balance = 10) {
  const event = await db().tenant(owner.workspaceId, (tx) => appendEvent(tx, creditsLow, { workspaceId: owner.workspaceId, payload: { balance, threshold: 50 } }));
  const dispatcher = createDispatcher({ db: db(), subscribers: [webhookFanOut], logger: memoryLogger('fatal').logger, jobs: worker });
  // On a busy PostgreSQL server an event is delivered only once every older transaction has ended: drain until it was.
  const fannedOut = () => db().system((tx) => queryRows<{ count: number }>(tx, sql`select count(*)::int as count from webhooks.deliveries where message_id = ${event.id}`));
  await until(async () => (await dispatcher.drain(), (await fannedOut())[0]?.count ?? 0), (count) => count > 0);
  return event;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const deliveryOf = async (deliveryId: string) => (await call(test.app, 'GET', `${base()}/deliveries/${deliveryId}`, { cookie: owner.cookie })).json();

/** A stand-in queue that records what would be enqueued, so the schedule is checked with a clock the test moves. */
function recordingQueue() {
  const enqueued: { payload: DeliverPayload; runAt: Date | undefined }[] = [];
  const jobs = {
    enqueue: async (_tx: unknown, _job: unknown, payload: DeliverPayload, options?: { runAt?: Date }) => {
      enqueued.push({ payload, runAt: options?.runAt });
      return 'job';
    },
  } as unknown as JobQueue;
  return { enqueued, queue: { jobs, job: deliverWebhook } as unknown as AttemptQueue };
}

async function directDelivery(endpointId: string, queue: AttemptQueue) {
  const [deliveryId] = await db().tenant(owner.workspaceId, (tx) =>
    fanOut(tx, queue, owner.workspaceId, { id: crypto.randomUUID(), type: 'credits.low', payload: { type: 'credits.low', timestamp: new Date().toISOString(), data: { balance: 1, threshold: 50 } } }, endpointId),
  );
  return deliveryId as string;
}

describe('the catalogue', () => {
  it('is public, versioned, with a JSON Schema and an example per event', async () => {
    const response = await call(test.app, 'GET', '/api/webhooks/catalogue');
    expect(response.statusCode).toBe(200);
    const catalogue = response.json();
    expect(catalogue.version).toBe(1);
    expect(catalogue.events.map((event: { type: string }) => event.type)).toEqual(['site.published', 'site.form_submitted', 'generation.succeeded', 'generation.failed', 'credits.low', 'member.joined']);
    expect(catalogue.events[4]).toMatchObject({ type: 'credits.low', version: 1, schema: { type: 'object', required: ['balance', 'threshold'] }, example: { data: { balance: 40, threshold: 50 } } });
    const openapi = (await call(test.app, 'GET', '/api/openapi.json')).json();
    expect(Object.keys(openapi.paths)).toContain('/api/webhooks/catalogue');
  });
});

describe('endpoints', () => {
  it('are registered, read, changed and deleted by the workspace managers only', async () => {
    const created = await createEndpoint(receiver.url('/ok'), ['credits.low', 'member.joined']);
    expect(created.secret).toMatch(/^whsec_/);
    const list = (await call(test.app, 'GET', `${base()}/endpoints`, { cookie: owner.cookie })).json();
    expect(list.items.map((item: { id: string }) => item.id)).toContain(created.id);
    expect(JSON.stringify(list)).not.toContain(created.secret);
    const secret = await call(test.app, 'GET', `${base()}/endpoints/${created.id}/secret`, { cookie: owner.cookie });
    expect(secret.json()).toEqual({ secret: created.secret, previousSecretExpiresAt: null });
    const changed = await call(test.app, 'PATCH', `${base()}/endpoints/${created.id}`, { cookie: owner.cookie, body: { description: 'renamed', enabled: false } });
    expect(changed.json()).toMatchObject({ description: 'renamed', enabled: false });
    // The secret is sealed at rest.
    const [stored] = await db().system((tx) => queryRows<{ secret_sealed: string }>(tx, sql`select secret_sealed from webhooks.endpoints where id = ${created.id}`));
    expect(stored?.secret_sealed).toMatch(/^v1\./);
    expect(stored?.secret_sealed).not.toContain(created.secret.slice(6));

    const stranger = await signUp(test.app, 'stranger@example.com');
    expect((await call(test.app, 'GET', `/api/workspaces/${stranger.workspaceId}/webhooks/endpoints/${created.id}`, { cookie: stranger.cookie })).statusCode).toBe(404);
    expect((await call(test.app, 'GET', `${base()}/endpoints/${created.id}`, { cookie: stranger.cookie })).statusCode).toBe(404);

    const member = await signUp(test.app, 'member@example.com');
    await joinWorkspace(test.app, db(), owner.cookie, owner.workspaceId, member, 'member');
    expect((await call(test.app, 'GET', `${base()}/endpoints`, { cookie: member.cookie })).statusCode).toBe(403);
    expect((await call(test.app, 'POST', `${base()}/endpoints/${created.id}/rotate-secret`, { cookie: member.cookie })).statusCode).toBe(403);

    expect((await call(test.app, 'DELETE', `${base()}/endpoints/${created.id}`, { cookie: owner.cookie })).statusCode).toBe(204);
    expect((await call(test.app, 'GET', `${base()}/endpoints/${created.id}`, { cookie: owner.cookie })).statusCode).toBe(404);
  });

  it('refuses event types outside the catalogue, other schemes and refused literal addresses', async () => {
    const post = (body: unknown) => call(test.app, 'POST', `${base()}/endpoints`, { cookie: owner.cookie, body });
    expect((await post({ url: receiver.url('/ok'), eventTypes: ['credits.consumed'] })).json().error.message).toMatch(/Not in the event catalogue: credits.consumed/);
    expect((await post({ url: 'ftp://example.com/hook', eventTypes: ['credits.low'] })).statusCode).toBe(400);
    for (const url of ['http://10.0.0.1/hook', 'http://169.254.169.254/latest/meta-data', 'http://[fd00::1]/hook', 'http://[::ffff:127.0.0.1]/hook']) {
      const refused = await post({ url, eventTypes: ['credits.low'] });
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json().error.details.field).toBe('url');
    }
  });
});

describe('deliveries', () => {
  it('sends each public event to the subscribed endpoints, signed, once per endpoint, and logs every attempt', async () => {
    const endpoint = await createEndpoint(receiver.url('/ok'));
    const other = await createEndpoint(receiver6.url('/ok'), ['member.joined']);
    const event = await emitCreditsLow(12);
    const delivered = await until(async () => receiver.received.filter((request) => request.headers['webhook-id'] === event.id), (found) => found.length > 0);
    expect(delivered).toHaveLength(1);
    const [request] = delivered as [Received];
    expect(verifies(endpoint.secret, request)).toBe(true);
    expect(verifies(other.secret, request)).toBe(false);
    // The receiver's own check, timestamp tolerance included, passes; a tampered body does not.
    expect(new Webhook(endpoint.secret).verify(request.body, request.headers as Record<string, string>)).toBeTruthy();
    expect(() => new Webhook(endpoint.secret).verify(`${request.body} `, request.headers as Record<string, string>)).toThrow();
    expect(JSON.parse(request.body)).toEqual({ type: 'credits.low', timestamp: expect.any(String), data: { balance: 12, threshold: 50 } });
    expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);

    const log = await until(async () => (await call(test.app, 'GET', `${base()}/deliveries?endpointId=${endpoint.id}`, { cookie: owner.cookie })).json(), (page) => page.items[0]?.status === 'succeeded');
    expect(log.items).toHaveLength(1);
    // The log says what the latest attempt got back, without a request per row.
    expect(log.items[0]).toMatchObject({ lastResponseStatus: 200, lastDurationMs: expect.any(Number) });
    const detail = await deliveryOf(log.items[0].id);
    expect(detail).toMatchObject({ messageId: event.id, eventType: 'credits.low', status: 'succeeded', attempts: 1 });
    expect(detail.attemptLog).toEqual([expect.objectContaining({ attempt: 1, responseStatus: 200, responseBody: 'ok', error: null, requestBody: request.body })]);
    expect(detail.attemptLog[0].requestHeaders['webhook-signature']).toBe(request.headers['webhook-signature']);

    // The same event handled again (a replay, a retried batch) makes no second delivery.
    const { queue, enqueued } = recordingQueue();
    await db().tenant(owner.workspaceId, (tx) => fanOut(tx, queue, owner.workspaceId, { id: event.id, type: 'credits.low', payload: {} }));
    expect(enqueued).toHaveLength(0);
    // Not subscribed to credits.low: the other endpoint got nothing.
    expect(receiver6.received).toHaveLength(0);
    await call(test.app, 'PATCH', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie, body: { enabled: false } });
  });

  it('sends a test event to one endpoint', async () => {
    const endpoint = await createEndpoint(receiver.url('/ok'), ['member.joined']);
    const sent = await call(test.app, 'POST', `${base()}/endpoints/${endpoint.id}/test`, { cookie: owner.cookie, body: {} });
    expect(sent.statusCode, sent.body).toBe(202);
    const detail = await until(() => deliveryOf(sent.json().id), (delivery) => delivery.status === 'succeeded');
    expect(detail.status).toBe('succeeded');
    const [request] = receiver.received;
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({ type: 'member.joined', data: { role: 'member' } });
    expect(verifies(endpoint.secret, request as Received)).toBe(true);
    await call(test.app, 'PATCH', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie, body: { enabled: false } });
  });

  it("retries a failing endpoint on Svix's schedule, then fails the delivery and tells the workspace", async () => {
    const endpoint = await createEndpoint(receiver.url('/fail'));
    const { queue, enqueued } = recordingQueue();
    let now = new Date('2026-03-01T12:00:00.000Z');
    const parts = webhookParts(db(), test.config, { now: () => now });
    const deliveryId = await directDelivery(endpoint.id, queue);
    expect(enqueued.map((entry) => entry.payload)).toEqual([{ deliveryId, round: 0, attempt: 1 }]);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const job = enqueued.at(-1);
      if (job?.runAt) {
        delays.push((job.runAt.getTime() - now.getTime()) / 1000);
        now = job.runAt;
      }
      const outcome = await attemptDelivery(parts, queue, owner.workspaceId, job?.payload as DeliverPayload);
      expect(outcome).toBe(attempt < maxAttempts ? 'retrying' : 'failed');
    }
    expect(delays).toEqual([5, 300, 1800, 7200, 18_000, 36_000, 36_000]);
    expect(enqueued).toHaveLength(maxAttempts);
    // A stale or repeated job sends nothing.
    expect(await attemptDelivery(parts, queue, owner.workspaceId, { deliveryId, round: 0, attempt: 3 })).toBe('skipped');
    expect(receiver.received.filter((request) => request.path === '/fail')).toHaveLength(8);

    const detail = await deliveryOf(deliveryId);
    expect(detail).toMatchObject({ status: 'failed', attempts: 8, nextAttemptAt: null });
    expect(detail.attemptLog.map((attempt: { attempt: number }) => attempt.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(detail.attemptLog[0]).toMatchObject({ responseStatus: 500, responseBody: 'receiver is down', error: 'the endpoint answered 500' });
    const [told] = await db().system((tx) => queryRows<{ payload: { deliveryId: string; attempts: number } }>(tx, sql`select payload from platform.event_log where type = 'webhook.delivery_failed' and payload->>'deliveryId' = ${deliveryId}`));
    expect(told?.payload).toMatchObject({ deliveryId, attempts: 8 });
    await call(test.app, 'PATCH', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie, body: { enabled: false } });
  });

  it('disables an endpoint that has failed everything for 5 days, and tells the workspace', async () => {
    const endpoint = await createEndpoint(receiver.url('/fail'));
    const { queue } = recordingQueue();
    let now = new Date('2026-03-10T00:00:00.000Z');
    const parts = webhookParts(db(), test.config, { now: () => now });
    const first = await directDelivery(endpoint.id, queue);
    expect(await attemptDelivery(parts, queue, owner.workspaceId, { deliveryId: first, round: 0, attempt: 1 })).toBe('retrying');
    now = new Date('2026-03-14T23:59:59.000Z');
    const second = await directDelivery(endpoint.id, queue);
    expect(await attemptDelivery(parts, queue, owner.workspaceId, { deliveryId: second, round: 0, attempt: 1 })).toBe('retrying');
    expect((await call(test.app, 'GET', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie })).json()).toMatchObject({ enabled: true, failingSince: '2026-03-10T00:00:00.000Z' });
    now = new Date('2026-03-15T00:00:00.000Z');
    const third = await directDelivery(endpoint.id, queue);
    expect(await attemptDelivery(parts, queue, owner.workspaceId, { deliveryId: third, round: 0, attempt: 1 })).toBe('failed');
    const view = (await call(test.app, 'GET', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie })).json();
    expect(view).toMatchObject({ enabled: false, disabledReason: 'Every delivery failed for 5 days' });
    const told = await db().system((tx) => queryRows<{ payload: { endpointId: string } }>(tx, sql`select payload from platform.event_log where type = 'webhook.endpoint_disabled' and payload->>'endpointId' = ${endpoint.id}`));
    expect(told).toHaveLength(1);
    // A disabled endpoint is not called; enabling it again starts afresh.
    expect(await attemptDelivery(parts, queue, owner.workspaceId, { deliveryId: first, round: 0, attempt: 2 })).toBe('skipped');
    const enabled = (await call(test.app, 'PATCH', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie, body: { enabled: true } })).json();
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await call(test.app, 'PATCH', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie, body: { enabled: false } });
  });

  it('resends one delivery, and recovers every failed delivery since a time', async () => {
    const endpoint = await createEndpoint(receiver.url('/fail'));
    const { queue } = recordingQueue();
    const parts = webhookParts(db(), test.config);
    const failAll = async (deliveryId: string) => {
      for (let attempt = 1; attempt <= maxAttempts; attempt++) await attemptDelivery(parts, queue, owner.workspaceId, { deliveryId, round: 0, attempt });
    };
    const old = await directDelivery(endpoint.id, queue);
    await failAll(old);
    await db().system((tx) => tx.execute(sql`update webhooks.deliveries set created_at = now() - interval '3 days' where id = ${old}`));
    const since = new Date(Date.now() - 1000);
    const recent = [await directDelivery(endpoint.id, queue), await directDelivery(endpoint.id, queue)];
    for (const deliveryId of recent) await failAll(deliveryId);
    // The receiver is fixed.
    await call(test.app, 'PATCH', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie, body: { url: receiver.url('/ok') } });

    const recovered = await call(test.app, 'POST', `${base()}/recover`, { cookie: owner.cookie, body: { since: since.toISOString(), endpointId: endpoint.id } });
    expect(recovered.statusCode, recovered.body).toBe(202);
    expect(recovered.json()).toEqual({ requeued: 2 });
    for (const deliveryId of recent) {
      const detail = await until(() => deliveryOf(deliveryId), (delivery) => delivery.status === 'succeeded');
      expect(detail).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(detail.attemptLog.map((attempt: { attempt: number }) => attempt.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    expect((await deliveryOf(old)).status).toBe('failed');

    const resent = await call(test.app, 'POST', `${base()}/deliveries/${old}/resend`, { cookie: owner.cookie });
    expect(resent.statusCode).toBe(202);
    expect((await until(() => deliveryOf(old), (delivery) => delivery.status === 'succeeded')).status).toBe('succeeded');
    await call(test.app, 'PATCH', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie, body: { enabled: false } });
  });

  it('logs an answer with NUL bytes in it (a binary or gzipped body), and its error text, like any other', async () => {
    const { queue } = recordingQueue();
    const parts = webhookParts(db(), test.config);
    const ok = await createEndpoint(receiver.url('/binary'));
    const succeeded = await directDelivery(ok.id, queue);
    expect(await attemptDelivery(parts, queue, owner.workspaceId, { deliveryId: succeeded, round: 0, attempt: 1 })).toBe('succeeded');
    const detail = await deliveryOf(succeeded);
    expect(detail).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(detail.attemptLog).toEqual([expect.objectContaining({ responseStatus: 200, responseBody: '\uFFFD\uFFFDgzip?\uFFFDok', error: null })]);

    const failing = await createEndpoint(receiver.url('/binary-fail'));
    const retried = await directDelivery(failing.id, queue);
    expect(await attemptDelivery(parts, queue, owner.workspaceId, { deliveryId: retried, round: 0, attempt: 1 })).toBe('retrying');
    expect(await deliveryOf(retried)).toMatchObject({ status: 'pending', attempts: 1, attemptLog: [expect.objectContaining({ responseStatus: 500, error: 'the endpoint answered 500' })] });

    // Nor does an error text with a NUL in it break the log.
    const broken = webhookParts(db(), test.config, { send: async () => ({ status: null, body: null, durationMs: 1, error: 'socket hang up\u0000' }) });
    const errored = await directDelivery(failing.id, queue);
    expect(await attemptDelivery(broken, queue, owner.workspaceId, { deliveryId: errored, round: 0, attempt: 1 })).toBe('retrying');
    expect((await deliveryOf(errored)).attemptLog).toEqual([expect.objectContaining({ responseStatus: null, error: 'socket hang up\uFFFD' })]);
    for (const endpoint of [ok, failing]) await call(test.app, 'PATCH', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie, body: { enabled: false } });
  });

  it('lets a resend win over an attempt of the older round still in flight', async () => {
    const endpoint = await createEndpoint(receiver.url('/ok'));
    const { queue, enqueued } = recordingQueue();
    const parts = webhookParts(db(), test.config);
    const resend = (deliveryId: string) => db().tenant(owner.workspaceId, (tx) => resendDelivery(tx, queue, owner.workspaceId, deliveryId));
    /** A sender that runs `meanwhile` while its request is out (no sleep: the race is staged), then answers 500. */
    const inFlight = (meanwhile: () => Promise<unknown>) =>
      webhookParts(db(), test.config, { send: async () => (await meanwhile(), { status: 500, body: 'old round', durationMs: 1, error: null }) });
    const failedEvents = async (deliveryId: string) =>
      db().system((tx) => queryRows(tx, sql`select 1 from platform.event_log where type = 'webhook.delivery_failed' and payload->>'deliveryId' = ${deliveryId}`));

    // Resent while round 0's first attempt is out: that answer is logged, and the new round goes on.
    const first = await directDelivery(endpoint.id, queue);
    expect(await attemptDelivery(inFlight(() => resend(first)), queue, owner.workspaceId, { deliveryId: first, round: 0, attempt: 1 })).toBe('superseded');
    expect(enqueued.filter((job) => job.payload.deliveryId === first).map((job) => job.payload)).toEqual([
      { deliveryId: first, round: 0, attempt: 1 },
      { deliveryId: first, round: 1, attempt: 1 },
    ]);
    expect(await deliveryOf(first)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await attemptDelivery(parts, queue, owner.workspaceId, { deliveryId: first, round: 1, attempt: 1 })).toBe('succeeded');
    const detail = await deliveryOf(first);
    expect(detail).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(detail.attemptLog.map((attempt: { attempt: number; responseStatus: number }) => [attempt.attempt, attempt.responseStatus])).toEqual([[1, 500], [2, 200]]);

    // Round 0's last attempt failing after the resent round succeeded does not fail the delivery.
    const last = await directDelivery(endpoint.id, queue);
    await db().system((tx) => tx.execute(sql`update webhooks.deliveries set attempts = ${maxAttempts - 1} where id = ${last}`));
    const resendAndSucceed = async () => {
      await resend(last);
      expect(await attemptDelivery(parts, queue, owner.workspaceId, { deliveryId: last, round: 1, attempt: 1 })).toBe('succeeded');
    };
    expect(await attemptDelivery(inFlight(resendAndSucceed), queue, owner.workspaceId, { deliveryId: last, round: 0, attempt: maxAttempts })).toBe('superseded');
    expect(await deliveryOf(last)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(await failedEvents(last)).toHaveLength(0);
    await call(test.app, 'PATCH', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie, body: { enabled: false } });
  });

  it('signs with both secrets for 24 hours after a rotation, then with the new one only', async () => {
    const endpoint = await createEndpoint(receiver.url('/ok'));
    const rotated = await call(test.app, 'POST', `${base()}/endpoints/${endpoint.id}/rotate-secret`, { cookie: owner.cookie });
    expect(rotated.statusCode).toBe(200);
    const { secret, previousSecretExpiresAt } = rotated.json() as { secret: string; previousSecretExpiresAt: string };
    expect(secret).not.toBe(endpoint.secret);
    const event = await emitCreditsLow();
    const [request] = await until(async () => receiver.received.filter((entry) => entry.headers['webhook-id'] === event.id), (found) => found.length > 0);
    expect(String(request?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifies(secret, request as Received)).toBe(true);
    expect(verifies(endpoint.secret, request as Received)).toBe(true);

    // A day later the old secret no longer signs.
    const { queue } = recordingQueue();
    const parts = webhookParts(db(), test.config, { now: () => new Date(new Date(previousSecretExpiresAt).getTime() + 1000) });
    const later = await directDelivery(endpoint.id, queue);
    receiver.received.length = 0;
    expect(await attemptDelivery(parts, queue, owner.workspaceId, { deliveryId: later, round: 0, attempt: 1 })).toBe('succeeded');
    const [afterwards] = receiver.received;
    expect(String(afterwards?.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifies(secret, afterwards as Received)).toBe(true);
    expect(verifies(endpoint.secret, afterwards as Received)).toBe(false);
    await call(test.app, 'PATCH', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie, body: { enabled: false } });
  });
});

describe('SSRF protection, end to end on loopback', () => {
  const none = parseAllowedNetworks('');
  const send = (url: string, allowed = none, timeoutMs?: number) => sendWebhook({ url, headers: { 'content-type': 'application/json' }, body: '{}' }, { allowed, ...(timeoutMs ? { timeoutMs } : {}) });

  it('refuses 127.0.0.1 and [::1] without the allow-list, before connecting', async () => {
    const v4 = await send(receiver.url('/ok'));
    expect(v4).toMatchObject({ status: null, error: 'refused to connect to 127.0.0.1: a loopback address' });
    const v6 = await send(receiver6.url('/ok'));
    expect(v6).toMatchObject({ status: null, error: 'refused to connect to ::1: a loopback address' });
    expect(receiver.received).toHaveLength(0);
    expect(receiver6.received).toHaveLength(0);
  });

  it('refuses a name that resolves to loopback, at connection time', async () => {
    const named = await send(`http://localhost:${receiver.port}/ok`);
    expect(named.status).toBeNull();
    // The kind of range is named, never the address a name resolved to (a tenant must not map internal DNS from the log).
    expect(named.error).toBe('refused to connect to localhost: it resolves to a loopback address');
    expect(receiver.received).toHaveLength(0);
  });

  it('logs a refused delivery like any failed attempt', async () => {
    // Saved by name (names are checked at each connection), sent by a worker without the allow-list.
    const endpoint = await createEndpoint(`http://localhost:${receiver.port}/ok`);
    const { queue } = recordingQueue();
    const parts = webhookParts(db(), { ...test.config, WEBHOOKS_ALLOWED_NETWORKS: undefined });
    const deliveryId = await directDelivery(endpoint.id, queue);
    expect(await attemptDelivery(parts, queue, owner.workspaceId, { deliveryId, round: 0, attempt: 1 })).toBe('retrying');
    const [attempt] = (await deliveryOf(deliveryId)).attemptLog;
    expect(attempt).toMatchObject({ responseStatus: null, error: expect.stringMatching(/^refused to connect to localhost: it resolves to/) });
    expect(receiver.received).toHaveLength(0);
    await call(test.app, 'PATCH', `${base()}/endpoints/${endpoint.id}`, { cookie: owner.cookie, body: { enabled: false } });
  });

  it('follows no redirect, reads at most 64 KB of an answer and gives up on a silent receiver', async () => {
    const allowed = parseAllowedNetworks('127.0.0.1');
    const redirected = await send(receiver.url('/redirect'), allowed);
    expect(redirected).toMatchObject({ status: 302, error: null });
    expect(receiver.received.map((request) => request.path)).toEqual(['/redirect']);
    const big = await send(receiver.url('/big'), allowed);
    expect(big.status).toBe(200);
    expect(big.body).toHaveLength(64 * 1024);
    const silent = await send(receiver.url('/hang'), allowed, 300);
    expect(silent).toMatchObject({ status: null, error: 'no answer within 300 ms' });
  });
});
