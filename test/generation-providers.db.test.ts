// The generation layer against AI providers faked at the network edge (test/support/fake-ai-providers.ts):
// the real AI SDK providers (OpenAI-compatible, Anthropic, OpenAI) speak their real wire protocols
// to a local server, and every generation goes through the real API, job handler and ledger.
import { generateText, Output, streamText } from 'ai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitBreaker } from '../src/modules/generation/circuit-breaker.ts';
import type { ModelDefinition } from '../src/modules/generation/contract.ts';
import { generationParts } from '../src/modules/generation/generation-parts.ts';
import { generationModule } from '../src/modules/generation/index.ts';
import { createModelRegistry } from '../src/modules/generation/model-registry.ts';
import { runGeneration } from '../src/modules/generation/run-generation.ts';
import { identityModule } from '../src/modules/identity/index.ts';
import { createUsage, usageModule } from '../src/modules/usage/index.ts';
import { planSubscriber } from '../src/modules/usage/usage-jobs.ts';
import { queryRows } from '../src/platform/db/tenancy.ts';
import { isAppError } from '../src/platform/errors/app-error.ts';
import { createDispatcher } from '../src/platform/events/dispatcher.ts';
import { contributionsOf } from '../src/platform/module.ts';
import { answer, createFakeAiProviders, loopbackOnlyFetch, messagesOf, type FakeAiProviders, type RecordedRequest } from './support/fake-ai-providers.ts';
import { call, signUp, type SignedUpUser } from './support/identity-client.ts';
import { createTestApp, memoryLogger, type TestApp } from './support/test-app.ts';

const modules = [identityModule, usageModule, generationModule];
const keys = { compatible: 'compat-test-key-0001', anthropic: 'sk-ant-test-key-0001', openai: 'sk-openai-test-key-0001' };

/** Models of this test, priced so that the arithmetic is easy to read; tiny timeouts keep failures fast. */
const model = (definition: Pick<ModelDefinition, 'id' | 'provider' | 'providerModel'> & Partial<ModelDefinition>): ModelDefinition => ({
  label: definition.id,
  capabilities: ['text', 'structured'],
  contextWindow: 32_000,
  maxOutputTokens: 4_000,
  price: { inputPer1k: 2, outputPer1k: 10, perImage: 0 },
  cost: { inputPer1kUsdMicros: 150, outputPer1kUsdMicros: 600, perImageUsdMicros: 0 },
  fallbacks: [],
  timeoutMs: 300,
  enabled: true,
  ...definition,
});
const models = {
  /** An OpenAI-compatible server's model (Ollama, vLLM …) that falls back to Claude. */
  llama: model({ id: 'fake:llama', provider: 'compatible', providerModel: 'llama-test', fallbacks: ['fake:claude'] }),
  /** Claude with native structured outputs (`output_config.format`); falls back to OpenAI. */
  claude: model({ id: 'fake:claude', provider: 'anthropic', providerModel: 'claude-haiku-4-5', price: { inputPer1k: 3, outputPer1k: 15, perImage: 0 }, fallbacks: ['fake:gpt'] }),
  /** An older Claude, which the SDK asks for JSON through a forced `json` tool. */
  claudeTools: model({ id: 'fake:claude-tools', provider: 'anthropic', providerModel: 'claude-3-haiku-20240307' }),
  gpt: model({ id: 'fake:gpt', provider: 'openai', providerModel: 'gpt-5-mini', price: { inputPer1k: 1, outputPer1k: 4, perImage: 0 } }),
  /** A model given all the time it wants, for a call still in flight when it is cancelled. */
  patient: model({ id: 'fake:patient', provider: 'compatible', providerModel: 'patient-test', timeoutMs: 60_000 }),
};

