import { sql } from 'drizzle-orm';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { AppError } from '../errors/app-error.ts';
import { defineModule } from '../module.ts';

let charges = 0;
let release: (() => void) | undefined;

const paymentsModule = defineModule({
  name: 'payments',
  async routes(app) {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    const scope = (request: { params: unknown }) => `workspace:${(request.params as { workspaceId: string }).workspaceId}`;
    routes.post(
      '/workspaces/:workspaceId/charges',
      {
        config: { idempotency: { scope } },
        schema: {
          params: z.object({ workspaceId: z.string() }),
          body: z.object({ amount: z.number().int(), slow: z.boolean().optional(), fail: z.enum(['client', 'server']).optional() }),
        },
      },
      async (request, reply) => {
        if (request.body.slow) await new Promise<void>((resolve) => (release = resolve));
        if (request.body.fail === 'client') throw new AppError('insufficient_credits', 'Not enough credits');
        if (request.body.fail === 'server') throw new Error('provider exploded');
        charges += 1;
        return reply.code(201).send({ chargeNumber: charges, amount: request.body.amount });
      },
    );
  },
});

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp([paymentsModule]);
});
afterAll(() => test?.close());
beforeEach(() => {
  charges = 0;
});

const charge = (key: string | undefined, body: Record<string, unknown>, workspace = 'w1') =>
  test.app.inject({
    method: 'POST',
    url: `/api/workspaces/${workspace}/charges`,
    headers: key === undefined ? {} : { 'idempotency-key': key },
    payload: body,
  });

describe('Idempotency-Key', () => {
  it('replays the first response to a retry with the same body, charging once', async () => {
    const first = await charge('key-replay', { amount: 5 });
    const retry = await charge('key-replay', { amount: 5 });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(charges).toBe(1);
  });

  it('refuses the same key with a different body (422) and charges nothing more', async () => {
    await charge('key-other-body', { amount: 5 });
    const other = await charge('key-other-body', { amount: 6 });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_key_reused');
    expect(charges).toBe(1);
  });

  it('answers 409 while the first request is still running', async () => {
    const first = charge('key-running', { amount: 1, slow: true });
    await waitFor(() => release !== undefined);
    const concurrent = await charge('key-running', { amount: 1, slow: true });
    expect(concurrent.statusCode).toBe(409);
    expect(concurrent.json().error.code).toBe('idempotency_key_in_progress');
    expect(concurrent.headers['retry-after']).toBe('1');
    release?.();
    release = undefined;
    expect((await first).statusCode).toBe(201);
    expect(charges).toBe(1);
  });

  it('replays a refusal the client caused, but lets a retry after a server error run again', async () => {
    const refused = await charge('key-client-error', { amount: 1, fail: 'client' });
    const refusedAgain = await charge('key-client-error', { amount: 1, fail: 'client' });
    expect(refused.statusCode).toBe(402);
    expect(refusedAgain.headers['idempotent-replayed']).toBe('true');

    const crashed = await charge('key-server-error', { amount: 1, fail: 'server' });
    expect(crashed.statusCode).toBe(500);
    const retried = await charge('key-server-error', { amount: 1, fail: 'server' });
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps keys of different workspaces apart', async () => {
    await charge('shared-key', { amount: 1 }, 'w1');
    const other = await charge('shared-key', { amount: 2 }, 'w2');
    expect(other.statusCode).toBe(201);
    expect(charges).toBe(2);
  });

  it('forgets a key after 24 hours', async () => {
    await charge('key-expiring', { amount: 1 });
    await test.database.db.system((tx) =>
      tx.execute(sql`update platform.idempotency_keys set expires_at = now() - interval '1 second' where key = 'key-expiring'`),
    );
    const later = await charge('key-expiring', { amount: 9 });
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(charges).toBe(2);
  });

  it('does nothing without the header, and refuses a malformed key', async () => {
    await charge(undefined, { amount: 1 });
    await charge(undefined, { amount: 1 });
    expect(charges).toBe(2);
    const malformed = await charge('has spaces', { amount: 1 });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details.fields[0].field).toBe('headers.idempotency-key');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('condition never became true');
}
