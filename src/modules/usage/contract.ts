import { z } from 'zod';

/** Request and response shapes of the usage API, shared by the server and the web app. */

export const planView = z.object({
  id: z.string(),
  name: z.string(),
  monthlyCredits: z.number().int(),
  limits: z.object({
    seats: z.number().int(),
    sites: z.number().int(),
    pagesPerSite: z.number().int(),
    generationsPerDay: z.number().int(),
    storageBytes: z.number().int(),
    apiRequestsPerMinute: z.number().int(),
  }),
  models: z.array(z.string()),
  features: z.array(z.string()),
});

export const workspacePlanView = z.object({
  plan: planView,
  cycleDay: z.number().int(),
  nextAllowanceAt: z.iso.datetime().nullable(),
});

export const creditBalanceView = z.object({
  balance: z.number().int(),
  held: z.number().int(),
  grants: z.array(
    z.object({
      id: z.uuid(),
      source: z.enum(['plan', 'purchase', 'promotion', 'adjustment']),
      amount: z.number().int(),
      remaining: z.number().int(),
      expiresAt: z.iso.datetime().nullable(),
      createdAt: z.iso.datetime(),
    }),
  ),
});

export const entryTypes = ['grant', 'purchase', 'reserve', 'settle', 'release', 'expire', 'adjust', 'consume'] as const;

export const creditEntryView = z.object({
  id: z.uuid(),
  type: z.enum(entryTypes),
  amount: z.number().int(),
  balanceAfter: z.number().int(),
  description: z.string().nullable(),
  grantId: z.uuid().nullable(),
  reservationId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});

const day = z.iso
  .date({ error: 'must be a date like 2026-11-23' })
  .refine((value) => value >= '1970-01-01' && value <= '9999-12-31', { error: 'must be a date from 1970 on' });

export const entriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid({ error: 'is not a cursor this API gave out' }).optional(),
  type: z.enum(entryTypes).optional(),
  from: day.optional(),
  to: day.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

export const entriesPage = z.object({ items: z.array(creditEntryView), nextCursor: z.string().nullable() });

// The usage-history API (metering).

/** `ai.tokens`, `generation.count`: dotted lower-case words, at least two of them. */
export const meterSchema = z
  .string()
  .max(100, { error: 'must be at most 100 characters' })
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, { error: 'must be dotted lower-case words, like ai.tokens' });

/** A dimension's name (`model`, `module`, `user`). */
export const dimensionNameSchema = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, { error: 'must be a dimension name: a letter, then up to 39 letters, digits or underscores' });

/** A UTC calendar day, `YYYY-MM-DD`. */
export const daySchema = z.iso.date({ error: 'must be a date, YYYY-MM-DD' });

export const usageQuery = z.object({
  meter: meterSchema,
  /** First day, inclusive (UTC); defaults to 29 days before `to`. */
  from: daySchema.optional(),
  /** Last day, inclusive (UTC); defaults to today. */
  to: daySchema.optional(),
  /** Split the series by this dimension's values; records without it form the `null` series. */
  groupBy: dimensionNameSchema.optional(),
});

export const usagePoint = z.object({ day: z.string(), quantity: z.number().int() });

export const usageSeries = z.object({
  /** The dimension's value, or null (no groupBy, or records without the dimension). */
  key: z.string().nullable(),
  /** One point per day of the range, in order; days without records are 0. */
  points: z.array(usagePoint),
});

export const usageHistory = z.object({
  meter: z.string(),
  from: z.string(),
  to: z.string(),
  groupBy: z.string().nullable(),
  /** Largest total first. Without groupBy, exactly one series (key null). */
  series: z.array(usageSeries),
  /** How many smaller series were left out (at most 100 series are returned). */
  omittedSeries: z.number().int(),
});

export const usageMeter = z.object({ meter: z.string(), lastOccurredAt: z.iso.datetime() });
export const usageMeters = z.object({ items: z.array(usageMeter) });
