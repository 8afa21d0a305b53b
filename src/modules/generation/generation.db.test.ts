import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, joinWorkspace, signUp, type SignedUpUser } from '../../../test/support/identity-client.ts';
import { createTestApp, memoryLogger, type TestApp } from '../../../test/support/test-app.ts';
import { queryRows } from '../../platform/db/tenancy.ts';
import type { JobContext } from '../../platform/jobs/define-job.ts';
import { contributionsOf, defineModule } from '../../platform/module.ts';
import { identityModule } from '../identity/index.ts';
import { createUsage, usageModule } from '../usage/index.ts';
import { failAbandonedGenerations } from './generation-jobs.ts';
import { generationParts } from './generation-parts.ts';
import { defineTask, generationTasks, generationModule } from './index.ts';
import { runGeneration } from './run-generation.ts';

/** A task whose own code breaks after its model answered, as a bug in a product module would. */
const breaksAfterAnswer = defineTask({
  name: 'test.breaks-after-answer',
  description: 'Asks once, then throws',
  capability: 'text',
  input: z.object({ text: z.string() }),
  output: z.object({ text: z.string() }),
  defaultModel: 'local',
  estimate: { calls: 1, inputTokens: 200, outputTokens: 200 },
  async run({ input, generate }) {
    await generate({ step: 'answer', schema: z.object({ text: z.string() }), system: 'Repeat the text.', prompt: input.text, localInput: input });
    throw new Error('the task broke after its answer');
  },
  local: { answer: ({ text: words }: { text: string }) => ({ text: words }) },
});
const brokenTaskModule = defineModule({ name: 'broken-task', contributes: [generationTasks.provide(breaksAfterAnswer)] });

const modules = [identityModule, usageModule, generationModule, brokenTaskModule];
let test: TestApp;
let owner: SignedUpUser;
let viewer: SignedUpUser;
beforeAll(async () => {
  test = await createTestApp(modules);
  owner = await signUp(test.app, 'owner@example.com');
  viewer = await signUp(test.app, 'viewer@example.com');
  await joinWorkspace(test.app, test.database.db, owner.cookie, owner.workspaceId, viewer, 'viewer');
  await createUsage(test.database.db, {}).ledger.grant(owner.workspaceId, { amount: 100, source: 'purchase', key: 'pack' });
});
afterAll(() => test?.close());

const base = () => `/api/workspaces/${owner.workspaceId}`;
const balance = async () => (await call(test.app, 'GET', `${base()}/credits`, { cookie: owner.cookie })).json().balance as number;
const request = (body: unknown, user = owner) => call(test.app, 'POST', `${base()}/generations`, { cookie: user.cookie, body });
const work = (generationId: string, lastAttempt = false) =>
  runGeneration(generationParts(test.database.db, test.config, contributionsOf(modules)), { generationId, workspaceId: owner.workspaceId }, { signal: new AbortController().signal, logger: memoryLogger('fatal').logger, lastAttempt });
const fetchGeneration = async (id: string) => (await call(test.app, 'GET', `${base()}/generations/${id}`, { cookie: owner.cookie })).json();
const text = 'We are really very proud of our bread. It is baked every morning (before dawn) in Lisbon. We do not use any additives.';

