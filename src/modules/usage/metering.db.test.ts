import { Validator } from '@seriousme/openapi-schema-validator';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createApiKey, joinWorkspace, signUp, type SignedUpUser } from '../../../test/support/identity-client.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { queryRows } from '../../platform/db/tenancy.ts';
import { isUniqueViolation } from '../../platform/db/unique-violation.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { defineModule } from '../../platform/module.ts';
import { identityModule } from '../identity/index.ts';
import { createMetering, type Metering } from './metering.ts';
import { usageRoutes } from './usage.routes.ts';

// The usage module's index is not needed: a tiny module carries the routes and declares the permission.
const usageTestModule = defineModule({
  name: 'usage-test',
  routes: usageRoutes,
  permissions: [{ name: 'usage:read', description: 'x', roles: ['owner', 'admin', 'member'] }],
});

let test: TestApp;
let metering: Metering;
let owner: SignedUpUser;
let member: SignedUpUser;
let viewer: SignedUpUser;
let stranger: SignedUpUser;
let workspaceId: string;

beforeAll(async () => {
  test = await createTestApp([identityModule, usageTestModule]);
  metering = createMetering(test.database.db);
  const person = (role: string) => signUp(test.app, `metering-${role}@example.com`);
  [owner, member, viewer, stranger] = await Promise.all([person('owner'), person('member'), person('viewer'), person('stranger')]);
  workspaceId = owner.workspaceId;
  await joinWorkspace(test.app, test.database.db, owner.cookie, workspaceId, member, 'member');
  await joinWorkspace(test.app, test.database.db, owner.cookie, workspaceId, viewer, 'viewer');
});
afterAll(() => test?.close());

const at = (iso: string) => new Date(iso);
const get = (url: string, who: SignedUpUser) => call(test.app, 'GET', url, { cookie: who.cookie });
const usageUrl = (workspace: string, query: Record<string, string>) => `/api/workspaces/${workspace}/usage?${new URLSearchParams(query).toString()}`;

