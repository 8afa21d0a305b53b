import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/platform/db/tenancy.ts';
import { createThrottle, throttleKey, type Throttle } from '../../src/platform/throttle/throttle.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let test: TestDatabase;
let throttle: Throttle;
beforeAll(async () => {
  test = await createTestDatabase({ poolSize: 8 });
  throttle = createThrottle(test.db);
});
afterAll(() => test?.drop());

const count = async (key: string) => {
  const [row] = await test.db.system((tx) =>
    queryRows<{ count: number }>(tx, sql`select count from platform.throttle_buckets where key = ${key}`),
  );
  return row?.count;
};

describe('throttling on PostgreSQL with concurrent callers', () => {
  it('counts 50 concurrent failures on one key exactly', async () => {
    const address = throttleKey('login:ip', '203.0.113.50');
    await Promise.all(Array.from({ length: 50 }, () => throttle.failures.recordFailure([address])));
    expect(await count(address)).toBe(50);
  });

  it('never deadlocks when callers name the same keys in opposite orders', async () => {
    const account = throttleKey('login:account', 'both-orders@example.com');
    const address = throttleKey('login:ip', '203.0.113.51');
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => throttle.failures.recordFailure(i % 2 === 0 ? [account, address] : [address, account])),
    );
    expect(await count(account)).toBe(50);
    expect(await count(address)).toBe(50);
  });

  it('lets no more than the limit through when uses arrive together', async () => {
    const address = throttleKey('signup:ip', '198.51.100.50');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => throttle.quota.consume(address, { limit: 10, windowSeconds: 3600 })),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(10);
    const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as { code: string }] : []));
    expect(refusals).toHaveLength(40);
    expect(refusals.every((reason) => reason.code === 'rate_limited')).toBe(true);
  });
});
