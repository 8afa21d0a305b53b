import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { and, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { queryRows } from '../db/tenancy.ts';
import { AppError } from '../errors/app-error.ts';
import { throttleBuckets } from './throttle.schema.ts';

/**
 * Buckets untouched this long are deleted (throttle-retention.ts), so no window, delay or quiet
 * period may be longer: the row that enforces it would be gone.
 */
export const throttleBucketLifetimeSeconds = 24 * 3600;

/**
 * A bucket key that names no one in clear: `kind` (`login:ip`, `login:account`, `signup:ip`)
 * followed by the SHA-256 of `value`. The value is trimmed and lower-cased first, so `Ann@X.io`
 * and `ann@x.io ` share a bucket: merging variants can only make a limit stricter, never let
 * an attacker multiply it. A kind belongs to one policy (failures or quota), never both.
 */
export function throttleKey(kind: string, value: string): string {
  return `${kind}:${createHash('sha256').update(value.trim().toLowerCase()).digest('hex')}`;
}

/**
 * What a per-address limit should count for `ip`: an IPv4 address (also when it arrives
 * IPv4-mapped, `::ffff:1.2.3.4`, as on a dual-stack listener), or the /64 network of an IPv6
 * address, since one subscriber is routinely handed a whole /64 and could otherwise rotate
 * through 2^64 fresh buckets. Anything else is returned unchanged.
 */
export function clientNetwork(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  const address = ip.split('%')[0] ?? ip;
  if (!isIPv6(address)) return ip;
  // An embedded IPv4 tail fills two groups; it lies in the last 64 bits, so its value is moot.
  const groups = (part: string) => (part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])));
  const [head = [], tail] = address.split('::').map(groups);
  const zeros = tail === undefined ? [] : Array<string>(8 - head.length - tail.length).fill('0');
  const prefix = [...head, ...zeros, ...(tail ?? [])].slice(0, 4);
  return `${prefix.map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}

export interface FailureThrottleOptions {
  /** Failures a key may have before the first delay. Default 5. */
  freeFailures?: number;
  /** The delay after the first failure beyond the free ones; doubled with each further one. Default 1 s. */
  baseDelaySeconds?: number;
  /** The longest delay. Default 15 min. */
  maxDelaySeconds?: number;
  /** A key's failures are forgotten after this long without one. Default 1 h. */
  quietSeconds?: number;
}

export interface ThrottleOptions {
  failures?: FailureThrottleOptions;
}

/**
 * Exponential backoff after repeated failures (wrong passwords). Call `assertAllowed` before the
 * attempt, `recordFailure` when it fails, `recordSuccess` when it succeeds.
 */
export interface FailureThrottle {
  /** Throws `rate_limited` with `retryAfterSeconds` (the longest wait of `keys`) while any of them is blocked. */
  assertAllowed(keys: readonly string[]): Promise<void>;
  /**
   * Counts one failure against each key (one atomic upsert per key, in one transaction, in key
   * order so that two callers never deadlock) and blocks a key whose count exceeds the free
   * failures for `min(max, base × 2^(count − free − 1))`. Resolves to the longest block now in
   * force on `keys`, in seconds (0 when none), for a caller that wants to say so at once.
   */
  recordFailure(keys: readonly string[]): Promise<number>;
  /**
   * Forgets the keys' failures. Pass the account's key after a good login, not the address's:
   * one success must not wipe an address's count, or an attacker holding any account of their
   * own could log into it after every few guesses and never be slowed down. An address's count
   * is forgotten only after the quiet period.
   */
  recordSuccess(keys: readonly string[]): Promise<void>;
}

export interface Quota {
  /** Uses allowed per window. */
  limit: number;
  /** The window's length, at most 24 h. */
  windowSeconds: number;
}

/** A fixed-window counter (sign-ups per address): at most `limit` uses per window. */
export interface QuotaThrottle {
  /**
   * Counts one use of `key`; the (limit + 1)-th use in a window throws `rate_limited` with the
   * seconds until the window ends. A window starts at a key's first use after the previous one
   * ended, so a burst may straddle two windows: at most 2 × limit uses in `windowSeconds`.
   */
  consume(key: string, quota: Quota): Promise<void>;
}

/**
 * Both policies keep their state in `platform.throttle_buckets` and read time from the database
 * clock, so every server process agrees. They write through `system()`, so call them outside any
 * transaction: inside `tenant()` that is a `TenancyError`, and inside `system()` the count would
 * join the caller's transaction and vanish with it when the attempt fails and rolls back.
 */
export interface Throttle {
  failures: FailureThrottle;
  quota: QuotaThrottle;
}

export function createThrottle(db: Database, options: ThrottleOptions = {}): Throttle {
  const free = options.failures?.freeFailures ?? 5;
  const base = options.failures?.baseDelaySeconds ?? 1;
  const max = options.failures?.maxDelaySeconds ?? 15 * 60;
  const quiet = options.failures?.quietSeconds ?? 3600;
  if (!Number.isInteger(free) || free < 0) throw new Error(`freeFailures must be a whole number ≥ 0, got ${free}`);
  requireSeconds('baseDelaySeconds', base);
  requireSeconds('quietSeconds', quiet);
  requireSeconds('maxDelaySeconds', max);
  if (max < base) throw new Error(`maxDelaySeconds (${max}) must be at least baseDelaySeconds (${base})`);
  // A block outlasting the quiet period would be forgotten, count and all, at the next failure.
  if (max > quiet) throw new Error(`maxDelaySeconds (${max}) must not exceed quietSeconds (${quiet})`);

  const wentQuiet = sql`bucket.updated_at <= now() - make_interval(secs => ${quiet}::float8)`;
  const nextCount = sql`case when ${wentQuiet} then 1 else bucket.count + 1 end`;
  // The exponent is capped so that power() cannot overflow however long an attack goes on.
  const blockedUntil = (count: SQL) =>
    sql`case when ${count} > ${free}::int
          then now() + make_interval(secs => least(${max}::float8, ${base}::float8 * power(2::float8, least(${count} - ${free}::int - 1, 60))))
        end`;

  const failures: FailureThrottle = {
    async assertAllowed(keys) {
      if (keys.length === 0) return;
      const [blocked] = await db.system((tx) =>
        tx
          .select({ seconds: sql<number | null>`ceil(extract(epoch from max(${throttleBuckets.blockedUntil}) - now()))::int` })
          .from(throttleBuckets)
          .where(and(inArray(throttleBuckets.key, [...keys]), gt(throttleBuckets.blockedUntil, sql`now()`))),
      );
      if (blocked?.seconds) throw rateLimited(blocked.seconds);
    },

    async recordFailure(keys) {
      const sorted = [...new Set(keys)].sort();
      if (sorted.length === 0) return 0;
      return db.system(async (tx) => {
        let longest = 0;
        for (const key of sorted) {
          const [row] = await queryRows<{ seconds: number | null }>(
            tx,
            sql`insert into ${throttleBuckets} as bucket (key, count, window_started_at, blocked_until, updated_at)
                values (${key}, 1, now(), ${blockedUntil(sql`1`)}, now())
                on conflict (key) do update set
                  count = ${nextCount},
                  window_started_at = case when ${wentQuiet} then now() else bucket.window_started_at end,
                  blocked_until = ${blockedUntil(nextCount)},
                  updated_at = now()
                returning ceil(extract(epoch from blocked_until - now()))::int as seconds`,
          );
          longest = Math.max(longest, row?.seconds ?? 0);
        }
        return longest;
      });
    },

    async recordSuccess(keys) {
      if (keys.length === 0) return;
      await db.system((tx) => tx.delete(throttleBuckets).where(inArray(throttleBuckets.key, [...keys])));
    },
  };

  const quota: QuotaThrottle = {
    async consume(key, { limit, windowSeconds }) {
      if (!Number.isInteger(limit) || limit < 0) throw new Error(`a quota's limit must be a whole number ≥ 0, got ${limit}`);
      requireSeconds('windowSeconds', windowSeconds);
      const window = sql`make_interval(secs => ${windowSeconds}::float8)`;
      const ended = sql`bucket.window_started_at <= now() - ${window}`;
      // Refused uses stop counting at limit + 1, so a flood cannot overflow the column.
      const [row] = await db.system((tx) =>
        queryRows<{ count: number; seconds: number }>(
          tx,
          sql`insert into ${throttleBuckets} as bucket (key, count, window_started_at, updated_at)
              values (${key}, 1, now(), now())
              on conflict (key) do update set
                count = case when ${ended} then 1 else least(bucket.count + 1, ${limit}::int + 1) end,
                window_started_at = case when ${ended} then now() else bucket.window_started_at end,
                updated_at = now()
              returning count, ceil(extract(epoch from window_started_at + ${window} - now()))::int as seconds`,
        ),
      );
      if (row && row.count > limit) throw rateLimited(row.seconds);
    },
  };

  return { failures, quota };
}

function requireSeconds(name: string, seconds: number): void {
  if (!(seconds > 0 && seconds <= throttleBucketLifetimeSeconds)) {
    throw new Error(`${name} must be more than 0 and at most ${throttleBucketLifetimeSeconds} seconds, got ${seconds}`);
  }
}

function rateLimited(seconds: number): AppError {
  const wait = Math.max(1, seconds);
  return new AppError('rate_limited', `Too many attempts; try again in ${wait} second${wait === 1 ? '' : 's'}`, { retryAfterSeconds: wait });
}
