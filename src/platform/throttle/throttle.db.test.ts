import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { memoryLogger } from '../../../test/support/test-app.ts';
import { queryRows, TenancyError } from '../db/tenancy.ts';
import type { AppError } from '../errors/app-error.ts';
import type { JobContext } from '../jobs/define-job.ts';
import { clientNetwork, createThrottle, throttleKey, type Throttle } from './throttle.ts';
import { throttleRetention } from './throttle-retention.ts';

const workspace = '01900000-0000-7000-8000-0000000000dd';

let test: TestDatabase;
let throttle: Throttle;
beforeAll(async () => {
  test = await createTestDatabase();
  throttle = createThrottle(test.db);
});
afterAll(() => test?.drop());

/** The error a refused call threw, for its code and Retry-After. */
async function refusal(attempt: Promise<unknown>): Promise<AppError> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toMatchObject({ code: 'rate_limited' });
  return error as AppError;
}

const bucket = async (key: string) => {
  const [row] = await test.db.system((tx) =>
    queryRows<{ count: number; blocked: boolean }>(
      tx,
      sql`select count, blocked_until > now() as blocked from platform.throttle_buckets where key = ${key}`,
    ),
  );
  return row;
};

/** Moves a key's clock back, as if `seconds` had passed since it was last touched. */
const age = (key: string, seconds: number) =>
  test.db.system((tx) =>
    tx.execute(sql`update platform.throttle_buckets
                   set window_started_at = window_started_at - make_interval(secs => ${seconds}::float8),
                       blocked_until = blocked_until - make_interval(secs => ${seconds}::float8),
                       updated_at = updated_at - make_interval(secs => ${seconds}::float8)
                   where key = ${key}`),
  );

const fail = async (keys: string[], times: number) => {
  const delays: number[] = [];
  for (let i = 0; i < times; i++) delays.push(await throttle.failures.recordFailure(keys));
  return delays;
};

describe('failures', () => {
  it('allows five failures, then blocks the key for about a second', async () => {
    const account = throttleKey('login:account', 'five@example.com');
    expect(await fail([account], 5)).toEqual([0, 0, 0, 0, 0]);
    await throttle.failures.assertAllowed([account]);

    expect(await throttle.failures.recordFailure([account])).toBe(1);
    const error = await refusal(throttle.failures.assertAllowed([account]));
    expect(error.details).toEqual({ retryAfterSeconds: 1 });
    expect(error.message).toBe('Too many attempts; try again in 1 second');
  });

  it('doubles the delay with each further failure, up to the maximum', async () => {
    const capped = createThrottle(test.db, { failures: { maxDelaySeconds: 10 } });
    const account = throttleKey('login:account', 'doubling@example.com');
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) delays.push(await capped.failures.recordFailure([account]));
    expect(delays).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 10]);
    expect((await refusal(capped.failures.assertAllowed([account]))).details).toEqual({ retryAfterSeconds: 10 });
    expect(await bucket(account)).toEqual({ count: 10, blocked: true });
  });

  it('lets the key through again once its block has passed', async () => {
    const account = throttleKey('login:account', 'waited@example.com');
    await fail([account], 7);
    await refusal(throttle.failures.assertAllowed([account]));
    await age(account, 2);
    await throttle.failures.assertAllowed([account]);
    expect(await throttle.failures.recordFailure([account])).toBe(4);
  });

  it('forgets failures after a quiet hour', async () => {
    const account = throttleKey('login:account', 'quiet@example.com');
    await fail([account], 8);
    await age(account, 3600);
    expect(await throttle.failures.recordFailure([account])).toBe(0);
    expect(await bucket(account)).toEqual({ count: 1, blocked: null });
  });

  it("clears the account's failures on success and keeps the address's", async () => {
    const account = throttleKey('login:account', 'success@example.com');
    const address = throttleKey('login:ip', '203.0.113.9');
    await fail([address, account], 6);
    await refusal(throttle.failures.assertAllowed([account]));

    await throttle.failures.recordSuccess([account]);
    await throttle.failures.assertAllowed([account]);
    expect(await bucket(account)).toBeUndefined();
    await refusal(throttle.failures.assertAllowed([account, address]));
    expect(await bucket(address)).toEqual({ count: 6, blocked: true });
  });

  it('answers the longest wait among the keys', async () => {
    const account = throttleKey('login:account', 'longest@example.com');
    const address = throttleKey('login:ip', '203.0.113.10');
    await fail([account], 6);
    await fail([address], 8);
    expect((await refusal(throttle.failures.assertAllowed([account, address]))).details).toEqual({ retryAfterSeconds: 4 });
  });

  it('counts a key named twice in one call once', async () => {
    const address = throttleKey('login:ip', '203.0.113.11');
    await throttle.failures.recordFailure([address, address]);
    expect(await bucket(address)).toEqual({ count: 1, blocked: null });
  });

  it('refuses settings the retention job would undo', async () => {
    expect(() => createThrottle(test.db, { failures: { quietSeconds: 2 * 24 * 3600 } })).toThrow(
      'quietSeconds must be more than 0 and at most 86400 seconds',
    );
    expect(() => createThrottle(test.db, { failures: { maxDelaySeconds: 7200 } })).toThrow('must not exceed quietSeconds');
    await expect(throttle.quota.consume(throttleKey('signup:ip', '192.0.2.2'), { limit: 1, windowSeconds: 2 * 24 * 3600 })).rejects.toThrow(
      'windowSeconds must be more than 0 and at most 86400 seconds',
    );
  });
});

