/**
 * Membership invariants under random sequences of operations, on one fresh workspace per run
 * with a pool of five people: invite and accept, change a role, remove, leave, transfer
 * ownership, make an API key. Each operation goes through the app's own services (so the
 * directory that answers HTTP requests is the one the services forget entries in); the test
 * keeps its own model of who holds which role, predicts each operation's outcome (done, or the
 * AppError code it must be refused with), and after every step checks the database, the
 * directory and, for the people the step touched, the HTTP API against the model.
 *
 * The seed is random on each run; fast-check prints it (with the failing path) when a property
 * fails. Replay one with ATELIER_PROPERTY_SEED=<seed> (and ATELIER_PROPERTY_PATH=<path>).
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type ErrorCode } from '../../platform/errors/app-error.ts';
import { queryRows } from '../../platform/db/tenancy.ts';
import { call, emailsTo, signUp, type SignedUpUser } from '../../../test/support/identity-client.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { IdentityServices } from './identity-services.ts';
import { identityModule } from './index.ts';
import { assignableRoles, permissionsOf, roles, type AssignableRole, type Role } from './permissions.ts';
import { hashSecret } from './secrets.ts';

const poolSize = 5;
const runs = 60;
const maxSteps = 25;

let test: TestApp;
let identity: IdentityServices;
const people: SignedUpUser[] = [];

beforeAll(async () => {
  test = await createTestApp([identityModule]);
  identity = test.app.identity;
  for (let n = 0; n < poolSize; n++) people.push(await signUp(test.app, `member-${n}@example.com`));
});
afterAll(() => test?.close());

type Person = number;
/**
 * Someone, chosen relative to the state when the step runs: the `index`-th member other than
 * the owner or the `index`-th non-member (so most steps can succeed), anyone in the pool (so
 * refusals happen too), or whoever owns the workspace now. Shrinks towards "anyone" and a
 * smaller index.
 */
type Who = { among: 'members' | 'outsiders' | 'anyone' | 'owner'; index: number };
/**
 * How the id of the person acted on is written. The routes take it from the URL or the body,
 * where a UUID may come in capitals; the database does not mind, the caches must not either.
 */
type Spelling = 'as-stored' | 'upper-case';
type Operation =
  | { kind: 'invite'; target: Who; role: AssignableRole; replay: boolean }
  | { kind: 'reinvite'; target: Who; first: AssignableRole; second: AssignableRole }
  | { kind: 'change-role'; target: Who; role: AssignableRole; spelling: Spelling }
  | { kind: 'remove'; target: Who; spelling: Spelling }
  | { kind: 'leave'; target: Who }
  | { kind: 'transfer'; from: Who; to: Who; spelling: Spelling }
  | { kind: 'create-key'; target: Who };

const person = fc.integer({ min: 0, max: poolSize - 1 });
const who: fc.Arbitrary<Who> = fc.record({
  among: fc.oneof(
    { weight: 1, arbitrary: fc.constant('anyone' as const) },
    { weight: 3, arbitrary: fc.constant('members' as const) },
    { weight: 2, arbitrary: fc.constant('outsiders' as const) },
    { weight: 1, arbitrary: fc.constant('owner' as const) },
  ),
  index: person,
});
/** A transfer mostly starts from the real owner, or it could only ever be refused. */
const from = fc.oneof({ weight: 3, arbitrary: fc.constant<Who>({ among: 'owner', index: 0 }) }, { weight: 1, arbitrary: who });
const spelling = fc.constantFrom<Spelling>('as-stored', 'upper-case');
const assignable = fc.constantFrom(...assignableRoles);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('invite' as const), target: who, role: assignable, replay: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reinvite' as const), target: who, first: assignable, second: assignable }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('change-role' as const), target: who, role: assignable, spelling }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), target: who, spelling }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), target: who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('transfer' as const), from, to: who, spelling }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('create-key' as const), target: who }) },
);

/** What the test believes: each member's role, and the live API keys with their makers. */
interface Model {
  workspaceId: string;
  members: Map<Person, Role>;
  keys: Map<string, { secret: string; createdBy: Person }>;
}

type Outcome = 'done' | ErrorCode;

const owner = (model: Model): Person => [...model.members].find(([, role]) => role === 'owner')![0];