describe('a generation through the local provider', () => {
  it('starts one generation and reserves once for a request retried with its Idempotency-Key, and refuses the key with another body', async () => {
    const before = await balance();
    const body = { task: 'text.rewrite', input: { text, style: 'shorter' } };
    const send = (payload: unknown) => call(test.app, 'POST', `${base()}/generations`, { cookie: owner.cookie, body: payload, headers: { 'idempotency-key': 'rewrite-once' } });
    const first = await send(body);
    const retried = await send(body);
    expect(first.statusCode).toBe(202);
    expect(retried.statusCode).toBe(202);
    expect(retried.json().id).toBe(first.json().id);
    expect(await balance()).toBe(before - first.json().creditsReserved);
    expect((await send({ ...body, input: { text, style: 'friendlier' } })).statusCode).toBe(422);
    await work(first.json().id);
  });

  it('answers at once with a queued record that holds the worst case, then runs, charges the actual cost and records everything', async () => {
    const before = await balance();
    const queued = await request({ task: 'text.rewrite', input: { text, style: 'shorter' } });
    expect(queued.statusCode).toBe(202);
    const generation = queued.json();
    expect(generation).toMatchObject({ task: 'text.rewrite', status: 'queued', modelChain: ['local'], creditsCharged: null });
    expect(await balance()).toBe(before - generation.creditsReserved);

    await work(generation.id);
    const done = await fetchGeneration(generation.id);
    expect(done).toMatchObject({ status: 'succeeded', error: null, output: { text: 'We are proud of our bread. It is baked every morning (before dawn) in Lisbon.' } });
    expect(done.attempts).toEqual([expect.objectContaining({ model: 'local', step: 'answer', outcome: 'succeeded', error: null })]);
    expect(done.tokensIn).toBeGreaterThan(0);
    expect(done.tokensOut).toBeGreaterThan(0);
    expect(done.creditsCharged).toBeGreaterThanOrEqual(1);
    expect(done.creditsCharged).toBeLessThanOrEqual(done.creditsReserved);
    expect(done.latencyMs).toBeGreaterThanOrEqual(0);
    // The record as the request answered it is the record as stored.
    expect(done).toMatchObject({ id: generation.id, createdAt: generation.createdAt, creditsReserved: generation.creditsReserved, modelChain: generation.modelChain, requestedBy: owner.userId });
    expect(await balance()).toBe(before - done.creditsCharged);

    // Running the job again (a worker died after finishing) changes nothing.
    await work(generation.id);
    expect(await balance()).toBe(before - done.creditsCharged);

    const usage = (await call(test.app, 'GET', `${base()}/usage?meter=ai.tokens&groupBy=model`, { cookie: owner.cookie })).json();
    expect(JSON.stringify(usage)).toContain('local');
    const [events] = await test.database.db.system((tx) =>
      queryRows<{ types: string[] }>(tx, sql`select array_agg(type order by position) as types from platform.event_log where payload->>'generationId' = ${generation.id}`),
    );
    expect(events?.types).toEqual(['generation.requested', 'generation.succeeded']);
  });

  it('gives different answers for different styles, deterministically', async () => {
    const answers = [];
    for (const style of ['friendlier', 'more-formal', 'friendlier']) {
      const generation = (await request({ task: 'text.rewrite', input: { text, style } })).json();
      await work(generation.id);
      answers.push((await fetchGeneration(generation.id)).output.text);
    }
    expect(answers[0]).toContain("We're really very proud");
    expect(answers[1]).toContain('We are really very proud');
    expect(answers[1]).toContain('do not use');
    expect(answers[2]).toBe(answers[0]);
  });

  it('streams status and progress as Server-Sent Events, ending with the final state', async () => {
    const generation = (await request({ task: 'text.rewrite', input: { text, style: 'clearer' } })).json();
    const address = await test.app.listen({ host: '127.0.0.1', port: 0 });
    const streamed = fetch(`${address}${base()}/generations/${generation.id}/stream`, { headers: { cookie: owner.cookie } }).then(async (response) => ({
      type: response.headers.get('content-type'),
      body: await response.text(),
    }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await work(generation.id);
    const { type, body } = await streamed;
    expect(type).toContain('text/event-stream');
    const states = body
      .split('\n\n')
      .filter((chunk) => chunk.startsWith('event: generation'))
      .map((chunk) => JSON.parse(chunk.split('\ndata: ')[1] as string).status);
    expect(states[0]).toBe('queued');
    expect(states.at(-1)).toBe('succeeded');
  });
});

describe('refusals', () => {
  it('refuses bad input, unknown tasks and models the plan lacks with a clear 400, writing nothing', async () => {
    const before = await balance();
    const bad = await request({ task: 'text.rewrite', input: { text: '', style: 'louder' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.map((issue: { path: string }) => issue.path)).toEqual(['input.text', 'input.style']);
    expect((await request({ task: 'poem.write', input: {} })).json().error).toMatchObject({ code: 'invalid_input', message: 'There is no task named "poem.write"' });
    const paid = await request({ task: 'text.rewrite', input: { text, style: 'shorter' }, model: 'openai:gpt-5' });
    expect(paid.statusCode).toBe(400);
    expect(paid.json().error.message).toBe('OpenAI GPT-5 is not included in the Free plan');
    expect(await balance()).toBe(before);
  });

  it('refuses with 402 when the worst case is more than the balance, and records nothing', async () => {
    const poor = await signUp(test.app, 'poor@example.com');
    const response = await call(test.app, 'POST', `/api/workspaces/${poor.workspaceId}/generations`, { cookie: poor.cookie, body: { task: 'text.rewrite', input: { text, style: 'shorter' } } });
    expect(response.statusCode).toBe(402);
    expect(response.json().error.message).toMatch(/can cost up to \d+ credits and the workspace has 0/);
    const list = (await call(test.app, 'GET', `/api/workspaces/${poor.workspaceId}/generations`, { cookie: poor.cookie })).json();
    expect(list.items).toEqual([]);
  });

  it("holds a workspace to its plan's generations a day when the last ones are asked for at once", async () => {
    const busy = await signUp(test.app, 'busy@example.com');
    await createUsage(test.database.db, {}).ledger.grant(busy.workspaceId, { amount: 1_000, source: 'purchase', key: 'pack' });
    const ask = () => call(test.app, 'POST', `/api/workspaces/${busy.workspaceId}/generations`, { cookie: busy.cookie, body: { task: 'text.rewrite', input: { text, style: 'shorter' } } });
    // The free plan allows 20 a day: 19 asked one after another, then the last one 5 times at once.
    for (let i = 0; i < 19; i++) expect((await ask()).statusCode).toBe(202);
    const racing = await Promise.all(Array.from({ length: 5 }, ask));
    expect(racing.map((response) => response.statusCode).sort()).toEqual([202, 422, 422, 422, 422]);
    expect(racing.find((response) => response.statusCode === 422)?.json().error).toMatchObject({ code: 'limit_reached', details: { limit: 'generationsPerDay', max: 20 } });
  });

  it("does not count a refused request among the day's generations", async () => {
    const saver = await signUp(test.app, 'saver@example.com');
    const ask = () => call(test.app, 'POST', `/api/workspaces/${saver.workspaceId}/generations`, { cookie: saver.cookie, body: { task: 'text.rewrite', input: { text, style: 'shorter' } } });
    // Without credits every request is refused, and none of them uses up one of the free plan's 20.
    for (let i = 0; i < 3; i++) expect((await ask()).statusCode).toBe(402);
    await createUsage(test.database.db, {}).ledger.grant(saver.workspaceId, { amount: 1_000, source: 'purchase', key: 'pack' });
    for (let i = 0; i < 20; i++) expect((await ask()).statusCode).toBe(202);
    // Nor does a request the limit refuses: the second refusal still finds 20.
    for (let i = 0; i < 2; i++) {
      const refused = await ask();
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.message).toBe('The Free plan allows 20 generations today; this workspace has 20');
    }
  });

  it('lets a viewer read generations but not start one', async () => {
    expect((await request({ task: 'text.rewrite', input: { text, style: 'shorter' } }, viewer)).statusCode).toBe(403);
    expect((await call(test.app, 'GET', `${base()}/generations`, { cookie: viewer.cookie })).statusCode).toBe(200);
  });
});

describe('cancelling', () => {
  it('cancels a queued generation at once and gives its credits back; the job then does nothing', async () => {
    const before = await balance();
    const generation = (await request({ task: 'text.rewrite', input: { text, style: 'shorter' } })).json();
    const cancelled = await call(test.app, 'POST', `${base()}/generations/${generation.id}/cancel`, { cookie: owner.cookie });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    expect(await balance()).toBe(before);
    await work(generation.id);
    expect((await fetchGeneration(generation.id)).status).toBe('cancelled');
    expect(await balance()).toBe(before);
  });
});

describe('a run that breaks after its model answered', () => {
  it('keeps every answer it paid the provider for on the record across the retries, then fails with the credits back', async () => {
    const before = await balance();
    const generation = (await request({ task: breaksAfterAnswer.name, input: { text } })).json();
    await expect(work(generation.id)).rejects.toThrow('the task broke after its answer');
    const retrying = await fetchGeneration(generation.id);
    expect(retrying).toMatchObject({ status: 'running', attempts: [expect.objectContaining({ step: 'answer', outcome: 'succeeded' })] });
    expect(retrying.tokensIn).toBe(retrying.attempts[0].tokensIn);
    expect(retrying.tokensIn).toBeGreaterThan(0);

    await work(generation.id, true);
    const failed = await fetchGeneration(generation.id);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'internal_error' }, creditsCharged: 0 });
    expect(failed.attempts.map((attempt: { outcome: string }) => attempt.outcome)).toEqual(['succeeded', 'succeeded']);
    expect(failed.tokensIn).toBe(2 * retrying.tokensIn);
    expect(failed.tokensOut).toBe(2 * retrying.tokensOut);
    expect(await balance()).toBe(before);
  });
});