async function rowsWithKey(workspace: string, key: string): Promise<number> {
  const [row] = await test.database.db.tenant(workspace, (tx) => queryRows<{ count: number }>(tx, sql`select count(*)::int as count from usage.usage_records where key = ${key}`));
  return row?.count ?? 0;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('recording usage', () => {
  it('is idempotent by key: a retry records nothing and answers the first record', async () => {
    const input = { meter: 'ai.tokens', quantity: 1200, dimensions: { model: 'local-small', module: 'sites' }, key: 'generation-1:tokens', occurredAt: at('2025-01-01T10:00:00Z') };
    const first = await metering.record(workspaceId, input);
    expect(first).toMatchObject({ workspaceId, meter: 'ai.tokens', quantity: 1200, dimensions: { model: 'local-small', module: 'sites' }, key: 'generation-1:tokens' });
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    // Dimensions in another order, and a later occurredAt (a retry's clock), are the same fact.
    const retry = await metering.record(workspaceId, { ...input, dimensions: { module: 'sites', model: 'local-small' }, occurredAt: at('2025-01-01T10:00:05Z') });
    expect(retry).toEqual(first);
    expect(await rowsWithKey(workspaceId, 'generation-1:tokens')).toBe(1);
  });

  it('answers concurrent retries of one key with one record', async () => {
    const input = { meter: 'generation.count', quantity: 1, key: 'generation-2:count' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => metering.record(workspaceId, input)));
    expect(new Set(answers.map((answer) => answer.id)).size).toBe(1);
    expect(await rowsWithKey(workspaceId, 'generation-2:count')).toBe(1);
  });

  it('refuses the same key for a different fact with a conflict (409)', async () => {
    const input = { meter: 'api.requests', quantity: 1, dimensions: { user: 'u1' }, key: 'request-1' };
    await metering.record(workspaceId, input);
    for (const [changed, differs] of [
      [{ quantity: 2 }, ['quantity']],
      [{ meter: 'api.calls' }, ['meter']],
      [{ dimensions: { user: 'u2' } }, ['dimensions']],
      [{ dimensions: {} }, ['dimensions']],
    ] as const) {
      const error = await refusal(metering.record(workspaceId, { ...input, ...changed }));
      expect(error.code).toBe('conflict');
      expect(error.status).toBe(409);
      expect(error.details).toEqual({ key: 'request-1', differs });
    }
    expect(await rowsWithKey(workspaceId, 'request-1')).toBe(1);
  });

  it('refuses a malformed meter, quantity, key or dimensions, naming the field', async () => {
    const good = { meter: 'storage.bytes', quantity: 10, key: 'bad-input' };
    const cases: [Record<string, unknown>, string][] = [
      [{ meter: 'tokens' }, 'meter'],
      [{ meter: 'AI.tokens' }, 'meter'],
      [{ meter: 'ai..tokens' }, 'meter'],
      [{ meter: 'ai.tokens.' }, 'meter'],
      [{ meter: '1ai.tokens' }, 'meter'],
      [{ quantity: -1 }, 'quantity'],
      [{ quantity: 1.5 }, 'quantity'],
      [{ quantity: Number.NaN }, 'quantity'],
      [{ quantity: 2 ** 53 }, 'quantity'],
      [{ quantity: '10' }, 'quantity'],
      [{ key: '' }, 'key'],
      [{ key: 'k'.repeat(201) }, 'key'],
      [{ dimensions: Object.fromEntries(Array.from({ length: 9 }, (_, index) => [`d${index}`, 'x'])) }, 'dimensions'],
      [{ dimensions: { 'bad name': 'x' } }, 'dimensions'],
      [{ dimensions: { model: 3 } }, 'dimensions'],
      [{ dimensions: { model: '' } }, 'dimensions'],
      [{ dimensions: { model: 'x'.repeat(201) } }, 'dimensions'],
      [{ dimensions: ['model'] }, 'dimensions'],
      [{ occurredAt: new Date('nonsense') }, 'occurredAt'],
    ];
    for (const [change, field] of cases) {
      const error = await refusal(metering.record(workspaceId, { ...good, ...change } as never));
      expect(error.code, JSON.stringify(change)).toBe('invalid_input');
      expect(error.details).toEqual({ field });
    }
    expect(await rowsWithKey(workspaceId, 'bad-input')).toBe(0);
    // Zero is a quantity; eight dimensions are allowed.
    const eight = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`d${index}`, 'x']));
    await expect(metering.record(workspaceId, { ...good, quantity: 0, dimensions: eight })).resolves.toMatchObject({ quantity: 0, dimensions: eight });
  });

  it("recordIn writes in the caller's transaction: rolled back with it", async () => {
    const rolledBack = test.database.db.tenant(workspaceId, async (tx) => {
      await metering.recordIn(tx, workspaceId, { meter: 'generation.count', quantity: 1, key: 'rolled-back' });
      expect(await rowsWithKey(workspaceId, 'rolled-back')).toBe(1);
      throw new Error('the generation failed');
    });
    await expect(rolledBack).rejects.toThrow('the generation failed');
    expect(await rowsWithKey(workspaceId, 'rolled-back')).toBe(0);
  });

  it('recordAllIn writes several facts in one insert, answers them in order, and replays or refuses a used key as recordIn does', async () => {
    const first = await metering.record(workspaceId, { meter: 'ai.tokens', quantity: 7, dimensions: { model: 'local' }, key: 'batch-used' });
    const records = await test.database.db.tenant(workspaceId, (tx) =>
      metering.recordAllIn(tx, workspaceId, [
        { meter: 'generation.count', quantity: 1, key: 'batch-new' },
        { meter: 'ai.tokens', quantity: 7, dimensions: { model: 'local' }, key: 'batch-used' },
      ]),
    );
    expect(records.map((record) => [record.key, record.quantity])).toEqual([
      ['batch-new', 1],
      ['batch-used', 7],
    ]);
    expect(records[1]?.id).toBe(first.id);
    const conflicting = test.database.db.tenant(workspaceId, (tx) =>
      metering.recordAllIn(tx, workspaceId, [
        { meter: 'generation.count', quantity: 1, key: 'batch-rolled-back' },
        { meter: 'ai.tokens', quantity: 8, dimensions: { model: 'local' }, key: 'batch-used' },
      ]),
    );
    await expect(conflicting).rejects.toMatchObject({ code: 'conflict', details: { key: 'batch-used', differs: ['quantity'] } });
    expect(await rowsWithKey(workspaceId, 'batch-rolled-back')).toBe(0);
    expect(await rowsWithKey(workspaceId, 'batch-new')).toBe(1);
  });
});

