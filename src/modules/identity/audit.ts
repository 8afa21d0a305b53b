import { sql } from 'drizzle-orm';
import { AppError } from '../../platform/errors/app-error.ts';
import { queryRows } from '../../platform/db/tenancy.ts';
import type { IdentityDeps } from './deps.ts';

interface AuditRow {
  position: number;
  id: string;
  type: string;
  actor: string | null;
  occurred_at: Date | string;
  payload: Record<string, unknown>;
}

/**
 * The workspace's audit trail is its slice of the event log, newest first, read under RLS: every
 * fact a module recorded for the workspace, optionally of one type. The cursor is a position.
 */
export function createAudit(deps: IdentityDeps) {
  const { db } = deps;
  return {
    async list(workspaceId: string, query: { limit: number; cursor?: string | undefined; type?: string | undefined }) {
      if (query.cursor !== undefined && !/^\d{1,18}$/.test(query.cursor)) throw new AppError('invalid_input', 'The cursor is not one this API gave out', { field: 'cursor' });
      const before = query.cursor === undefined ? null : Number(query.cursor);
      const rows = await db.tenant(workspaceId, (tx) =>
        queryRows<AuditRow>(
          tx,
          sql`select position, id, type, actor, occurred_at, payload from platform.event_log
              where workspace_id = ${workspaceId}
                ${before === null ? sql`` : sql`and position < ${before}`}
                ${query.type ? sql`and type = ${query.type}` : sql``}
              order by position desc
              limit ${query.limit + 1}`,
        ),
      );
      const items = rows.slice(0, query.limit).map((row) => ({
        id: row.id,
        type: row.type,
        actor: row.actor,
        occurredAt: new Date(row.occurred_at).toISOString(),
        details: row.payload,
      }));
      const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
      return { items, nextCursor: last ? String(last.position) : null };
    },
  };
}