/** Runs `action`; an AppError is an outcome to compare with the prediction, anything else fails the property. */
async function outcomeOf(action: () => Promise<unknown>): Promise<Outcome> {
  try {
    await action();
    return 'done';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}

/** The invitation's token, found in the email sent for it (matched by hash, not by recency). */
async function invitationToken(email: string, tokenHash: string): Promise<string> {
  for (const mail of await emailsTo(test.database.db, email)) {
    for (const match of mail.text.matchAll(/\/invitations\/accept\?token=([A-Za-z0-9_%-]+)/g)) {
      const token = decodeURIComponent(match[1]!);
      if (hashSecret(token) === tokenHash) return token;
    }
  }
  throw new Error(`no invitation email to ${email} carries the invitation's token`);
}

async function invite(model: Model, target: Person, role: AssignableRole): Promise<string> {
  const row = await identity.members.invite(model.workspaceId, people[owner(model)]!.userId, people[target]!.email, role);
  return invitationToken(people[target]!.email, row.tokenHash);
}

function pick(model: Model, { among, index }: Who): Person {
  if (among === 'owner') return owner(model);
  if (among === 'anyone') return index;
  const chosen = people.map((_, n) => n).filter((n) => (among === 'members' ? model.members.has(n) && n !== owner(model) : !model.members.has(n)));
  return chosen.length === 0 ? index : chosen[index % chosen.length]!;
}

/** The operation with its people chosen against the model as it is now. */
function resolve(model: Model, step: Operation) {
  switch (step.kind) {
    case 'transfer':
      return { ...step, from: pick(model, step.from), to: pick(model, step.to) };
    default:
      return { ...step, target: pick(model, step.target) };
  }
}

function dropMember(model: Model, target: Person): void {
  model.members.delete(target);
  for (const [id, key] of model.keys) if (key.createdBy === target) model.keys.delete(id);
}

/** Applies one operation through the services, checks its outcome against the model, and updates the model. Returns the people it concerned. */
async function apply(model: Model, step: Operation): Promise<Person[]> {
  const { members, apiKeys, matrix } = identity;
  const op = resolve(model, step);
  const ws = model.workspaceId;
  const user = (who: Person) => people[who]!.userId;
  const acceptor = (who: Person) => ({ userId: people[who]!.userId, email: people[who]!.email, emailVerified: true });
  const spelt = (who: Person, spelling: Spelling) => (spelling === 'upper-case' ? user(who).toUpperCase() : user(who));
  const roleOf = (who: Person) => model.members.get(who);
  const expectOutcome = (actual: Outcome, expected: Outcome, what: string) =>
    expect(actual, `${what} in ${JSON.stringify(Object.fromEntries(model.members))}`).toBe(expected);

  switch (op.kind) {
    case 'invite': {
      const isMember = roleOf(op.target) !== undefined;
      let token = '';
      expectOutcome(await outcomeOf(async () => (token = await invite(model, op.target, op.role))), isMember ? 'conflict' : 'done', `invite ${op.target} as ${op.role}`);
      if (isMember) return [op.target];
      expectOutcome(await outcomeOf(() => members.accept(token, acceptor(op.target))), 'done', `${op.target} accepts`);
      model.members.set(op.target, op.role);
      // An invitation works once.
      if (op.replay) expectOutcome(await outcomeOf(() => members.accept(token, acceptor(op.target))), 'not_found', `${op.target} accepts again`);
      return [op.target];
    }
    case 'reinvite': {
      const isMember = roleOf(op.target) !== undefined;
      let first = '';
      expectOutcome(await outcomeOf(async () => (first = await invite(model, op.target, op.first))), isMember ? 'conflict' : 'done', `invite ${op.target} as ${op.first}`);
      if (isMember) return [op.target];
      const second = await invite(model, op.target, op.second);
      // Inviting again replaces the earlier invitation: its link no longer works.
      expectOutcome(await outcomeOf(() => members.accept(first, acceptor(op.target))), 'not_found', `${op.target} accepts the replaced invitation`);
      expectOutcome(await outcomeOf(() => members.accept(second, acceptor(op.target))), 'done', `${op.target} accepts the new invitation`);
      model.members.set(op.target, op.second);
      return [op.target];
    }
    case 'change-role': {
      const current = roleOf(op.target);
      const expected: Outcome = current === undefined ? 'not_found' : current === 'owner' ? 'conflict' : 'done';
      expectOutcome(await outcomeOf(() => members.changeRole(ws, spelt(op.target, op.spelling), op.role)), expected, `make ${op.target} ${op.role}`);
      if (expected === 'done') model.members.set(op.target, op.role);
      return [op.target];
    }
    case 'remove':
    case 'leave': {
      const current = roleOf(op.target);
      const expected: Outcome = current === undefined ? 'not_found' : current === 'owner' ? 'conflict' : 'done';
      // Leaving is always the caller's own id, as stored; removing names someone in the URL.
      const action = op.kind === 'remove' ? () => members.remove(ws, spelt(op.target, op.spelling)) : () => members.leave(ws, user(op.target));
      expectOutcome(await outcomeOf(action), expected, `${op.kind} ${op.target}`);
      if (expected === 'done') dropMember(model, op.target);
      return [op.target];
    }
    case 'transfer': {
      const expected: Outcome =
        op.from === op.to ? 'conflict' : roleOf(op.from) !== 'owner' ? 'forbidden' : roleOf(op.to) === undefined ? 'not_found' : 'done';
      expectOutcome(await outcomeOf(() => members.transferOwnership(ws, user(op.from), spelt(op.to, op.spelling))), expected, `transfer from ${op.from} to ${op.to}`);
      if (expected === 'done') {
        model.members.set(op.from, 'admin');
        model.members.set(op.to, 'owner');
      }
      return [op.from, op.to];
    }
    case 'create-key': {
      // The route lets only members with api_keys:manage make keys; the service trusts it.
      const role = roleOf(op.target);
      if (role === undefined || !permissionsOf(matrix, role).has('api_keys:manage')) return [];
      const key = await apiKeys.create(ws, user(op.target), permissionsOf(matrix, role), { name: 'property key', permissions: ['workspace:read'] });
      model.keys.set(key.id, { secret: key.secret, createdBy: op.target });
      return [op.target];
    }
  }
}

/** The database, the directory and (for the people just concerned) the HTTP API agree with the model. */
async function checkInvariants(model: Model, concerned: readonly Person[], revokedSecrets: readonly string[]): Promise<void> {
  const ws = model.workspaceId;
  const rows = await test.database.db.system((tx) =>
    queryRows<{ user_id: string; role: string }>(tx, sql`select user_id, role from identity.memberships where workspace_id = ${ws}`),
  );
  expect(rows.filter((row) => row.role === 'owner'), 'exactly one owner').toHaveLength(1);
  for (const row of rows) expect(roles).toContain(row.role);
  const stored = Object.fromEntries(rows.map((row) => [row.user_id, row.role]));
  const expected = Object.fromEntries([...model.members].map(([who, role]) => [people[who]!.userId, role]));
  expect(stored, 'memberships in the database').toEqual(expected);

  for (const [who, { userId }] of people.entries()) {
    expect(await identity.directory.role(userId, ws), `directory role of ${who}`).toBe(model.members.get(who) ?? null);
  }

  const liveKeys = await test.database.db.system((tx) =>
    queryRows<{ id: string }>(tx, sql`select id from identity.api_keys where workspace_id = ${ws} and revoked_at is null`),
  );
  expect(liveKeys.map((key) => key.id).sort(), 'live API keys').toEqual([...model.keys.keys()].sort());

  for (const who of new Set(concerned)) {
    const role = model.members.get(who);
    const response = await call(test.app, 'GET', `/api/workspaces/${ws}`, { cookie: people[who]!.cookie });
    if (role === undefined) {
      expect(response.statusCode, `GET the workspace as ${who}, not a member`).toBe(404);
    } else {
      expect(response.statusCode, `GET the workspace as ${who}, ${role}`).toBe(200);
      expect(response.json().role).toBe(role);
    }
  }
  // A key revoked with its maker's membership stops working at once.
  for (const secret of revokedSecrets) {
    expect((await call(test.app, 'GET', `/api/workspaces/${ws}`, { bearer: secret })).statusCode, 'a revoked key').toBe(401);
  }
}

describe('membership', () => {
  it('keeps one owner, the roles the operations gave, and no access for those who left, whatever the sequence', { timeout: 180_000 }, async () => {
    const seed = process.env.ATELIER_PROPERTY_SEED;
    const replayPath = process.env.ATELIER_PROPERTY_PATH;
    await fc.assert(
      fc.asyncProperty(person, fc.array(operation, { minLength: 1, maxLength: maxSteps, size: 'max' }), async (first, operations) => {
        const workspace = await identity.workspaces.create({ userId: people[first]!.userId, emailVerified: true }, { name: 'Property' });
        const model: Model = { workspaceId: workspace.id, members: new Map([[first, 'owner']]), keys: new Map() };
        await checkInvariants(model, [first], []);
        for (const op of operations) {
          const keysBefore = new Map(model.keys);
          const concerned = await apply(model, op);
          const revoked = [...keysBefore].filter(([id]) => !model.keys.has(id)).map(([, key]) => key.secret);
          await checkInvariants(model, concerned, revoked);
        }
      }),
      {
        numRuns: runs,
        ...(seed === undefined ? {} : { seed: Number(seed) }),
        ...(replayPath === undefined ? {} : { path: replayPath }),
      },
    );
  });
});
