// Image generations through the real layer: the API, the job's run, the ledger, the records and
// the images route. The hosted path talks to OpenAI's Images API faked on 127.0.0.1, through the
// real @ai-sdk/openai image model.
import { Validator } from '@seriousme/openapi-schema-validator';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '../../../test/support/decode-png.ts';
import { loopbackOnlyFetch } from '../../../test/support/fake-ai-providers.ts';
import { call, joinWorkspace, signUp, type SignedUpUser } from '../../../test/support/identity-client.ts';
import { createTestApp, memoryLogger, type TestApp } from '../../../test/support/test-app.ts';
import { queryRows } from '../../platform/db/tenancy.ts';
import { contributionsOf } from '../../platform/module.ts';
import { identityModule } from '../identity/index.ts';
import { createUsage, usageModule } from '../usage/index.ts';
import { createCircuitBreaker } from './circuit-breaker.ts';
import { generationParts } from './generation-parts.ts';
import { generationModule } from './index.ts';
import { paintPicture } from './picture.ts';
import { encodePng } from './png.ts';
import { runGeneration } from './run-generation.ts';

const modules = [identityModule, usageModule, generationModule];
const openaiKey = 'sk-openai-images-test-0001';

/** OpenAI's `POST /v1/images/generations`, answering each model from a script: an HTTP 500, or this many images. */
async function fakeImagesApi(pngBase64: string) {
  const requests: { path: string; authorization: string | undefined; body: { model: string; n: number; size: string; prompt: string } }[] = [];
  const scripts = new Map<string, ('server-error' | number)[]>();
  const server = http.createServer(async (request, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    const body = JSON.parse(text) as (typeof requests)[number]['body'];
    requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body });
    const next = scripts.get(body.model)?.shift() ?? 'server-error';
    response.setHeader('content-type', 'application/json');
    if (next === 'server-error') {
      response.statusCode = 500;
      response.end(JSON.stringify({ error: { message: 'The server had an error while processing your request', type: 'server_error' } }));
      return;
    }
    response.end(JSON.stringify({ created: 1_790_000_000, data: Array.from({ length: next }, () => ({ b64_json: pngBase64 })), usage: { input_tokens: 40, output_tokens: 4_160, total_tokens: 4_200 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    script: (model: string, ...answers: ('server-error' | number)[]) => scripts.set(model, answers),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let test: TestApp;
let owner: SignedUpUser;
let viewer: SignedUpUser;
let stranger: SignedUpUser;
let images: Awaited<ReturnType<typeof fakeImagesApi>>;
let plansDir: string;
let restoreFetch: () => void;
beforeAll(async () => {
  restoreFetch = loopbackOnlyFetch();
  const hostedPng = Buffer.from(encodePng(paintPicture({ sky: { from: '#204060', to: '#80a0c0', angle: 0 }, shapes: [], vignette: 0 }, 1024, 1024))).toString('base64');
  images = await fakeImagesApi(hostedPng);
  // A deployment whose free plan may use every model, so the hosted image models can be chosen.
  plansDir = await mkdtemp(join(tmpdir(), 'atelier-image-plans-'));
  const plansFile = join(plansDir, 'plans.json');
  const limits = { seats: 3, sites: 1, pagesPerSite: 5, generationsPerDay: 100, storageBytes: 100 * 1024 ** 2, apiRequestsPerMinute: 600 };
  await writeFile(plansFile, JSON.stringify([{ id: 'free', name: 'Free', monthlyCredits: 200, lowCreditThreshold: 20, limits, models: ['*'], features: [], jobConcurrency: 1 }]));
  test = await createTestApp(modules, { PLANS_FILE: plansFile, OPENAI_BASE_URL: images.baseUrl, OPENAI_API_KEY: openaiKey });
  owner = await signUp(test.app, 'owner@example.com');
  viewer = await signUp(test.app, 'viewer@example.com');
  stranger = await signUp(test.app, 'stranger@example.com');
  await joinWorkspace(test.app, test.database.db, owner.cookie, owner.workspaceId, viewer, 'viewer');
  await createUsage(test.database.db, test.config).ledger.grant(owner.workspaceId, { amount: 1_000, source: 'purchase', key: 'pack' });
});
afterAll(async () => {
  await test?.close();
  await images?.close();
  if (plansDir) await rm(plansDir, { recursive: true, force: true });
  restoreFetch?.();
});

const base = (user = owner) => `/api/workspaces/${user.workspaceId}`;
const balance = async () => (await call(test.app, 'GET', `${base()}/credits`, { cookie: owner.cookie })).json().balance as number;
const request = (body: unknown, user = owner) => call(test.app, 'POST', `${base(user)}/generations`, { cookie: user.cookie, body });
const work = (generationId: string) =>
  runGeneration(
    generationParts(test.database.db, test.config, contributionsOf(modules), createCircuitBreaker()),
    { generationId, workspaceId: owner.workspaceId },
    { signal: new AbortController().signal, logger: memoryLogger('fatal').logger, lastAttempt: false },
  );
const fetchGeneration = async (id: string) => (await call(test.app, 'GET', `${base()}/generations/${id}`, { cookie: owner.cookie })).json();
const image = (generationId: string, index: number | string, user = owner, workspace = owner) =>
  call(test.app, 'GET', `${base(workspace)}/generations/${generationId}/images/${index}`, { cookie: user.cookie });

/** The reservation behind a generation, and what the provider cost, from the tables. */
async function ledgerOf(generationId: string) {
  const [row] = await test.database.db.system((tx) =>
    queryRows<{ status: string; amount: number; charged: number | null; cost_usd_micros: number }>(
      tx,
      sql`select r.status, r.amount::int as amount, r.charged::int as charged, g.cost_usd_micros::int as cost_usd_micros
          from generation.generations g join usage.credit_reservations r on r.id = g.reservation_id where g.id = ${generationId}`,
    ),
  );
  return row;
}

const prompt = 'A bakery in Lisbon at sunset';
let localGeneration: { id: string; images: Buffer[] };
/** An image of the output, as its bytes, from the url the view gives for it. */
const bytesOf = async (painted: { url: string }) => (await call(test.app, 'GET', painted.url, { cookie: owner.cookie })).rawPayload;

describe('an image generation on the local model', () => {
  it('reserves images × the price per image × attempts, paints them, settles per image and records it all', async () => {
    const before = await balance();
    const queued = await request({ task: 'image.generate', input: { prompt, count: 2, size: '512x512' } });
    expect(queued.statusCode, queued.body).toBe(202);
    // 2 images × 2 credits an image × 2 attempts an image may take.
    expect(queued.json()).toMatchObject({ task: 'image.generate', status: 'queued', modelChain: ['local'], creditsReserved: 8 });
    expect(await balance()).toBe(before - 8);

    await work(queued.json().id);
    const done = await fetchGeneration(queued.json().id);
    expect(done).toMatchObject({ status: 'succeeded', error: null, creditsCharged: 4, tokensIn: 0, tokensOut: 0, progress: { step: 'Done', done: 2, total: 2 } });
    expect(done.attempts).toEqual([expect.objectContaining({ model: 'local', step: 'image', outcome: 'succeeded', images: 2, error: null })]);
    expect(done.output.images).toHaveLength(2);
    // The view names where each image is; its bytes are not in it.
    expect(done.output.images[1]).toEqual({ mediaType: 'image/png', width: 512, height: 512, url: `${base()}/generations/${done.id}/images/1` });
    const bytes: Buffer[] = await Promise.all(done.output.images.map(bytesOf));
    const pictures = bytes.map((png) => decodePng(png));
    expect(pictures.map((picture: { width: number; height: number }) => [picture.width, picture.height])).toEqual([
      [512, 512],
      [512, 512],
    ]);
    expect(bytes[0]?.equals(bytes[1] as Buffer)).toBe(false);
    expect(await balance()).toBe(before - 4);
    expect(await ledgerOf(done.id)).toEqual({ status: 'settled', amount: 8, charged: 4, cost_usd_micros: 0 });

    // A worker that runs the job again (it died after finishing) changes nothing.
    await work(done.id);
    expect(await balance()).toBe(before - 4);

    const usage = (await call(test.app, 'GET', `${base()}/usage?meter=ai.images&groupBy=model`, { cookie: owner.cookie })).json();
    const local = usage.series.find((series: { key: string }) => series.key === 'local');
    expect(local.points.reduce((sum: number, point: { quantity: number }) => sum + point.quantity, 0)).toBe(2);
    localGeneration = { id: done.id, images: bytes };
  });

  it('paints the same images for the same prompt', async () => {
    const again = (await request({ task: 'image.generate', input: { prompt, count: 2, size: '512x512' } })).json();
    await work(again.id);
    const bytes: Buffer[] = await Promise.all((await fetchGeneration(again.id)).output.images.map(bytesOf));
    expect(bytes.map((png) => png.toString('base64'))).toEqual(localGeneration.images.map((png) => png.toString('base64')));
  });
});

describe('the images route', () => {
  it("serves each image as its bytes to the workspace's members, and answers 404 to everyone else", async () => {
    const { id } = localGeneration;
    const served = await image(id, 1);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(served.rawPayload.equals(localGeneration.images[1] as Buffer)).toBe(true);
    expect(decodePng(served.rawPayload)).toMatchObject({ width: 512, height: 512 });
    expect((await image(id, 0, viewer)).statusCode).toBe(200);

    expect((await image(id, 2)).json().error).toMatchObject({ code: 'not_found', message: 'This generation has no image 2' });
    expect((await image(id, 'first')).statusCode).toBe(400);
    // Someone else: not a member of this workspace, and the generation is not in theirs.
    expect((await image(id, 0, stranger)).statusCode).toBe(404);
    expect((await image(id, 0, stranger, stranger)).statusCode).toBe(404);
    expect((await call(test.app, 'GET', `${base()}/generations/${id}/images/0`)).statusCode).toBe(401);
  });

  it('is in a valid OpenAPI document, as are the image fields of the registry', async () => {
    const document = (await call(test.app, 'GET', '/api/openapi.json')).json();
    expect((await new Validator().validate(document)).errors ?? []).toEqual([]);
    expect(document.paths).toHaveProperty(['/api/workspaces/{workspaceId}/generations/{generationId}/images/{index}', 'get']);
    const models = (await call(test.app, 'GET', `${base()}/generation/models`, { cookie: owner.cookie })).json().items;
    expect(models).toContainEqual(expect.objectContaining({ id: 'local', capabilities: ['text', 'structured', 'image'], price: expect.objectContaining({ perImage: 2 }) }));
    expect(models).toContainEqual(expect.objectContaining({ id: 'openai:gpt-image-1', capabilities: ['image'], available: true }));
  });

  it('answers 404 for a generation that made no images', async () => {
    const rewrite = (await request({ task: 'text.rewrite', input: { text: 'We bake bread.', style: 'shorter' } })).json();
    expect((await image(rewrite.id, 0)).statusCode).toBe(404);
    await work(rewrite.id);
    expect((await fetchGeneration(rewrite.id)).status).toBe('succeeded');
    expect((await image(rewrite.id, 0)).statusCode).toBe(404);
  });
});

describe('refusals', () => {
  it('answers 402 when the workspace cannot afford the worst case, and records nothing', async () => {
    const response = await request({ task: 'image.generate', input: { prompt } }, stranger);
    expect(response.statusCode).toBe(402);
    expect(response.json().error).toMatchObject({ code: 'insufficient_credits', message: 'This image.generate generation can cost up to 4 credits and the workspace has 0: buy credits or change plan' });
    expect((await call(test.app, 'GET', `${base(stranger)}/generations`, { cookie: stranger.cookie })).json().items).toEqual([]);
  });

  it('refuses a model that makes no images, and input out of bounds, with a 400 that writes nothing', async () => {
    const before = await balance();
    const textModel = await request({ task: 'image.generate', input: { prompt }, model: 'openai:gpt-5-mini' });
    expect(textModel.statusCode).toBe(400);
    expect(textModel.json().error).toMatchObject({ message: 'OpenAI GPT-5 mini does not make images, which image.generate needs', details: { field: 'model', reason: 'capability' } });
    const tooMany = await request({ task: 'image.generate', input: { prompt, count: 5, size: '640x480' } });
    expect(tooMany.json().error.details.issues.map((issue: { path: string }) => issue.path)).toEqual(['input.count', 'input.size']);
    expect(await balance()).toBe(before);
  });
});

describe('an image generation on a hosted model', () => {
  it("asks OpenAI's Images API at a size it makes, retries server errors, falls back, and charges only the images that came back", async () => {
    images.script('gpt-image-1', 'server-error', 'server-error', 'server-error');
    images.script('gpt-image-1-mini', 1);
    const before = await balance();
    const queued = await request({ task: 'image.generate', input: { prompt, count: 2, size: '512x512' }, model: 'openai:gpt-image-1' });
    expect(queued.statusCode, queued.body).toBe(202);
    // 2 images × 80 credits (the priciest image model of the chain) × 2 attempts.
    expect(queued.json()).toMatchObject({ modelChain: ['openai:gpt-image-1', 'openai:gpt-image-1-mini'], creditsReserved: 320 });

    await work(queued.json().id);
    const done = await fetchGeneration(queued.json().id);
    expect(done).toMatchObject({ status: 'succeeded', creditsCharged: 20, tokensIn: 40, tokensOut: 4_160 });
    expect(done.attempts.map((attempt: { model: string; outcome: string }) => `${attempt.model} ${attempt.outcome}`)).toEqual([
      'openai:gpt-image-1 transient',
      'openai:gpt-image-1 transient',
      'openai:gpt-image-1 transient',
      'openai:gpt-image-1-mini succeeded',
    ]);
    expect(done.attempts[3]).toMatchObject({ images: 1 });
    expect(done.output.images).toEqual([expect.objectContaining({ mediaType: 'image/png', width: 1024, height: 1024 })]);
    // The mini model's provider cost, US$0.011 an image, for its one image.
    expect(await ledgerOf(done.id)).toEqual({ status: 'settled', amount: 320, charged: 20, cost_usd_micros: 11_000 });
    expect(await balance()).toBe(before - 20);

    expect(images.requests.map(({ path, authorization, body }) => `${path} ${authorization} ${body.model} n=${body.n} ${body.size}`)).toEqual([
      ...Array.from({ length: 3 }, () => `/v1/images/generations Bearer ${openaiKey} gpt-image-1 n=2 1024x1024`),
      `/v1/images/generations Bearer ${openaiKey} gpt-image-1-mini n=2 1024x1024`,
    ]);
    expect(images.requests[0]?.body.prompt).toBe(prompt);
  });
});