describe('quota', () => {
  it('refuses the (limit + 1)-th use in a window with the seconds until it ends', async () => {
    const address = throttleKey('signup:ip', '198.51.100.7');
    const quota = { limit: 3, windowSeconds: 60 };
    for (let i = 0; i < 3; i++) await throttle.quota.consume(address, quota);
    expect((await refusal(throttle.quota.consume(address, quota))).details).toEqual({ retryAfterSeconds: 60 });

    await age(address, 45);
    expect((await refusal(throttle.quota.consume(address, quota))).details).toEqual({ retryAfterSeconds: 15 });

    await age(address, 15);
    await throttle.quota.consume(address, quota);
    expect(await bucket(address)).toMatchObject({ count: 1 });
  });

  it('keeps separate keys apart', async () => {
    const quota = { limit: 1, windowSeconds: 60 };
    await throttle.quota.consume(throttleKey('signup:ip', '198.51.100.8'), quota);
    await throttle.quota.consume(throttleKey('signup:ip', '198.51.100.9'), quota);
    await refusal(throttle.quota.consume(throttleKey('signup:ip', '198.51.100.8'), quota));
  });
});

describe('keys', () => {
  it('hold a SHA-256 of the value, never the value', async () => {
    const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
    expect(throttleKey('login:account', ' Private.Person@Example.com')).toBe(`login:account:${sha256('private.person@example.com')}`);

    await throttle.failures.recordFailure([throttleKey('login:account', 'private.person@example.com'), throttleKey('login:ip', '192.0.2.77')]);
    const rows = await test.db.system((tx) => queryRows(tx, sql`select * from platform.throttle_buckets`));
    const stored = JSON.stringify(rows);
    expect(stored).toContain(sha256('192.0.2.77'));
    expect(stored).not.toMatch(/private|person|example\.com|192\.0\.2\.77/i);
  });

  it('count an IPv6 client by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(clientNetwork('203.0.113.5')).toBe('203.0.113.5');
    expect(clientNetwork('::ffff:203.0.113.5')).toBe('203.0.113.5');
    expect(clientNetwork('2001:db8:0:12:aaaa::1')).toBe('2001:db8:0:12::/64');
    expect(clientNetwork('2001:DB8:0000:0012:ffff:1:2:3')).toBe('2001:db8:0:12::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientNetwork('not an address')).toBe('not an address');
  });
});

describe('scope', () => {
  it('cannot be used inside a tenant transaction', async () => {
    await expect(
      test.db.tenant(workspace, () => throttle.failures.recordFailure([throttleKey('login:ip', '192.0.2.1')])),
    ).rejects.toBeInstanceOf(TenancyError);
  });
});

describe('retention', () => {
  it('deletes buckets untouched for a day and keeps the rest', async () => {
    const stale = throttleKey('login:ip', '192.0.2.200');
    const fresh = throttleKey('login:ip', '192.0.2.201');
    await fail([stale, fresh], 1);
    await age(stale, 24 * 3600 + 1);
    await throttleRetention.job.handle({}, { db: test.db, logger: memoryLogger('fatal').logger } as JobContext);
    expect(await bucket(stale)).toBeUndefined();
    expect(await bucket(fresh)).toEqual({ count: 1, blocked: null });
  });
});