let fake: FakeAiProviders;
let test: TestApp;
let owner: SignedUpUser;
let restoreFetch: () => void;
beforeAll(async () => {
  restoreFetch = loopbackOnlyFetch();
  fake = await createFakeAiProviders({ apiKeys: Object.values(keys) });
  test = await createTestApp(modules, {
    OPENAI_COMPATIBLE_BASE_URL: fake.baseUrl,
    OPENAI_COMPATIBLE_API_KEY: keys.compatible,
    ANTHROPIC_BASE_URL: fake.baseUrl,
    ANTHROPIC_API_KEY: keys.anthropic,
    OPENAI_BASE_URL: fake.baseUrl,
    OPENAI_API_KEY: keys.openai,
  });
  owner = await signUp(test.app, 'owner@example.com');
  // The plan row comes with workspace.created; the pro plan may use every model. On a shared
  // PostgreSQL server another test's open transaction can hold delivery back, so drain until it lands.
  const dispatcher = createDispatcher({ db: test.database.db, subscribers: [planSubscriber], logger: memoryLogger('fatal').logger });
  const usage = createUsage(test.database.db, test.config);
  for (const deadline = Date.now() + 20_000; ; ) {
    await dispatcher.drain();
    try {
      await usage.plans.changePlan(owner.workspaceId, 'pro');
      break;
    } catch (error) {
      if (Date.now() > deadline || !isAppError(error) || error.code !== 'not_found') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await usage.ledger.grant(owner.workspaceId, { amount: 10_000, source: 'purchase', key: 'pack' });
  // An operator's additions to the registry, saved before the API first reads it.
  const registry = createModelRegistry(test.database.db, test.config);
  await test.database.db.system(async (tx) => {
    for (const definition of Object.values(models)) await registry.save(tx, definition, owner.userId);
  });
});
afterAll(async () => {
  await test?.close();
  await fake?.close();
  restoreFetch?.();
});
beforeEach(() => fake.reset());

const base = () => `/api/workspaces/${owner.workspaceId}`;
const balance = async (): Promise<number> => (await call(test.app, 'GET', `${base()}/credits`, { cookie: owner.cookie })).json().balance;
const text = 'We bake bread every morning in Lisbon, before dawn, with flour from the Alentejo.';

/** Asks for a rewrite through the API: 202, the worst case reserved. */
async function request(modelId: string) {
  const before = await balance();
  const queued = await call(test.app, 'POST', `${base()}/generations`, { cookie: owner.cookie, body: { task: 'text.rewrite', input: { text, style: 'shorter' }, model: modelId } });
  expect(queued.statusCode, queued.body).toBe(202);
  const { id, creditsReserved } = queued.json() as { id: string; creditsReserved: number };
  expect(await balance()).toBe(before - creditsReserved);
  return { id, before };
}

/** Runs a generation's job as a worker would. */
const work = (id: string, breaker: CircuitBreaker = createCircuitBreaker()) =>
  runGeneration(
    generationParts(test.database.db, test.config, contributionsOf(modules), breaker),
    { generationId: id, workspaceId: owner.workspaceId },
    { signal: new AbortController().signal, logger: memoryLogger('fatal').logger, lastAttempt: false },
  );

/** The record as the API shows it, with its reservation and provider cost from the tables. */
async function outcome(id: string) {
  const generation = (await call(test.app, 'GET', `${base()}/generations/${id}`, { cookie: owner.cookie })).json();
  const [ledger] = await test.database.db.system((tx) =>
    queryRows<{ status: string; charged: number | null; cost_usd_micros: number; settles: number }>(
      tx,
      sql`select r.status, r.charged::int as charged, g.cost_usd_micros::int as cost_usd_micros,
                 (select count(*)::int from usage.credit_entries e where e.reservation_id = r.id and e.type = 'settle') as settles
          from generation.generations g join usage.credit_reservations r on r.id = g.reservation_id where g.id = ${id}`,
    ),
  );
  return { generation, after: await balance(), ledger: ledger as NonNullable<typeof ledger> };
}

/** Request, run, outcome. */
async function generate(modelId: string, breaker?: CircuitBreaker) {
  const { id, before } = await request(modelId);
  await work(id, breaker);
  return { before, ...(await outcome(id)) };
}

/** The credits `usage` costs at a model's price, rounded up as a generation is charged. */
const creditsAt = (definition: ModelDefinition, usage: { input: number; output: number }) =>
  Math.ceil((usage.input / 1000) * definition.price.inputPer1k + (usage.output / 1000) * definition.price.outputPer1k);
const costAt = (definition: ModelDefinition, usage: { input: number; output: number }) =>
  Math.ceil((usage.input / 1000) * definition.cost.inputPer1kUsdMicros + (usage.output / 1000) * definition.cost.outputPer1kUsdMicros);

const outcomes = (generation: { attempts: { model: string; outcome: string }[] }) => generation.attempts.map((attempt) => `${attempt.model} ${attempt.outcome}`);
const lastUserMessage = (request: RecordedRequest) => messagesOf(request).findLast((message) => message.role === 'user')?.text ?? '';

describe('the OpenAI-compatible path (Chat Completions)', () => {
  it('sends the prompt with the JSON schema and the key, validates the answer, and charges the price of the tokens the server reported', async () => {
    const usage = { input: 1_234, output: 567 };
    fake.script('llama-test', answer.json({ text: 'We bake bread every morning in Lisbon.' }, usage));
    const { generation, before, after, ledger } = await generate('fake:llama');

    expect(generation).toMatchObject({ status: 'succeeded', output: { text: 'We bake bread every morning in Lisbon.' }, error: null, tokensIn: 1_234, tokensOut: 567 });
    expect(outcomes(generation)).toEqual(['fake:llama succeeded']);
    // 1.234 × 2 + 0.567 × 10 = 8.138 credits, rounded up; the provider's cost 1.234 × 150 + 0.567 × 600 = 525.3 micro-dollars, rounded up.
    expect(generation.creditsCharged).toBe(9);
    expect(creditsAt(models.llama, usage)).toBe(9);
    expect(after).toBe(before - 9);
    expect(ledger).toMatchObject({ status: 'settled', charged: 9, settles: 1, cost_usd_micros: 526 });

    const [request] = fake.requests as RecordedRequest[];
    expect(fake.requests).toHaveLength(1);
    expect(request).toMatchObject({ protocol: 'openai', path: '/v1/chat/completions', model: 'llama-test', apiKey: keys.compatible, stream: false });
    expect(request?.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'response', strict: true, schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false } },
    });
    expect(messagesOf(request as RecordedRequest)).toEqual([
      { role: 'system', text: expect.stringContaining('You rewrite text') },
      { role: 'user', text: expect.stringContaining(`Rewrite this text so it is shorter:\n\n${text}`) },
    ]);
  });

  it('asks again with the parse error when the answer is not JSON, and keeps both attempts on the record', async () => {
    const usage = { input: 800, output: 200 };
    fake.script('llama-test', answer.text('{"text": "We bake', { input: 700, output: 100 }), answer.json({ text: 'We bake bread.' }, usage));
    const { generation, before, after } = await generate('fake:llama');

    expect(generation).toMatchObject({ status: 'succeeded', output: { text: 'We bake bread.' }, tokensIn: 1_500, tokensOut: 300 });
    expect(outcomes(generation)).toEqual(['fake:llama invalid_output', 'fake:llama succeeded']);
    expect(generation.attempts[0].error).toMatchObject({ code: 'invalid_output', message: expect.stringMatching(/JSON parsing failed/) });
    // Only the accepted answer is charged (decision 0018); the rejected one is on the record.
    expect(generation.creditsCharged).toBe(creditsAt(models.llama, usage));
    expect(after).toBe(before - generation.creditsCharged);

    const [, repair] = fake.requests as RecordedRequest[];
    expect(fake.requests).toHaveLength(2);
    expect(messagesOf(repair as RecordedRequest).map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messagesOf(repair as RecordedRequest)[2]?.text).toBe('{"text": "We bake');
    expect(lastUserMessage(repair as RecordedRequest)).toMatch(/does not match the required JSON schema:\n.*JSON parsing failed/s);
    expect(repair?.body.response_format.type).toBe('json_schema');
  });

  it('falls back to the next model when an answer is still wrong after the repair', async () => {
    fake.script('llama-test', answer.text('Sure! Here is the text: We bake bread.'), answer.json({ rewritten: 'We bake bread.' }));
    fake.script('claude-haiku-4-5', answer.json({ text: 'We bake bread.' }, { input: 100, output: 10 }));
    const { generation } = await generate('fake:llama');

    expect(generation).toMatchObject({ status: 'succeeded', output: { text: 'We bake bread.' } });
    expect(outcomes(generation)).toEqual(['fake:llama invalid_output', 'fake:llama invalid_output', 'fake:claude succeeded']);
    // Claude is asked afresh, without the other model's wrong answers.
    expect(messagesOf(fake.requestsFor('claude-haiku-4-5')[0] as RecordedRequest).map((message) => message.role)).toEqual(['system', 'user']);
  });

  it('waits at least as long as a 429 asks (Retry-After), then succeeds and charges once', async () => {
    fake.script('llama-test', answer.rateLimited(600), answer.json({ text: 'We bake bread.' }, { input: 1_000, output: 100 }));
    const { generation, before, after, ledger } = await generate('fake:llama');

    expect(generation.status).toBe('succeeded');
    expect(outcomes(generation)).toEqual(['fake:llama transient', 'fake:llama succeeded']);
    expect(generation.attempts[0].error.message).toMatch(/HTTP 429: Rate limit reached/);
    const [limited, retried] = fake.requests as RecordedRequest[];
    expect((retried as RecordedRequest).receivedAt - (limited as RecordedRequest).receivedAt).toBeGreaterThanOrEqual(600);
    expect(after).toBe(before - generation.creditsCharged);
    expect(ledger).toMatchObject({ status: 'settled', settles: 1 });
  });

  it('retries server errors with backoff, then falls back to the next model of the chain, and charges at its price', async () => {
    fake.otherwise('llama-test', answer.serverError());
    const usage = { input: 1_000, output: 200 };
    fake.script('claude-haiku-4-5', answer.json({ text: 'We bake bread.' }, usage));
    const { generation, before, after } = await generate('fake:llama');

    expect(generation).toMatchObject({ status: 'succeeded', modelChain: ['fake:llama', 'fake:claude'], output: { text: 'We bake bread.' } });
    expect(outcomes(generation)).toEqual(['fake:llama transient', 'fake:llama transient', 'fake:llama transient', 'fake:claude succeeded']);
    expect(generation.attempts[0].error).toMatchObject({ code: 'provider_unavailable', message: expect.stringContaining('HTTP 500') });
    expect(fake.requests.map((request) => `${request.protocol} ${request.model}`)).toEqual(['openai llama-test', 'openai llama-test', 'openai llama-test', 'anthropic claude-haiku-4-5']);
    expect(generation.creditsCharged).toBe(creditsAt(models.claude, usage));
    expect(after).toBe(before - generation.creditsCharged);
  });

  it('stops at once when the provider refuses the key: no retry, no fallback, a message to act on, every credit back', async () => {
    const setKey = await call(test.app, 'PUT', `${base()}/generation/provider-keys/compatible`, { cookie: owner.cookie, body: { apiKey: 'not-the-right-key-42' } });
    expect(setKey.statusCode).toBe(204);
    try {
      const { generation, before, after, ledger } = await generate('fake:llama');
      expect(generation).toMatchObject({ status: 'failed', creditsCharged: 0, output: null });
      expect(generation.error).toEqual({ code: 'provider_key_rejected', message: "The compatible API refused the API key (HTTP 401); check the key in the workspace's AI settings" });
      expect(outcomes(generation)).toEqual(['fake:llama refused']);
      expect(fake.requests.map((request) => `${request.model} ${request.apiKey} → ${request.answeredWith}`)).toEqual(['llama-test not-the-right-key-42 → error 401']);
      expect(after).toBe(before);
      expect(ledger).toMatchObject({ status: 'released', settles: 0 });
    } finally {
      await call(test.app, 'DELETE', `${base()}/generation/provider-keys/compatible`, { cookie: owner.cookie });
    }
  });

  it('gives up on a model that does not answer in time, after retrying it, and fails with the credits back when the fallback hangs too', async () => {
    fake.otherwise('llama-test', answer.hang());
    fake.otherwise('claude-haiku-4-5', answer.hang());
    const { generation, before, after, ledger } = await generate('fake:llama');

    expect(generation).toMatchObject({ status: 'failed', creditsCharged: 0 });
    expect(generation.error).toMatchObject({ code: 'provider_unavailable', message: expect.stringMatching(/^No model could answer \(anthropic did not answer in time\); your credits were returned$/) });
    expect(outcomes(generation)).toEqual([...Array(3).fill('fake:llama transient'), ...Array(3).fill('fake:claude transient')]);
    expect(generation.attempts[0].error.message).toBe('compatible did not answer in time');
    expect(fake.requests).toHaveLength(6);
    expect(after).toBe(before);
    expect(ledger.status).toBe('released');
  });

  it('fails an answer cut off at the token limit as output_truncated, without asking again', async () => {
    fake.script('llama-test', answer.truncated('{"text": "We bake bread every', { input: 1_000, output: 1_200 }));
    const { generation, before, after, ledger } = await generate('fake:llama');

    expect(generation).toMatchObject({ status: 'failed', creditsCharged: 0, error: { code: 'output_truncated', message: expect.stringContaining('output limit') } });
    expect(outcomes(generation)).toEqual(['fake:llama refused']);
    expect(fake.requests).toHaveLength(1);
    expect(after).toBe(before);
    expect(ledger.status).toBe('released');
  });

  it('skips a provider that keeps failing (circuit breaker) and goes straight to the fallback', async () => {
    const breaker = createCircuitBreaker({ threshold: 3, coolDownMs: 60_000 });
    fake.otherwise('llama-test', answer.serverError());
    fake.otherwise('claude-haiku-4-5', answer.json({ text: 'We bake bread.' }, { input: 500, output: 50 }));

    const first = await generate('fake:llama', breaker);
    expect(outcomes(first.generation)).toEqual(['fake:llama transient', 'fake:llama transient', 'fake:llama transient', 'fake:claude succeeded']);
    const second = await generate('fake:llama', breaker);
    expect(second.generation.status).toBe('succeeded');
    expect(outcomes(second.generation)).toEqual(['fake:llama skipped', 'fake:claude succeeded']);
    expect(second.generation.attempts[0].error).toMatchObject({ code: 'provider_cooling_down', message: expect.stringMatching(/^compatible is failing and is skipped for \d+ s$/) });
    // The skipped model was not called at all the second time.
    expect(fake.requestsFor('llama-test')).toHaveLength(3);
    expect(second.after).toBe(second.before - second.generation.creditsCharged);
  });
});