describe('recordNewIn', () => {
  it("writes first-time facts with the caller's transaction, and fails that transaction, recording nothing, on a key used before", async () => {
    await test.database.db.tenant(workspaceId, async (tx) => {
      await metering.recordNewIn(tx, workspaceId, [
        { meter: 'generation.count', quantity: 1, key: 'new-count' },
        { meter: 'ai.tokens', quantity: 12, dimensions: { model: 'local' }, key: 'new-tokens' },
      ]);
    });
    expect(await rowsWithKey(workspaceId, 'new-count')).toBe(1);
    expect(await rowsWithKey(workspaceId, 'new-tokens')).toBe(1);

    const reused = test.database.db.tenant(workspaceId, async (tx) => {
      await metering.recordNewIn(tx, workspaceId, [
        { meter: 'generation.count', quantity: 1, key: 'new-then-undone' },
        { meter: 'ai.tokens', quantity: 12, dimensions: { model: 'local' }, key: 'new-tokens' },
      ]);
    });
    const failure = await reused.then(
      () => null,
      (error: unknown) => error,
    );
    expect(isUniqueViolation(failure, 'usage_records_key_idx')).toBe(true);
    expect(await rowsWithKey(workspaceId, 'new-then-undone')).toBe(0);
    expect(await rowsWithKey(workspaceId, 'new-tokens')).toBe(1);
    // The session is fine afterwards.
    await expect(metering.record(workspaceId, { meter: 'generation.count', quantity: 1, key: 'after-the-failure' })).resolves.toMatchObject({ key: 'after-the-failure' });
  });
});

