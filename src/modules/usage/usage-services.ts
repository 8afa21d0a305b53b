import type { Database } from '../../platform/db/database.ts';
import { createLedger } from './ledger.ts';
import { createCatalogue, type Catalogue } from './plans.ts';
import { createWorkspacePlans } from './workspace-plans.ts';

/** The usage layer's parts over one database: the ledger warns below the workspace's plan threshold. */
export function createUsage(db: Database, catalogue: Catalogue = createCatalogue()) {
  const plans = createWorkspacePlans(db, catalogue);
  const ledger = createLedger(db, { lowThreshold: async (workspaceId) => (await plans.planOf(workspaceId)).plan.lowCreditThreshold });
  return { catalogue, plans, ledger };
}

export type Usage = ReturnType<typeof createUsage>;