describe('cancelling a generation whose call is in flight', () => {
  it('aborts the HTTP request, ends the generation as cancelled and gives every credit back', async () => {
    fake.otherwise('patient-test', answer.hang());
    const { id, before } = await request('fake:patient');
    const running = work(id);
    const inFlight = await fake.waitForRequest((received) => received.model === 'patient-test');
    const cancel = await call(test.app, 'POST', `${base()}/generations/${id}/cancel`, { cookie: owner.cookie });
    expect(cancel.statusCode).toBe(200);
    await running;

    const { generation, after, ledger } = await outcome(id);
    expect(generation).toMatchObject({ status: 'cancelled', error: { code: 'cancelled', message: 'Cancelled while running' }, creditsCharged: 0 });
    expect(outcomes(generation)).toEqual(['fake:patient cancelled']);
    expect(fake.requests).toEqual([inFlight]);
    expect(after).toBe(before);
    expect(ledger.status).toBe('released');
  });
});

describe('the Anthropic path (Messages)', () => {
  it('sends the schema as output_config.format with the x-api-key header, and charges the usage Anthropic reported', async () => {
    const usage = { input: 2_000, output: 300 };
    fake.script('claude-haiku-4-5', answer.json({ text: 'We bake bread in Lisbon.' }, usage));
    const { generation, before, after, ledger } = await generate('fake:claude');

    expect(generation).toMatchObject({ status: 'succeeded', output: { text: 'We bake bread in Lisbon.' }, tokensIn: 2_000, tokensOut: 300 });
    expect(generation.creditsCharged).toBe(creditsAt(models.claude, usage));
    expect(after).toBe(before - generation.creditsCharged);
    expect(ledger).toMatchObject({ status: 'settled', charged: generation.creditsCharged, cost_usd_micros: costAt(models.claude, usage) });

    const [request] = fake.requests as RecordedRequest[];
    expect(request).toMatchObject({ protocol: 'anthropic', path: '/v1/messages', model: 'claude-haiku-4-5', apiKey: keys.anthropic });
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body.output_config.format).toMatchObject({ type: 'json_schema', schema: { type: 'object', required: ['text'], additionalProperties: false } });
    expect(request?.body.max_tokens).toBeGreaterThan(0);
    expect(messagesOf(request as RecordedRequest).map((message) => message.role)).toEqual(['system', 'user']);
  });

  it('asks again with the validation errors when the JSON does not fit the schema', async () => {
    fake.script('claude-haiku-4-5', answer.json({ text: '' }, { input: 900, output: 10 }), answer.json({ text: 'We bake bread.' }, { input: 1_000, output: 20 }));
    const { generation } = await generate('fake:claude');

    expect(generation).toMatchObject({ status: 'succeeded', output: { text: 'We bake bread.' }, tokensIn: 1_900, tokensOut: 30 });
    expect(outcomes(generation)).toEqual(['fake:claude invalid_output', 'fake:claude succeeded']);
    const repair = fake.requests[1] as RecordedRequest;
    expect(messagesOf(repair).map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messagesOf(repair)[2]?.text).toBe('{"text":""}');
    expect(lastUserMessage(repair)).toMatch(/does not match the required JSON schema:\n.*Type validation failed.*too_small/s);
  });

  it('waits as a 429 rate_limit_error asks, then succeeds', async () => {
    fake.script('claude-haiku-4-5', answer.rateLimited(400), answer.json({ text: 'We bake bread.' }, { input: 100, output: 10 }));
    const { generation, ledger } = await generate('fake:claude');

    expect(outcomes(generation)).toEqual(['fake:claude transient', 'fake:claude succeeded']);
    expect(generation.attempts[0].error.message).toMatch(/^anthropic answered HTTP 429: Rate limit reached/);
    const [limited, retried] = fake.requests as RecordedRequest[];
    expect((retried as RecordedRequest).receivedAt - (limited as RecordedRequest).receivedAt).toBeGreaterThanOrEqual(400);
    expect(ledger).toMatchObject({ status: 'settled', settles: 1 });
  });

  it('falls back to OpenAI (Chat Completions) when Anthropic is overloaded', async () => {
    fake.otherwise('claude-haiku-4-5', answer.error(529, 'Overloaded'));
    const usage = { input: 1_000, output: 250 };
    fake.script('gpt-5-mini', answer.json({ text: 'We bake bread.' }, usage));
    const { generation, before, after } = await generate('fake:claude');

    expect(generation).toMatchObject({ status: 'succeeded', modelChain: ['fake:claude', 'fake:gpt'] });
    expect(outcomes(generation)).toEqual(['fake:claude transient', 'fake:claude transient', 'fake:claude transient', 'fake:gpt succeeded']);
    expect(generation.attempts[0].error.message).toMatch(/HTTP 529: Overloaded/);
    expect(generation.creditsCharged).toBe(creditsAt(models.gpt, usage));
    expect(after).toBe(before - generation.creditsCharged);
    const openai = fake.requestsFor('gpt-5-mini')[0] as RecordedRequest;
    expect(openai).toMatchObject({ protocol: 'openai', path: '/v1/chat/completions', apiKey: keys.openai });
    expect(openai.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
    // GPT-5 is a reasoning model: the SDK sends the system prompt as a developer message and max_completion_tokens.
    expect(openai.body.max_completion_tokens).toBeGreaterThan(0);
    expect(messagesOf(openai).map((message) => message.role)).toEqual(['developer', 'user']);
  });

  it("stops at once when Anthropic refuses the workspace's own key, with every credit back", async () => {
    await call(test.app, 'PUT', `${base()}/generation/provider-keys/anthropic`, { cookie: owner.cookie, body: { apiKey: 'sk-ant-revoked-key-99' } });
    try {
      const { generation, before, after, ledger } = await generate('fake:claude');
      expect(generation).toMatchObject({ status: 'failed', error: { code: 'provider_key_rejected', message: expect.stringContaining('The anthropic API refused the API key (HTTP 401)') } });
      expect(fake.requests.map((request) => `${request.apiKey} → ${request.answeredWith}`)).toEqual(['sk-ant-revoked-key-99 → error 401']);
      expect(after).toBe(before);
      expect(ledger.status).toBe('released');
    } finally {
      await call(test.app, 'DELETE', `${base()}/generation/provider-keys/anthropic`, { cookie: owner.cookie });
    }
  });

  it('fails an answer stopped at max_tokens as output_truncated', async () => {
    fake.script('claude-haiku-4-5', answer.truncated('{"text": "We bake', { input: 100, output: 1_200 }));
    const { generation, after, before } = await generate('fake:claude');
    expect(generation).toMatchObject({ status: 'failed', error: { code: 'output_truncated' } });
    expect(fake.requests).toHaveLength(1);
    expect(after).toBe(before);
  });

  it('reads the answer from the forced json tool on models without native structured outputs', async () => {
    fake.script('claude-3-haiku-20240307', answer.json({ text: 'We bake bread.' }, { input: 400, output: 40 }));
    const { generation } = await generate('fake:claude-tools');

    expect(generation).toMatchObject({ status: 'succeeded', output: { text: 'We bake bread.' }, tokensIn: 400, tokensOut: 40 });
    const request = fake.requests[0] as RecordedRequest;
    expect(request.body.output_config).toBeUndefined();
    expect(request.body.tools).toEqual([expect.objectContaining({ name: 'json', input_schema: expect.objectContaining({ required: ['text'] }) })]);
    expect(request.body.tool_choice).toMatchObject({ type: 'any' });
  });
});