describe('abandoned generations', () => {
  it('ends a generation whose job died on every attempt, and gives its credits back', async () => {
    const before = await balance();
    const generation = (await request({ task: 'text.rewrite', input: { text, style: 'shorter' } })).json();
    await test.database.db.system((tx) => tx.execute(sql`update generation.generations set status = 'running', started_at = now() - interval '3 hours' where id = ${generation.id}`));
    const logs = memoryLogger('fatal');
    await failAbandonedGenerations.handle({}, { config: test.config, db: test.database.db, logger: logs.logger, contributions: contributionsOf(modules) } as unknown as JobContext);
    expect(await fetchGeneration(generation.id)).toMatchObject({ status: 'failed', error: { code: 'abandoned' }, creditsCharged: 0 });
    expect(await balance()).toBe(before);
  });

  /** As if the generation had waited `wait` in the queue, its reservation now expiring `expiresIn` from now. */
  const waited = (generationId: string, wait: string, expiresIn: string) =>
    test.database.db.system(async (tx) => {
      await tx.execute(sql`update generation.generations set created_at = now() - ${wait}::interval where id = ${generationId}`);
      await tx.execute(sql`update usage.credit_reservations r set expires_at = now() + ${expiresIn}::interval from generation.generations g where g.id = ${generationId} and r.id = g.reservation_id`);
    });

  it('ends a generation whose reservation the sweeper gave back while it waited in the queue, without calling a model, and cleanly again when ended once more', async () => {
    const before = await balance();
    const generation = (await request({ task: 'text.rewrite', input: { text, style: 'clearer' } })).json();
    await waited(generation.id, '2 hours 1 minute', '-1 minute');
    expect(await createUsage(test.database.db, {}).ledger.releaseTimedOut(() => {})).toBe(1);
    expect(await balance()).toBe(before);

    await work(generation.id);
    const ended = await fetchGeneration(generation.id);
    expect(ended).toMatchObject({ status: 'failed', error: { code: 'reservation_expired' }, attempts: [], creditsCharged: 0 });
    expect(ended.error.message).toMatch(/waited more than 2 hours to start/);
    // A rerun of its job, and the abandoned-generations sweep, find nothing to give back and do not fail.
    await work(generation.id);
    await failAbandonedGenerations.handle({}, { config: test.config, db: test.database.db, logger: memoryLogger('fatal').logger, contributions: contributionsOf(modules) } as unknown as JobContext);
    expect(await balance()).toBe(before);
  });

  it('keeps the reservation of a generation that starts from the sweeper for another full timeout', async () => {
    const generation = (await request({ task: 'text.rewrite', input: { text, style: 'friendlier' } })).json();
    await waited(generation.id, '1 hour 59 minutes', '1 minute');
    await work(generation.id);
    expect(await fetchGeneration(generation.id)).toMatchObject({ status: 'succeeded' });
    const [reservation] = await test.database.db.system((tx) =>
      queryRows<{ status: string; hours_left: number }>(tx, sql`select r.status, extract(epoch from r.expires_at - now()) / 3600 as hours_left from usage.credit_reservations r join generation.generations g on r.id = g.reservation_id where g.id = ${generation.id}`),
    );
    expect(reservation?.status).toBe('settled');
    expect(Number(reservation?.hours_left)).toBeGreaterThan(1.9);
  });
});