describe('usage by day', () => {
  let team: string;
  beforeAll(async () => {
    // A fresh workspace of the owner's, so the other tests' records do not mix in.
    const created = await call(test.app, 'POST', '/api/workspaces', { cookie: owner.cookie, body: { name: 'Charts' } });
    expect(created.statusCode).toBe(201);
    team = created.json().id;
    const facts: [string, number, Record<string, string>][] = [
      ['2025-03-02T08:00:00Z', 10, { model: 'alpha' }],
      ['2025-03-02T20:00:00Z', 5, { model: 'beta' }],
      ['2025-03-03T12:00:00Z', 3, {}],
      ['2025-03-04T00:00:00Z', 7, { model: 'alpha', module: 'assets' }],
      ['2025-03-09T23:59:59Z', 100, { model: 'alpha' }],
      ['2025-03-10T00:00:00Z', 200, { model: 'alpha' }],
      ['2025-02-28T23:59:59Z', 1000, { model: 'alpha' }],
    ];
    for (const [index, [occurredAt, quantity, dimensions]] of facts.entries()) {
      await metering.record(team, { meter: 'ai.tokens', quantity, dimensions, key: `fact-${index}`, occurredAt: at(occurredAt) });
    }
    await metering.record(team, { meter: 'generation.count', quantity: 1, key: 'other-meter', occurredAt: at('2025-03-02T09:00:00Z') });
  });

  it('sums per UTC day with every day of the range present, zero-filled', async () => {
    const history = await metering.usageByDay(team, { meter: 'ai.tokens', from: '2025-03-01', to: '2025-03-05' });
    expect(history).toEqual({
      meter: 'ai.tokens',
      from: '2025-03-01',
      to: '2025-03-05',
      groupBy: null,
      omittedSeries: 0,
      series: [
        {
          key: null,
          points: [
            { day: '2025-03-01', quantity: 0 },
            { day: '2025-03-02', quantity: 15 },
            { day: '2025-03-03', quantity: 3 },
            { day: '2025-03-04', quantity: 7 },
            { day: '2025-03-05', quantity: 0 },
          ],
        },
      ],
    });
    const empty = await metering.usageByDay(team, { meter: 'storage.bytes', from: '2025-03-01', to: '2025-03-02' });
    expect(empty.series).toEqual([{ key: null, points: [{ day: '2025-03-01', quantity: 0 }, { day: '2025-03-02', quantity: 0 }] }]);
  });

  it('splits by a dimension, one zero-filled series per value, largest first, records without it under null', async () => {
    const history = await metering.usageByDay(team, { meter: 'ai.tokens', from: '2025-03-01', to: '2025-03-04', groupBy: 'model' });
    expect(history.groupBy).toBe('model');
    expect(history.series).toEqual([
      { key: 'alpha', points: [0, 10, 0, 7].map((quantity, index) => ({ day: `2025-03-0${index + 1}`, quantity })) },
      { key: 'beta', points: [0, 5, 0, 0].map((quantity, index) => ({ day: `2025-03-0${index + 1}`, quantity })) },
      { key: null, points: [0, 0, 3, 0].map((quantity, index) => ({ day: `2025-03-0${index + 1}`, quantity })) },
    ]);
    const byModule = await metering.usageByDay(team, { meter: 'ai.tokens', from: '2025-03-04', to: '2025-03-04', groupBy: 'module' });
    expect(byModule.series).toEqual([{ key: 'assets', points: [{ day: '2025-03-04', quantity: 7 }] }]);
    const nothing = await metering.usageByDay(team, { meter: 'ai.tokens', from: '2025-03-05', to: '2025-03-06', groupBy: 'model' });
    expect(nothing.series).toEqual([]);
  });

  it('returns at most 100 series, the largest, and counts the ones left out', async () => {
    await test.database.db.tenant(team, async (tx) => {
      for (let user = 0; user <= 100; user++) {
        await metering.recordIn(tx, team, { meter: 'api.requests', quantity: user + 1, dimensions: { user: `user-${user}` }, key: `requests-${user}`, occurredAt: at('2025-03-02T12:00:00Z') });
      }
    });
    const history = await metering.usageByDay(team, { meter: 'api.requests', from: '2025-03-02', to: '2025-03-02', groupBy: 'user' });
    expect(history.series).toHaveLength(100);
    expect(history.omittedSeries).toBe(1);
    expect(history.series[0]).toEqual({ key: 'user-100', points: [{ day: '2025-03-02', quantity: 101 }] });
    expect(history.series.map((series) => series.key)).not.toContain('user-0');
  });

  it('cuts days at UTC midnight, whatever the session time zone', async () => {
    const expected = [
      { day: '2025-03-09', quantity: 100 },
      { day: '2025-03-10', quantity: 200 },
    ];
    expect((await metering.usageByDay(team, { meter: 'ai.tokens', from: '2025-03-09', to: '2025-03-10' })).series[0]?.points).toEqual(expected);
    // Inside an open transaction of the workspace, usageByDay joins it, time zone and all.
    for (const zone of ['America/Los_Angeles', 'Asia/Tokyo']) {
      const points = await test.database.db.tenant(team, async (tx) => {
        await tx.execute(sql.raw(`set local time zone '${zone}'`));
        return (await metering.usageByDay(team, { meter: 'ai.tokens', from: '2025-03-09', to: '2025-03-10' })).series[0]?.points;
      });
      expect(points, zone).toEqual(expected);
    }
    // The range's edges are whole UTC days too: 23:59:59Z on the day before `from` is outside.
    expect((await metering.usageByDay(team, { meter: 'ai.tokens', from: '2025-03-01', to: '2025-03-01' })).series[0]?.points).toEqual([{ day: '2025-03-01', quantity: 0 }]);
    expect((await metering.usageByDay(team, { meter: 'ai.tokens', from: '2025-02-28', to: '2025-02-28' })).series[0]?.points).toEqual([{ day: '2025-02-28', quantity: 1000 }]);
  });

  it('answers the history over HTTP to members, with ranges checked', async () => {
    await joinWorkspace(test.app, test.database.db, owner.cookie, team, member, 'member');
    const response = await get(usageUrl(team, { meter: 'ai.tokens', from: '2025-03-01', to: '2025-03-03', groupBy: 'model' }), member);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      meter: 'ai.tokens',
      from: '2025-03-01',
      to: '2025-03-03',
      groupBy: 'model',
      omittedSeries: 0,
      series: [
        { key: 'alpha', points: [{ day: '2025-03-01', quantity: 0 }, { day: '2025-03-02', quantity: 10 }, { day: '2025-03-03', quantity: 0 }] },
        { key: 'beta', points: [{ day: '2025-03-01', quantity: 0 }, { day: '2025-03-02', quantity: 5 }, { day: '2025-03-03', quantity: 0 }] },
        { key: null, points: [{ day: '2025-03-01', quantity: 0 }, { day: '2025-03-02', quantity: 0 }, { day: '2025-03-03', quantity: 3 }] },
      ],
    });

    // A whole leap year is 366 days: allowed; one day more is not.
    const year = await get(usageUrl(team, { meter: 'ai.tokens', from: '2024-01-01', to: '2024-12-31' }), owner);
    expect(year.statusCode).toBe(200);
    expect(year.json().series[0].points).toHaveLength(366);
    const tooLong = await get(usageUrl(team, { meter: 'ai.tokens', from: '2024-01-01', to: '2025-01-01' }), owner);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error).toMatchObject({ code: 'invalid_input', details: { field: 'to' } });
    const backwards = await get(usageUrl(team, { meter: 'ai.tokens', from: '2025-03-05', to: '2025-03-01' }), owner);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toMatchObject({ code: 'invalid_input', details: { field: 'from' } });

    for (const [query, field] of [
      [{ from: '2025-03-01' }, 'querystring.meter'],
      [{ meter: 'tokens' }, 'querystring.meter'],
      [{ meter: 'ai.tokens', from: '2025-02-30' }, 'querystring.from'],
      [{ meter: 'ai.tokens', to: '03/01/2025' }, 'querystring.to'],
      [{ meter: 'ai.tokens', groupBy: 'not a dimension' }, 'querystring.groupBy'],
    ] as const) {
      const bad = await get(usageUrl(team, query), owner);
      expect(bad.statusCode, JSON.stringify(query)).toBe(400);
      expect(bad.json().error.details.fields.map((entry: { field: string }) => entry.field)).toEqual([field]);
    }
  });

  it('defaults to the last 30 UTC days, today included', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await metering.record(team, { meter: 'api.requests', quantity: 4, key: 'today' });
    const response = await get(usageUrl(team, { meter: 'api.requests' }), owner);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.to).toBe(today);
    expect(body.from).toBe(new Date(Date.parse(today) - 29 * 86_400_000).toISOString().slice(0, 10));
    expect(body.series).toHaveLength(1);
    expect(body.series[0].points).toHaveLength(30);
    expect(body.series[0].points.at(-1)).toEqual({ day: today, quantity: 4 });
    // `to` alone: the 30 days ending on it.
    const ending = (await get(usageUrl(team, { meter: 'api.requests', to: '2025-03-30' }), owner)).json();
    expect([ending.from, ending.to]).toEqual(['2025-03-01', '2025-03-30']);
  });

  it('lists the meters the workspace has records of', async () => {
    const response = await get(`/api/workspaces/${team}/usage/meters`, owner);
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([
      { meter: 'ai.tokens', lastOccurredAt: '2025-03-10T00:00:00.000Z' },
      { meter: 'api.requests', lastOccurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
      { meter: 'generation.count', lastOccurredAt: '2025-03-02T09:00:00.000Z' },
    ]);
  });
});

