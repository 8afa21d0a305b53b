import { AppError } from '../../platform/errors/app-error.ts';
import type { Limits } from '../../platform/module.ts';
import type { LimitName, Plan } from './plans.ts';
import type { WorkspacePlans } from './workspace-plans.ts';

export interface LimitVerdict {
  allowed: boolean;
  limit: LimitName;
  current: number;
  max: number;
}

const labels: Record<LimitName, string> = {
  seats: 'members',
  sites: 'sites',
  pagesPerSite: 'pages in this site',
  generationsPerDay: 'generations today',
  storageBytes: 'bytes of storage',
  apiRequestsPerMinute: 'API requests this minute',
};

/**
 * The one answer to "may this workspace do X now?": the caller counts what it owns (members,
 * sites, bytes) and says how much it wants to add; the plan says how far it may go.
 */
export function judgeLimit(plan: Plan, limit: LimitName, current: number, adding = 1): LimitVerdict {
  const max = plan.limits[limit];
  return { allowed: current + adding <= max, limit, current, max };
}

/** Throws the structured `limit_reached` (422) that the API returns and the UI shows. */
export function assertWithinLimit(plan: Plan, limit: LimitName, current: number, adding = 1): void {
  const verdict = judgeLimit(plan, limit, current, adding);
  if (verdict.allowed) return;
  throw new AppError('limit_reached', `The ${plan.name} plan allows ${verdict.max} ${labels[limit]}; this workspace has ${current}`, {
    limit,
    current,
    max: verdict.max,
    plan: plan.id,
  });
}

/** The limits every module checks through (declared by the usage module for the composition). */
export function createLimits(plans: WorkspacePlans): Limits {
  return {
    async assert(workspaceId, limit, current, adding = 1) {
      if (!(limit in labels)) throw new Error(`there is no plan limit "${limit}" (limits: ${Object.keys(labels).join(', ')})`);
      assertWithinLimit(await plans.currentPlan(workspaceId), limit as LimitName, current, adding);
    },
    jobConcurrency: async (workspaceId) => (await plans.currentPlan(workspaceId)).jobConcurrency,
  };
}