describe('settings', () => {
  it("stores a workspace's own provider key sealed, says whose key is used, and never returns it", async () => {
    const secret = 'sk-test-0123456789abcdef';
    expect((await call(test.app, 'PUT', `${base()}/generation/provider-keys/openai`, { cookie: owner.cookie, body: { apiKey: secret } })).statusCode).toBe(204);
    const status = await call(test.app, 'GET', `${base()}/generation/provider-keys`, { cookie: owner.cookie });
    expect(status.body).not.toContain(secret);
    expect(status.json().items).toContainEqual(expect.objectContaining({ provider: 'openai', source: 'workspace' }));
    const stored = await test.database.db.system((tx) => queryRows<{ sealed_key: string }>(tx, sql`select sealed_key from generation.provider_keys`));
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(test.logs.text()).not.toContain(secret);
    expect((await call(test.app, 'PUT', `${base()}/generation/provider-keys/openai`, { cookie: viewer.cookie, body: { apiKey: secret } })).statusCode).toBe(403);
    expect((await call(test.app, 'DELETE', `${base()}/generation/provider-keys/openai`, { cookie: owner.cookie })).statusCode).toBe(204);
    expect((await call(test.app, 'DELETE', `${base()}/generation/provider-keys/openai`, { cookie: owner.cookie })).statusCode).toBe(404);
  });

  it("starts a generation on the workspace's own model for the task, unless the request names one", async () => {
    const chooser = await signUp(test.app, 'chooser@example.com');
    // The plan row comes with the workspace's creation event, which no dispatcher delivers in this file.
    await test.database.db.system((tx) => tx.execute(sql`insert into usage.workspace_plans (workspace_id, plan, owner_id, cycle_day) values (${chooser.workspaceId}, 'free', ${chooser.userId}, 1)`));
    await createUsage(test.database.db, {}).plans.changePlan(chooser.workspaceId, 'pro');
    await createUsage(test.database.db, {}).ledger.grant(chooser.workspaceId, { amount: 1_000_000, source: 'purchase', key: 'pack' });
    const workspace = `/api/workspaces/${chooser.workspaceId}`;
    const as = (method: 'PUT' | 'POST', url: string, body: unknown) => call(test.app, method, `${workspace}${url}`, { cookie: chooser.cookie, body });
    expect((await as('PUT', '/generation/provider-keys/anthropic', { apiKey: 'sk-ant-test-0123456789abcdef' })).statusCode).toBe(204);
    expect((await as('PUT', '/generation/tasks/text.rewrite/default', { model: 'anthropic:claude-haiku-4-5' })).statusCode).toBe(204);
    const chosen = (await as('POST', '/generations', { task: 'text.rewrite', input: { text, style: 'shorter' } })).json();
    expect(chosen.modelChain[0]).toBe('anthropic:claude-haiku-4-5');
    const named = (await as('POST', '/generations', { task: 'text.rewrite', input: { text, style: 'shorter' }, model: 'local' })).json();
    expect(named.modelChain[0]).toBe('local');
  });

  it('lists tasks with their credit estimate and models with why each is unavailable', async () => {
    const tasks = (await call(test.app, 'GET', `${base()}/generation/tasks`, { cookie: owner.cookie })).json().items;
    expect(tasks).toContainEqual(expect.objectContaining({ name: 'text.rewrite', defaultModel: 'local', estimatedCredits: expect.any(Number) }));
    const models = (await call(test.app, 'GET', `${base()}/generation/models`, { cookie: owner.cookie })).json().items;
    expect(models).toContainEqual(expect.objectContaining({ id: 'local', label: 'Local (offline templates)', available: true, unavailableBecause: null }));
    expect(models).toContainEqual(expect.objectContaining({ id: 'openai:gpt-5', available: false, unavailableBecause: 'plan' }));
  });

  it('lets operators reprice a model, and the next generation reserves at the new price', async () => {
    const operator = await signUp(test.app, 'olive@example.com');
    await test.command(['operator', 'grant', 'olive@example.com']);
    const local = (await call(test.app, 'GET', '/api/operator/models', { cookie: operator.cookie })).json().items.find((model: { id: string }) => model.id === 'local');
    expect((await call(test.app, 'GET', '/api/operator/models', { cookie: owner.cookie })).statusCode).toBe(404);
    const { source: _source, overridden: _overridden, ...definition } = local;
    const repriced = await call(test.app, 'PUT', '/api/operator/models/local', { cookie: operator.cookie, body: { ...definition, price: { inputPer1k: 1, outputPer1k: 10, perImage: 0 } } });
    expect(repriced.json()).toMatchObject({ id: 'local', overridden: true, price: { outputPer1k: 10 } });
    // Other processes see the edit within the registry's cache time; this test reads a fresh registry.
    const generation = (await request({ task: 'text.rewrite', input: { text, style: 'shorter' } })).json();
    expect(generation.creditsReserved).toBe(Math.ceil(2 * (1.5 * 1 + 1.2 * 10)));
    expect((await call(test.app, 'DELETE', '/api/operator/models/local', { cookie: operator.cookie })).statusCode).toBe(204);
  });
});
