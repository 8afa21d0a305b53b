/**
 * Credit accounting when a worker dies in the middle of a generation, on PostgreSQL: a real
 * `atelier worker` process calls a fake OpenAI-compatible server that is slow to answer; it is
 * killed with SIGKILL while the call is in flight, and a new worker takes over once the job's
 * missed heartbeat is noticed. Afterwards the generation has ended and its credits are
 * accounted for exactly: charged once if it succeeded, all given back if it failed; nothing
 * stays held.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generationModule } from '../../src/modules/generation/index.ts';
import { identityModule } from '../../src/modules/identity/index.ts';
import { createUsage, usageModule } from '../../src/modules/usage/index.ts';
import { planSubscriber } from '../../src/modules/usage/usage-jobs.ts';
import { queryRows } from '../../src/platform/db/tenancy.ts';
import { createDispatcher } from '../../src/platform/events/dispatcher.ts';
import { answer, createFakeAiProviders, type FakeAiProviders } from '../support/fake-ai-providers.ts';
import { call, signUp, type SignedUpUser } from '../support/identity-client.ts';
import { spawnNode, type Spawned } from '../support/spawn-atelier.ts';
import { createTestApp, memoryLogger, type TestApp } from '../support/test-app.ts';

const providerModel = 'slow-llama';
const modelId = `compatible:${providerModel}`;
/** What the provider reports for the answer that gets through; the deployment model's price is 0.5 / 2 credits per 1K. */
const usage = { input: 2_000, output: 1_000 };
const expectedCharge = Math.ceil((usage.input / 1000) * 0.5 + (usage.output / 1000) * 2);
const initialCredits = 1_000;

let fake: FakeAiProviders;
let test: TestApp;
let owner: SignedUpUser;
let dataDir: string;
const workers: Spawned[] = [];
beforeAll(async () => {
  fake = await createFakeAiProviders();
  const provider = { OPENAI_COMPATIBLE_BASE_URL: fake.baseUrl, OPENAI_COMPATIBLE_MODELS: providerModel };
  test = await createTestApp([identityModule, usageModule, generationModule], provider);
  if (!test.database.url) throw new Error('the crash test needs PostgreSQL: run it with npm run test:engines');
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'atelier-generation-crash-'));
  owner = await signUp(test.app, 'owner@example.com');
  await createDispatcher({ db: test.database.db, subscribers: [planSubscriber], logger: memoryLogger('fatal').logger }).drain();
  const credits = createUsage(test.database.db, test.config);
  await credits.plans.changePlan(owner.workspaceId, 'pro');
  await credits.ledger.grant(owner.workspaceId, { amount: initialCredits, source: 'purchase', key: 'pack' });
});
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.exited));
  await test?.close();
  await fake?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** `atelier worker` on the test's database, calling the fake provider. */
async function startWorker(): Promise<Spawned> {
  const worker = spawnNode(['worker'], {
    DATABASE_URL: test.database.url,
    DATA_DIR: dataDir,
    OPENAI_COMPATIBLE_BASE_URL: fake.baseUrl,
    OPENAI_COMPATIBLE_MODELS: providerModel,
  });
  workers.push(worker);
  await worker.waitForLine(/Atelier worker is running/);
  return worker;
}

async function ledgerOf(generationId: string) {
  const [row] = await test.database.db.system((tx) =>
    queryRows<{ status: string; credits_charged: number | null; reservation: string; held: number; entries: string[]; balance: number }>(
      tx,
      sql`select g.status, g.credits_charged::int as credits_charged, r.status as reservation,
                 (select count(*)::int from usage.credit_reservations h where h.workspace_id = g.workspace_id and h.status = 'held') as held,
                 (select array_agg(e.type order by e.created_at, e.id) from usage.credit_entries e where e.reservation_id = r.id) as entries,
                 (select b.balance::int from usage.credit_balances b where b.workspace_id = g.workspace_id) as balance
          from generation.generations g join usage.credit_reservations r on r.id = g.reservation_id where g.id = ${generationId}`,
    ),
  );
  if (!row) throw new Error(`no generation ${generationId}`);
  return row;
}

async function jobStateOf(generationId: string): Promise<string | undefined> {
  const [job] = await test.database.db.system((tx) =>
    queryRows<{ state: string }>(tx, sql`select state from pgboss.job where name = 'generation.run' and data->'payload'->>'generationId' = ${generationId}`),
  );
  return job?.state;
}

describe('a worker killed in the middle of a generation', () => {
  it('leaves no credits stranded: after a new worker takes over, the generation is charged exactly once', { timeout: 90_000 }, async () => {
    // The first call is slow enough that the worker is surely still waiting when it dies; the retry is answered at once.
    fake.script(providerModel, answer.delayed(120_000, answer.json({ text: 'never delivered' })));
    fake.otherwise(providerModel, answer.json({ text: 'We bake bread every morning.' }, usage));

    const first = await startWorker();
    const requested = await call(test.app, 'POST', `/api/workspaces/${owner.workspaceId}/generations`, {
      cookie: owner.cookie,
      body: { task: 'text.rewrite', input: { text: 'We bake bread every morning in Lisbon, before dawn.', style: 'shorter' }, model: modelId },
    });
    expect(requested.statusCode, requested.body).toBe(202);
    const { id, creditsReserved } = requested.json() as { id: string; creditsReserved: number };

    await fake.waitForRequest((request) => request.model === providerModel);
    expect(await ledgerOf(id)).toMatchObject({ status: 'running', reservation: 'held', balance: initialCredits - creditsReserved });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const killedAt = Date.now();

    await startWorker();
    // Until the job is done with it: the record ends first, the ledger is settled or released just after.
    while ((await jobStateOf(id)) !== 'completed' && Date.now() - killedAt < 60_000) await sleep(250);
    expect(await jobStateOf(id)).toBe('completed');
    const ended = await ledgerOf(id);
    const generation = (await call(test.app, 'GET', `/api/workspaces/${owner.workspaceId}/generations/${id}`, { cookie: owner.cookie })).json();
    // eslint-disable-next-line no-console -- what the test measured, for whoever runs it
    console.info(`generation crash test: ${generation.status} ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the SIGKILL; provider calls: ${fake.requests.map((request) => request.answeredWith).join(', ')}`);

    // Whichever way it ended, nothing is held and every credit is either spent on it or back.
    expect(['succeeded', 'failed']).toContain(ended.status);
    expect(ended.held).toBe(0);
    expect(ended.balance + (ended.credits_charged ?? 0)).toBe(initialCredits);
    // The provider answers the retry, so it ended the good way: settled once at the reported usage,
    // the rest of the reservation given back in the same step.
    expect(ended).toMatchObject({ status: 'succeeded', reservation: 'settled', credits_charged: expectedCharge, entries: ['reserve', 'settle', 'release'] });
    expect(generation).toMatchObject({ status: 'succeeded', output: { text: 'We bake bread every morning.' }, tokensIn: usage.input, tokensOut: usage.output, creditsCharged: expectedCharge });
    // The call cut off by the kill left no attempt behind; the one that answered is the only one.
    expect(generation.attempts).toEqual([expect.objectContaining({ model: modelId, outcome: 'succeeded' })]);
    expect(fake.requestsFor(providerModel).map((request) => request.answeredWith)).toEqual(['delay 120000 ms, then json', 'json']);
  });
});
