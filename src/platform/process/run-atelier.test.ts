import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoryLogger } from '../../../test/support/test-app.ts';
import { compose } from '../compose.ts';
import { loadConfig } from '../config/config.ts';
import { currentContext } from '../context/request-context.ts';
import { appendEvent } from '../events/append-event.ts';
import { defineEvent } from '../events/define-event.ts';
import { defineSubscriber, on } from '../events/subscriber.ts';
import { defineJob } from '../jobs/define-job.ts';
import { defineModule } from '../module.ts';
import { runAtelier } from './run-atelier.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'atelier-runtime-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const workspace = '01900000-0000-7000-8000-0000000000d1';
let releaseSlow: () => void = () => {};
let slowStarted: () => void = () => {};
const started = new Promise<void>((resolve) => (slowStarted = resolve));
const greeted: { name: string; workspaceId: string | undefined; traceId: string | undefined }[] = [];

const greetingRequested = defineEvent('demo.greeting_requested', 1, z.object({ name: z.string() }));
const sendGreeting = defineJob('demo.send-greeting', z.object({ name: z.string() }), async (payload) => {
  const context = currentContext();
  greeted.push({ name: payload.name, workspaceId: context?.workspaceId, traceId: context?.traceId });
});

// A module as a founder would write one: a route records a fact, a subscriber turns the fact
// into background work (an email, say), keyed by the event id, and a worker does it.
const demoModule = defineModule({
  name: 'demo',
  async routes(app, { db }) {
    app.get('/slow', async () => {
      slowStarted();
      await new Promise<void>((resolve) => (releaseSlow = resolve));
      return { finished: true };
    });
    app.post('/greetings', async (request, reply) => {
      const { name } = request.body as { name: string };
      await db.tenant(workspace, (tx) => appendEvent(tx, greetingRequested, { workspaceId: workspace, payload: { name } }));
      return reply.code(202).send({ accepted: true });
    });
  },
  subscribers: [
    defineSubscriber({
      name: 'demo.greeter',
      handlers: [
        on(greetingRequested, async (event, tx) => {
          await jobs().enqueue(tx, sendGreeting, event.payload, { workspaceId: event.workspaceId, idempotencyKey: event.id });
        }),
      ],
    }),
  ],
  jobs: [sendGreeting],
});

let running: Awaited<ReturnType<typeof runAtelier>> | undefined;
const jobs = () => {
  if (!running) throw new Error('not running');
  return running.jobs;
};

describe('the start role', () => {
  it('turns a request into an event, the event into a job, and runs the job in the request’s context', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    running = await runAtelier({ config, logger: memoryLogger('fatal').logger, composition: compose([demoModule]), roles: { http: true, worker: true } });
    const response = await fetch(`${running.url}/api/greetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'greeting-request' },
      body: JSON.stringify({ name: 'Ada' }),
    });
    expect(response.status).toBe(202);
    for (let i = 0; i < 400 && greeted.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(greeted).toEqual([{ name: 'Ada', workspaceId: workspace, traceId: 'greeting-request' }]);
  });

  it('finishes in-flight requests when stopped, then refuses new connections', async () => {
    const url = running?.url as string;
    const inFlight = fetch(`${url}/api/slow`);
    await started;
    const stopped = running?.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    releaseSlow();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    await stopped;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
