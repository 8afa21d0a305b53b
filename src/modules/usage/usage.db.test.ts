import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createApiKey, joinWorkspace, signUp, tokenFromEmail, type SignedUpUser } from '../../../test/support/identity-client.ts';
import { createTestApp, memoryLogger, type TestApp } from '../../../test/support/test-app.ts';
import { queryRows } from '../../platform/db/tenancy.ts';
import { createDispatcher } from '../../platform/events/dispatcher.ts';
import { identityModule } from '../identity/index.ts';
import { assertWithinLimit, judgeLimit } from './limits.ts';
import { createCatalogue, defaultCatalogue } from './plans.ts';
import { planSubscriber } from './usage-jobs.ts';
import { createUsage, usageModule } from './index.ts';
import { nextRenewal } from './workspace-plans.ts';

let test: TestApp;
let owner: SignedUpUser;
let viewer: SignedUpUser;
let member: SignedUpUser;
beforeAll(async () => {
  test = await createTestApp([identityModule, usageModule]);
  owner = await signUp(test.app, 'owner@example.com');
  viewer = await signUp(test.app, 'viewer@example.com');
  member = await signUp(test.app, 'member@example.com');
  await joinWorkspace(test.app, test.database.db, owner.cookie, owner.workspaceId, viewer, 'viewer');
  await joinWorkspace(test.app, test.database.db, owner.cookie, owner.workspaceId, member, 'member');
});
afterAll(() => test?.close());

const deliverEvents = () => createDispatcher({ db: test.database.db, subscribers: [planSubscriber], logger: memoryLogger('fatal').logger }).drain();
const usage = () => createUsage(test.database.db, {});
const credits = (user: SignedUpUser, workspaceId = owner.workspaceId) => call(test.app, 'GET', `/api/workspaces/${workspaceId}/credits`, { cookie: user.cookie });

