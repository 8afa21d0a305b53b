/**
 * Outgoing webhooks end to end, on in-memory PGlite (the embedded mode) with a receiver on
 * loopback that answers 200 at once.
 *
 * Throughput (the headline): `credits.low` events appended in batches to one workspace with one
 * subscribed endpoint; the dispatcher (woken by NOTIFY) fans them out and a worker runs the
 * `webhooks.deliver` jobs (sign, SSRF-guarded POST, delivery log). Deliveries per second from the
 * first append to the last request received. The peer is the floor without the queue and the
 * log: the same bodies signed the same way and POSTed by a bare node:http client to the same
 * receiver, as many at once as the worker runs (10).
 *
 * Latency (extra figures): on an idle system, one event at a time, from just before its append
 * to the moment the receiver sees its request (the delivery's start), p50 and p99.
 *
 * The goal is absolute (≥ 100 deliveries/s on PGlite); the harness judges ratios, so it is
 * expressed as the fraction of this run's bare-HTTP floor that 100/s amounts to.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { uuidv7 } from 'uuidv7';
import { creditsLow } from '../src/modules/usage/index.ts';
import { secretBinding } from '../src/modules/webhooks/deliveries.ts';
import { signedHeaders } from '../src/modules/webhooks/signature.ts';
import { deliverWebhook, webhookFanOut } from '../src/modules/webhooks/webhooks-jobs.ts';
import { endpoints } from '../src/modules/webhooks/webhooks.schema.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { secretBoxFor } from '../src/platform/crypto/secret-box.ts';
import { appendEvent, appendEvents } from '../src/platform/events/append-event.ts';
import { createDispatcher } from '../src/platform/events/dispatcher.ts';
import { createJobQueue } from '../src/platform/jobs/job-queue.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { createMemoryPglite, perSecond, quantile, sleep } from './bench-databases.ts';
import { defineBenchmark, formatFigure, type Goal } from './harness.ts';

const modes = {
  full: { deliveries: 2_000, latencySamples: 100 },
  smoke: { deliveries: 100, latencySamples: 10 },
};
const goalPerSecond = 100;
const concurrency = 10;
const appendBatch = 100;
const unit = 'deliveries/s';
const workspaceId = '01900000-0000-7000-8000-00000000beef';

const goal: Goal = { ratio: 0, description: `≥ ${goalPerSecond} deliveries/s end to end on embedded PGlite` };

/** A receiver that answers 200 at once and tells who waits for a message id when it arrives. */
async function startReceiver() {
  const arrivals = new Map<string, number>();
  let count = 0;
  let waiting: { target: number; resolve: () => void } | undefined;
  const server = http.createServer((request, response) => {
    request.resume();
    arrivals.set(String(request.headers['webhook-id']), performance.now());
    count++;
    response.writeHead(200).end();
    if (waiting && count >= waiting.target) waiting.resolve();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrivals,
    get count() {
      return count;
    },
    until: (target: number) => new Promise<void>((resolve) => (count >= target ? resolve() : (waiting = { target, resolve }))),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function bareHttp(url: string, count: number, secret: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: false });
  const started = performance.now();
  let next = 0;
  const post = (body: string, id: string) =>
    new Promise<void>((resolve, reject) => {
      const headers = signedHeaders([secret], id, Math.floor(Date.now() / 1000), body);
      const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      request.on('error', reject);
      request.end(body);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const id = uuidv7();
        await post(JSON.stringify({ type: 'credits.low', timestamp: new Date().toISOString(), data: { balance: 1, threshold: 50 } }), id);
      }
    }),
  );
  agent.destroy();
  return perSecond(count, performance.now() - started);
}

export const benchmark = defineBenchmark({
  name: 'webhooks',
  peer: 'bare node:http POSTs of the same signed bodies to the same receiver, 10 at once',
  goal,
  async run(options) {
    const mode = options.smoke ? modes.smoke : modes.full;
    const config = { ...loadConfig({ SECRETS_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'warn' }), WEBHOOKS_ALLOWED_NETWORKS: '127.0.0.1' };
    const logger = createLogger('warn');
    const receiver = await startReceiver();
    const { db, client } = await createMemoryPglite();
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const endpointId = uuidv7();
    await db.tenant(workspaceId, (tx) =>
      tx.insert(endpoints).values({
        id: endpointId,
        workspaceId,
        url: receiver.url,
        eventTypes: ['credits.low'],
        secretSealed: secretBoxFor(config).seal(secret, secretBinding(workspaceId, endpointId)),
      }),
    );
    const jobs = await createJobQueue({ config, db, role: 'worker', jobs: [deliverWebhook], logger, batchSize: concurrency });
    const dispatcher = createDispatcher({ db, subscribers: [webhookFanOut], logger, jobs });
    try {
      await jobs.work();
      await dispatcher.start();

      // Latency first, on an idle system.
      const latencies: number[] = [];
      for (let sample = 0; sample < mode.latencySamples; sample++) {
        const sentAt = performance.now();
        const event = await db.tenant(workspaceId, (tx) => appendEvent(tx, creditsLow, { workspaceId, payload: { balance: sample, threshold: 50 } }));
        await receiver.until(receiver.count + 1);
        latencies.push((receiver.arrivals.get(event.id) ?? Number.NaN) - sentAt);
        await sleep(20);
      }

      const before = receiver.count;
      const started = performance.now();
      for (let appended = 0; appended < mode.deliveries; appended += appendBatch) {
        const facts = Array.from({ length: Math.min(appendBatch, mode.deliveries - appended) }, (_, index) => ({ workspaceId, payload: { balance: appended + index, threshold: 50 } }));
        await db.tenant(workspaceId, (tx) => appendEvents(tx, creditsLow, facts));
      }
      await receiver.until(before + mode.deliveries);
      const subject = perSecond(mode.deliveries, performance.now() - started);
      const peer = await bareHttp(receiver.url, mode.deliveries, secret);
      goal.ratio = goalPerSecond / peer;
      const p50 = { value: quantile(latencies, 0.5), unit: 'ms' };
      const p99 = { value: quantile(latencies, 0.99), unit: 'ms' };
      return {
        subject: { value: subject, unit, extra: { 'append-to-delivery p50': p50, 'append-to-delivery p99': p99 } },
        peer: { value: peer, unit },
        notes: [
          `${mode.deliveries} deliveries through the event log, the fan-out subscriber and the webhooks.deliver job: ${formatFigure({ value: subject, unit })}`,
          `append → delivery start on an idle system (${latencies.length} samples): p50 ${formatFigure(p50)}, p99 ${formatFigure(p99)}`,
        ],
      };
    } finally {
      await dispatcher.stop();
      await jobs.stop(1000);
      await db.close();
      await client.close().catch(() => {});
      await receiver.close();
    }
  },
});
