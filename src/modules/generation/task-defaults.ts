import type { Database } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { taskDefaults } from './generation.schema.ts';

export async function taskDefaultsOf(db: Database, workspaceId: string): Promise<Map<string, string>> {
  const rows = await db.tenant(workspaceId, (tx) => tx.select({ task: taskDefaults.task, model: taskDefaults.model }).from(taskDefaults));
  return new Map(rows.map((row) => [row.task, row.model]));
}

export async function setTaskDefault(tx: Tx, workspaceId: string, task: string, model: string): Promise<void> {
  const values = { workspaceId, task, model, updatedAt: new Date() };
  await tx.insert(taskDefaults).values(values).onConflictDoUpdate({ target: [taskDefaults.workspaceId, taskDefaults.task], set: values });
}