describe('the fakes speak the streaming protocols too', () => {
  const schema = z.object({ text: z.string() });

  it('streams Chat Completions chunks, with the usage chunk the SDK asks for', async () => {
    fake.script('llama-test', answer.json({ text: 'streamed words' }, { input: 12, output: 4 }));
    const compatible = createOpenAICompatible({ name: 'compatible', baseURL: fake.baseUrl, apiKey: keys.compatible, supportsStructuredOutputs: true, includeUsage: true });
    const result = streamText({ model: compatible.chatModel('llama-test'), prompt: 'Say it', output: Output.object({ schema }), maxRetries: 0 });
    const partials: unknown[] = [];
    for await (const partial of result.partialOutputStream) partials.push(partial);

    expect(await result.output).toEqual({ text: 'streamed words' });
    expect(partials.length).toBeGreaterThan(1);
    expect(await result.usage).toMatchObject({ inputTokens: 12, outputTokens: 4 });
    expect(fake.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true }, response_format: { type: 'json_schema' } });
  });

  it('streams Anthropic message events, for native structured output and the json tool alike', async () => {
    const anthropic = createAnthropic({ baseURL: fake.baseUrl, apiKey: keys.anthropic });
    for (const providerModel of ['claude-haiku-4-5', 'claude-3-haiku-20240307']) {
      fake.script(providerModel, answer.json({ text: `streamed by ${providerModel}` }, { input: 30, output: 6 }));
      const result = streamText({ model: anthropic.languageModel(providerModel), prompt: 'Say it', output: Output.object({ schema }), maxRetries: 0 });
      expect(await result.output).toEqual({ text: `streamed by ${providerModel}` });
      expect(await result.usage).toMatchObject({ inputTokens: 30, outputTokens: 6 });
    }
    expect(fake.requests.map((request) => request.stream)).toEqual([true, true]);
  });

  it('refuses to let a test reach anything but the loopback address', async () => {
    const openai = createOpenAICompatible({ name: 'elsewhere', baseURL: 'https://api.example.com/v1', apiKey: 'x' });
    await expect(generateText({ model: openai.chatModel('m'), prompt: 'hi', maxRetries: 0 })).rejects.toThrow(/may only reach 127\.0\.0\.1/);
  });
});
