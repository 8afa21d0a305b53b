import type { Config } from '../../platform/config/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { createLedger } from './ledger.ts';
import { catalogueFor } from './plans.ts';
import { createWorkspacePlans } from './workspace-plans.ts';

/**
 * The usage layer's parts over one database and the deployment's catalogue. The ledger warns
 * below the plan's threshold, read from the plan cache: every debit needs it, and a debit is
 * otherwise one round trip.
 */
export function createUsage(db: Database, config: Pick<Config, 'PLANS_FILE'>) {
  const catalogue = catalogueFor(config);
  const plans = createWorkspacePlans(db, catalogue);
  const ledger = createLedger(db, { lowThreshold: async (workspaceId) => (await plans.currentPlan(workspaceId)).lowCreditThreshold });
  return { catalogue, plans, ledger };
}

export type Usage = ReturnType<typeof createUsage>;
