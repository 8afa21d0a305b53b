import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Config } from '../../platform/config/config.ts';

/** What a plan allows. Limits are data: every check reads them here, through `checkLimit`. */
export const planSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  /** Credits granted at the start of every monthly cycle; they expire at the cycle's end. */
  monthlyCredits: z.number().int().min(0),
  /** Announce `credits.low` when the balance falls below this. */
  lowCreditThreshold: z.number().int().min(0),
  limits: z.object({
    seats: z.number().int().min(1),
    sites: z.number().int().min(0),
    /** Catalogues written before this limit existed get a sensible default. */
    pagesPerSite: z.number().int().min(1).default(10),
    generationsPerDay: z.number().int().min(0),
    storageBytes: z.number().int().min(0),
    apiRequestsPerMinute: z.number().int().min(1),
  }),
  /** Model ids this plan may use; `*` for all. */
  models: z.array(z.string()).min(1),
  features: z.array(z.string()),
  /** Background jobs of this workspace that may run at once (fair queues). */
  jobConcurrency: z.number().int().min(1).max(64),
});

export type Plan = z.infer<typeof planSchema>;
export type LimitName = keyof Plan['limits'];

export const catalogueSchema = z
  .array(planSchema)
  .min(1)
  .refine((plans) => new Set(plans.map((plan) => plan.id)).size === plans.length, { error: 'plan ids must be unique' })
  .refine((plans) => plans.some((plan) => plan.id === 'free'), { error: 'the catalogue needs a "free" plan: new workspaces start on it' });

export const defaultCatalogue: Plan[] = [
  {
    id: 'free',
    name: 'Free',
    monthlyCredits: 200,
    lowCreditThreshold: 20,
    limits: { seats: 3, sites: 1, pagesPerSite: 5, generationsPerDay: 20, storageBytes: 100 * 1024 ** 2, apiRequestsPerMinute: 60 },
    models: ['local'],
    features: [],
    jobConcurrency: 1,
  },
  {
    id: 'pro',
    name: 'Pro',
    monthlyCredits: 5_000,
    lowCreditThreshold: 250,
    limits: { seats: 10, sites: 10, pagesPerSite: 25, generationsPerDay: 500, storageBytes: 10 * 1024 ** 3, apiRequestsPerMinute: 600 },
    models: ['*'],
    features: ['custom-domain', 'remove-branding'],
    jobConcurrency: 4,
  },
  {
    id: 'business',
    name: 'Business',
    monthlyCredits: 25_000,
    lowCreditThreshold: 1_000,
    limits: { seats: 50, sites: 100, pagesPerSite: 100, generationsPerDay: 5_000, storageBytes: 100 * 1024 ** 3, apiRequestsPerMinute: 3_000 },
    models: ['*'],
    features: ['custom-domain', 'remove-branding', 'audit-export', 'priority-support'],
    jobConcurrency: 16,
  },
];

const loaded = new Map<string, Catalogue>();

/** The deployment's catalogue: `PLANS_FILE` when set (read once per process), else the defaults. */
export function catalogueFor(config: Pick<Config, 'PLANS_FILE'>): Catalogue {
  const file = config.PLANS_FILE;
  if (!file) return defaultCatalogueInstance;
  const known = loaded.get(file);
  if (known) return known;
  let plans: unknown;
  try {
    plans = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`PLANS_FILE ${file} could not be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = catalogueSchema.safeParse(plans);
  if (!parsed.success) {
    throw new Error(`PLANS_FILE ${file} is not a valid catalogue: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'catalogue'} ${issue.message}`).join('; ')}`);
  }
  const catalogue = createCatalogue(parsed.data);
  loaded.set(file, catalogue);
  return catalogue;
}

export interface Catalogue {
  plans: readonly Plan[];
  get(id: string): Plan;
}

export function createCatalogue(plans: readonly Plan[] = defaultCatalogue): Catalogue {
  const parsed = catalogueSchema.parse(plans);
  const byId = new Map(parsed.map((plan) => [plan.id, plan]));
  return {
    plans: parsed,
    // A workspace on a plan the deployment removed keeps working on the free plan's terms.
    get: (id) => byId.get(id) ?? (byId.get('free') as Plan),
  };
}

const defaultCatalogueInstance = createCatalogue();
