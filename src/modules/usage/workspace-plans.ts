import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { queryRows, type Tx } from '../../platform/db/tenancy.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Ledger } from './ledger.ts';
import type { Catalogue, Plan } from './plans.ts';
import { workspacePlans } from './usage.schema.ts';

/** The cycle renews on this day of the month; days past the 28th renew on the 28th, so every month has one. */
export function cycleDayOf(date: Date): number {
  return Math.min(28, date.getUTCDate());
}

/** The first renewal strictly after `from`, at 00:00 UTC on the cycle day. */
export function nextRenewal(from: Date, cycleDay: number): Date {
  const candidate = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), cycleDay));
  if (candidate.getTime() > from.getTime()) return candidate;
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, cycleDay));
}

/**
 * A new workspace starts on the free plan. Only a person's first workspace (the personal one
 * made at sign-up) earns the free allowance, and only once its owner's email is verified: more
 * workspaces or more sign-ups must not farm free credits. Others get credits by upgrading.
 */
export async function assignStartingPlan(tx: Tx, workspaceId: string, ownerId: string, options: { personal: boolean; ownerVerified: boolean }, now = new Date()): Promise<void> {
  await tx
    .insert(workspacePlans)
    .values({ workspaceId, plan: 'free', ownerId, cycleDay: cycleDayOf(now), nextAllowanceAt: options.personal && options.ownerVerified ? now : null })
    .onConflictDoNothing();
}

/** The owner verified their email: the allowance of their personal (first) workspace is now due. */
export async function unlockAllowances(tx: Tx, ownerId: string): Promise<void> {
  await tx.execute(sql`
    update usage.workspace_plans set next_allowance_at = now(), updated_at = now()
    where next_allowance_at is null and workspace_id = (
      select workspace_id from usage.workspace_plans where owner_id = ${ownerId} order by created_at, workspace_id limit 1)`);
}

/** A deleted workspace earns nothing more. */
export async function stopAllowances(tx: Tx, workspaceId: string): Promise<void> {
  await tx.update(workspacePlans).set({ nextAllowanceAt: null, updatedAt: sql`now()` }).where(eq(workspacePlans.workspaceId, workspaceId));
}

/**
 * How long a process trusts a workspace's plan for limit checks. One cache per process, so a
 * plan change applies at once in the process that made it, and within this long elsewhere.
 */
const planCacheMs = 5_000;
const cached = new Map<string, { plan: Plan; until: number }>();

export function createWorkspacePlans(db: Database, catalogue: Catalogue) {
  async function planOf(workspaceId: string): Promise<{ plan: Plan; cycleDay: number; nextAllowanceAt: Date | null }> {
    const [row] = await db.tenant(workspaceId, (tx) => tx.select().from(workspacePlans).where(eq(workspacePlans.workspaceId, workspaceId)));
    return { plan: catalogue.get(row?.plan ?? 'free'), cycleDay: row?.cycleDay ?? 1, nextAllowanceAt: row?.nextAllowanceAt ?? null };
  }

  return {
    planOf,

    /** The plan for a check on the hot path (every request's rate limit), cached for a few seconds. */
    async currentPlan(workspaceId: string): Promise<Plan> {
      const hit = cached.get(workspaceId);
      if (hit && hit.until > Date.now()) return hit.plan;
      const { plan } = await planOf(workspaceId);
      if (cached.size >= 10_000) cached.clear();
      cached.set(workspaceId, { plan, until: Date.now() + planCacheMs });
      return plan;
    },

    /** How billing moves a workspace to another plan; the new allowance comes at the next renewal. */
    async changePlan(workspaceId: string, planId: string): Promise<Plan> {
      const plan = catalogue.plans.find((candidate) => candidate.id === planId);
      if (!plan) throw new AppError('invalid_input', `There is no plan "${planId}"`, { field: 'plan', plans: catalogue.plans.map((known) => known.id) });
      const [row] = await db.tenant(workspaceId, (tx) =>
        tx.update(workspacePlans).set({ plan: plan.id, updatedAt: sql`now()` }).where(eq(workspacePlans.workspaceId, workspaceId)).returning(),
      );
      if (!row) throw new AppError('not_found', 'This workspace has no plan yet');
      cached.delete(workspaceId);
      return plan;
    },

    /**
     * Grants every allowance that is due, once per cycle: the grant's key names the workspace's
     * cycle, so a second or late run of the job grants nothing more. Credits expire at the next
     * renewal. Returns how many were granted.
     */
    async grantDueAllowances(ledger: Ledger, onError: (workspaceId: string, error: unknown) => void, now = new Date()): Promise<number> {
      const due = await db.system((tx) =>
        queryRows<{ workspace_id: string; plan: string; cycle_day: number; next_allowance_at: Date | string }>(
          tx,
          sql`select workspace_id, plan, cycle_day, next_allowance_at from usage.workspace_plans
              where next_allowance_at <= ${now} order by next_allowance_at limit 500`,
        ),
      );
      let granted = 0;
      for (const row of due) {
        const plan = catalogue.get(row.plan);
        // A job that did not run for a cycle or more grants the current cycle only, never a past one.
        let cycleStart = new Date(row.next_allowance_at);
        let renewal = nextRenewal(cycleStart, row.cycle_day);
        while (renewal.getTime() <= now.getTime()) {
          cycleStart = renewal;
          renewal = nextRenewal(cycleStart, row.cycle_day);
        }
        const grant = db.tenant(row.workspace_id, async (tx) => {
          if (plan.monthlyCredits > 0) {
            await ledger.grantIn(tx, row.workspace_id, {
              amount: plan.monthlyCredits,
              source: 'plan',
              expiresAt: renewal,
              key: `allowance:${cycleStart.toISOString()}`,
              description: `${plan.name} plan allowance`,
            });
          }
          await tx.update(workspacePlans).set({ nextAllowanceAt: renewal, updatedAt: sql`now()` }).where(eq(workspacePlans.workspaceId, row.workspace_id));
        });
        // One workspace's failure must not hold back every other workspace's allowance.
        await grant.then(
          () => granted++,
          (error: unknown) => onError(row.workspace_id, error),
        );
      }
      return granted;
    },
  };
}

export type WorkspacePlans = ReturnType<typeof createWorkspacePlans>;