describe('who may read usage', () => {
  it('members and keys with usage:read may; a viewer gets 403; a non-member 404; another workspace never leaks in', async () => {
    const strangers = stranger.workspaceId;
    await metering.record(workspaceId, { meter: 'site.publishes', quantity: 2, dimensions: { module: 'sites' }, key: 'mine', occurredAt: at('2025-04-01T12:00:00Z') });
    await metering.record(strangers, { meter: 'site.publishes', quantity: 50, dimensions: { module: 'sites' }, key: 'mine', occurredAt: at('2025-04-01T12:00:00Z') });
    await metering.record(strangers, { meter: 'secret.meter', quantity: 1, key: 'theirs', occurredAt: at('2025-04-01T12:00:00Z') });

    const query = { meter: 'site.publishes', from: '2025-04-01', to: '2025-04-02', groupBy: 'module' };
    const expected = [{ key: 'sites', points: [{ day: '2025-04-01', quantity: 2 }, { day: '2025-04-02', quantity: 0 }] }];
    for (const who of [owner, member]) {
      const response = await get(usageUrl(workspaceId, query), who);
      expect(response.statusCode).toBe(200);
      expect(response.json().series).toEqual(expected);
    }
    const key = await createApiKey(test.app, owner.cookie, workspaceId, ['usage:read']);
    const byKey = await call(test.app, 'GET', usageUrl(workspaceId, query), { bearer: key.secret });
    expect(byKey.statusCode).toBe(200);
    expect(byKey.json().series).toEqual(expected);
    expect((await metering.usageByDay(workspaceId, query)).series).toEqual(expected);
    expect((await metering.meters(workspaceId)).map((entry) => entry.meter)).not.toContain('secret.meter');

    for (const url of [usageUrl(workspaceId, query), `/api/workspaces/${workspaceId}/usage/meters`]) {
      const refused = await get(url, viewer);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'forbidden', details: { permission: 'usage:read' } });
      const hidden = await get(url, stranger);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().error.code).toBe('not_found');
      expect(hidden.body).not.toContain('site.publishes');
      expect((await call(test.app, 'GET', url)).statusCode).toBe(401);
    }
    // The stranger's own workspace answers only its own records.
    const theirs = await get(usageUrl(strangers, query), stranger);
    expect(theirs.json().series[0].points[0]).toEqual({ day: '2025-04-01', quantity: 50 });
  });
});

describe('the OpenAPI document', () => {
  it('describes both usage routes, and stays valid', async () => {
    const document = (await call(test.app, 'GET', '/api/openapi.json')).json();
    const history = document.paths['/api/workspaces/{workspaceId}/usage'].get;
    expect(history.tags).toEqual(['usage']);
    expect(history.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(expect.arrayContaining(['meter', 'from', 'to', 'groupBy', 'workspaceId']));
    expect(document.paths['/api/workspaces/{workspaceId}/usage/meters'].get.responses['200']).toBeDefined();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
  });
});