describe('plans and allowances', () => {
  it('starts a workspace on the free plan and grants its allowance only once the owner verifies their email', async () => {
    const newcomer = await signUp(test.app, 'newcomer@example.com', undefined, { verified: false });
    await deliverEvents();
    expect((await call(test.app, 'GET', `/api/workspaces/${newcomer.workspaceId}/plan`, { cookie: newcomer.cookie })).json()).toMatchObject({
      plan: { id: 'free', monthlyCredits: 200 },
      nextAllowanceAt: null,
    });
    await usage().plans.grantDueAllowances(usage().ledger, (workspaceId, error) => { throw error; });
    expect((await credits(newcomer, newcomer.workspaceId)).json().balance).toBe(0);

    const token = await tokenFromEmail(test.database.db, 'newcomer@example.com', '/verify-email');
    expect((await call(test.app, 'POST', '/api/auth/verify-email', { body: { token } })).statusCode).toBe(200);
    await deliverEvents();
    await usage().plans.grantDueAllowances(usage().ledger, (workspaceId, error) => { throw error; });
    const balance = (await credits(newcomer, newcomer.workspaceId)).json();
    expect(balance.balance).toBe(200);
    expect(balance.grants).toEqual([expect.objectContaining({ source: 'plan', amount: 200, remaining: 200 })]);
    expect(new Date(balance.grants[0].expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect((await credits(owner)).json().balance).toBe(200);
  });

  it('grants each cycle once, however often or late the job runs', async () => {
    // Pretend the renewal came round, and the job then ran twice.
    await test.database.db.system((tx) => tx.execute(sql`update usage.workspace_plans set next_allowance_at = now() - interval '1 minute' where workspace_id = ${owner.workspaceId}`));
    const [due] = await test.database.db.system((tx) => queryRows<{ at: Date | string }>(tx, sql`select next_allowance_at as at from usage.workspace_plans where workspace_id = ${owner.workspaceId}`));
    await usage().plans.grantDueAllowances(usage().ledger, (workspaceId, error) => { throw error; });
    await test.database.db.system((tx) => tx.execute(sql`update usage.workspace_plans set next_allowance_at = ${new Date(due?.at as string)} where workspace_id = ${owner.workspaceId}`));
    await usage().plans.grantDueAllowances(usage().ledger, (workspaceId, error) => { throw error; });
    const grants = (await credits(owner)).json().grants.filter((grant: { source: string }) => grant.source === 'plan');
    expect(grants).toHaveLength(2);
  });

  it('gives the free allowance to a person\'s first workspace only, and none to a deleted one', async () => {
    const extra = await call(test.app, 'POST', '/api/workspaces', { cookie: owner.cookie, body: { name: 'Side project' } });
    await deliverEvents();
    expect((await call(test.app, 'GET', `/api/workspaces/${extra.json().id}/plan`, { cookie: owner.cookie })).json().nextAllowanceAt).toBeNull();
    const doomed = await signUp(test.app, 'doomed@example.com');
    await deliverEvents();
    const slug = (await call(test.app, 'GET', `/api/workspaces/${doomed.workspaceId}`, { cookie: doomed.cookie })).json().slug;
    await call(test.app, 'DELETE', `/api/workspaces/${doomed.workspaceId}`, { cookie: doomed.cookie, body: { confirm: slug } });
    await deliverEvents();
    const [row] = await test.database.db.system((tx) => queryRows<{ at: unknown }>(tx, sql`select next_allowance_at as at from usage.workspace_plans where workspace_id = ${doomed.workspaceId}`));
    expect(row?.at).toBeNull();
  });

  it('catches up a cycle the job missed by granting the current one, without holding back the others', async () => {
    const late = await signUp(test.app, 'late-cycle@example.com');
    await deliverEvents();
    await test.database.db.system((tx) => tx.execute(sql`update usage.workspace_plans set next_allowance_at = now() - interval '70 days' where workspace_id = ${late.workspaceId}`));
    const failures: unknown[] = [];
    await usage().plans.grantDueAllowances(usage().ledger, (_workspaceId, error) => failures.push(error));
    expect(failures).toEqual([]);
    const grants = (await credits(late, late.workspaceId)).json().grants;
    expect(grants).toHaveLength(1);
    expect(new Date(grants[0].expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('renews on the cycle day, the 28th at the latest', () => {
    expect(nextRenewal(new Date('2026-01-31T10:00:00Z'), 28).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(nextRenewal(new Date('2026-02-28T00:00:00Z'), 28).toISOString()).toBe('2026-03-28T00:00:00.000Z');
    expect(nextRenewal(new Date('2026-12-05T00:00:00Z'), 3).toISOString()).toBe('2027-01-03T00:00:00.000Z');
  });
});

describe('the credits API', () => {
  it('shows the balance to members and hides it from viewers and strangers', async () => {
    expect((await credits(member)).statusCode).toBe(200);
    expect((await call(test.app, 'GET', `/api/workspaces/${owner.workspaceId}/usage/meters`, { cookie: member.cookie })).statusCode).toBe(200);
    expect((await credits(viewer)).statusCode).toBe(403);
    const stranger = await signUp(test.app, 'stranger@example.com');
    expect((await credits(stranger)).statusCode).toBe(404);
  });

  it('pages the ledger newest first, filters it by type, and exports it as CSV', async () => {
    const ledger = usage().ledger;
    await ledger.consume(owner.workspaceId, { amount: 5, key: 'a', description: '=HYPERLINK("x")' });
    await ledger.consume(owner.workspaceId, { amount: 7, key: 'b', description: 'image, "large"' });
    const first = (await call(test.app, 'GET', `/api/workspaces/${owner.workspaceId}/credits/entries?limit=2`, { cookie: owner.cookie })).json();
    expect(first.items.map((entry: { amount: number }) => entry.amount)).toEqual([-7, -5]);
    const second = (await call(test.app, 'GET', `/api/workspaces/${owner.workspaceId}/credits/entries?limit=2&cursor=${first.nextCursor}`, { cookie: owner.cookie })).json();
    expect(second.items.every((entry: { type: string }) => entry.type === 'grant')).toBe(true);
    const consumed = (await call(test.app, 'GET', `/api/workspaces/${owner.workspaceId}/credits/entries?type=consume`, { cookie: owner.cookie })).json();
    expect(consumed.items).toHaveLength(2);
    const csv = await call(test.app, 'GET', `/api/workspaces/${owner.workspaceId}/credits/entries?format=csv`, { cookie: owner.cookie });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,created_at,type,amount,balance_after,description');
    expect(lines).toHaveLength(5);
    expect(csv.body).toContain(`"image, ""large"""`);
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`);
    const bad = await call(test.app, 'GET', `/api/workspaces/${owner.workspaceId}/credits/entries?from=yesterday`, { cookie: owner.cookie });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses a debit the balance does not cover with 402 insufficient_credits, and lists the plans', async () => {
    await expect(usage().ledger.consume(owner.workspaceId, { amount: 1_000_000, key: 'too-much' })).rejects.toMatchObject({ code: 'insufficient_credits' });
    const plans = (await call(test.app, 'GET', '/api/plans')).json();
    expect(plans.items.map((plan: { id: string }) => plan.id)).toEqual(['free', 'pro', 'business']);
  });

  it('lets an operator grant credits from the command line', async () => {
    const before = (await credits(owner)).json().balance;
    const done = await test.command(['credits', 'grant', owner.workspaceId, '50', 'goodwill']);
    expect(done).toEqual({ ok: true, output: `Granted 50 credits to ${owner.workspaceId}; its balance is ${before + 50}` });
    expect(await test.command(['credits', 'grant', owner.workspaceId, '-5'])).toMatchObject({ ok: false });
  });
});

describe('limits', () => {
  it('answers "may W do X now?" with the limit, the current count and the maximum', () => {
    const free = createCatalogue().get('free');
    expect(judgeLimit(free, 'seats', 2)).toEqual({ allowed: true, limit: 'seats', current: 2, max: 3 });
    expect(judgeLimit(free, 'seats', 3)).toMatchObject({ allowed: false });
    expect(() => assertWithinLimit(free, 'sites', 1)).toThrow(expect.objectContaining({ code: 'limit_reached', details: { limit: 'sites', current: 1, max: 1, plan: 'free' } }));
  });

  it('refuses a catalogue without a free plan or with duplicate ids', () => {
    expect(() => createCatalogue(defaultCatalogue.filter((plan) => plan.id !== 'free'))).toThrow();
    expect(() => createCatalogue([...defaultCatalogue, defaultCatalogue[0] as (typeof defaultCatalogue)[number]])).toThrow();
  });
});

describe('limits in force', () => {
  it('refuses an invitation past the plan\'s seats with 422 limit_reached (pending invitations hold seats)', async () => {
    // owner, viewer and member fill the free plan's 3 seats.
    const refused = await call(test.app, 'POST', `/api/workspaces/${owner.workspaceId}/invitations`, { cookie: owner.cookie, body: { email: 'fourth@example.com', role: 'member' } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'limit_reached', details: { limit: 'seats', current: 3, max: 3, plan: 'free' } });
    await usage().plans.changePlan(owner.workspaceId, 'pro');
    const accepted = await call(test.app, 'POST', `/api/workspaces/${owner.workspaceId}/invitations`, { cookie: owner.cookie, body: { email: 'fourth@example.com', role: 'member' } });
    expect(accepted.statusCode).toBe(201);
  });

  it('holds each workspace to its plan\'s requests per minute, for sessions and API keys together, with 429 and Retry-After', async () => {
    const busy = await signUp(test.app, 'busy@example.com');
    const key = await createApiKey(test.app, busy.cookie, busy.workspaceId, ['workspace:read']);
    const statuses: number[] = [];
    for (let n = 0; n < 30; n++) statuses.push((await call(test.app, 'GET', `/api/workspaces/${busy.workspaceId}`, { cookie: busy.cookie })).statusCode);
    for (let n = 0; n < 29; n++) statuses.push((await call(test.app, 'GET', `/api/workspaces/${busy.workspaceId}`, { bearer: key.secret })).statusCode);
    // The key's creation was the 60th request of the minute on the free plan.
    expect(statuses.every((status) => status === 200)).toBe(true);
    const limited = await call(test.app, 'GET', `/api/workspaces/${busy.workspaceId}`, { bearer: key.secret });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another workspace is not slowed down.
    expect((await call(test.app, 'GET', `/api/workspaces/${owner.workspaceId}`, { cookie: owner.cookie })).statusCode).toBe(200);
  });
});
