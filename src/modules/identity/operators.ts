import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { queryRows } from '../../platform/db/tenancy.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { CommandError, defineCommand, type CommandDefinition } from '../../platform/process/command.ts';
import { emailSchema, uuidParam } from './contract.ts';
import { users } from './identity.schema.ts';
import { pageOf } from '../../platform/db/page.ts';

/** Operators are made only here, on the server's command line: no API call can make one. */
async function setOperator(db: Database, rawEmail: string | undefined, isOperator: boolean): Promise<string> {
  const email = emailSchema.safeParse(rawEmail ?? '');
  if (!email.success) throw new CommandError(`give the email address of an existing user, e.g. npx atelier operator ${isOperator ? 'grant' : 'revoke'} ann@example.com`);
  const [row] = await db.system((tx) => tx.update(users).set({ isOperator }).where(eq(users.email, email.data)).returning({ id: users.id }));
  if (!row) throw new CommandError(`no user has the email ${email.data}`);
  return isOperator ? `${email.data} is now an operator` : `${email.data} is no longer an operator`;
}

export const operatorCommands: CommandDefinition[] = [
  defineCommand({
    name: 'operator grant',
    usage: 'operator grant <email>',
    summary: 'Make a user an operator (platform administrator)',
    run: ({ db }, [email]) => setOperator(db, email, true),
  }),
  defineCommand({
    name: 'operator revoke',
    usage: 'operator revoke <email>',
    summary: 'Take operator rights away from a user',
    run: ({ db }, [email]) => setOperator(db, email, false),
  }),
];

/** A cursor is an id this console gave out; anything else would reach the SQL cast and fail there as a 500. */
function checkCursor(cursor: string | undefined): void {
  if (cursor !== undefined && !uuidParam.safeParse(cursor).success) throw new AppError('invalid_input', 'The cursor is not one this API gave out', { field: 'cursor' });
}

const likePattern = (search: string) => `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/** The operator console's lists: across every workspace, so through system(). Cursors are ids (UUIDv7, time-ordered). */
export function createOperatorConsole(db: Database) {
  return {
    async workspaces(query: { limit: number; cursor?: string | undefined; search?: string | undefined }) {
      checkCursor(query.cursor);
      const rows = await db.system((tx) =>
        queryRows<{ id: string; name: string; slug: string; members: number; created_at: Date | string; deleted_at: Date | string | null }>(
          tx,
          sql`select w.workspace_id as id, w.name, w.slug, w.created_at, w.deleted_at,
                     (select count(*)::int from identity.memberships m where m.workspace_id = w.workspace_id) as members
              from identity.workspaces w
              where true
                ${query.cursor ? sql`and w.workspace_id < ${query.cursor}::uuid` : sql``}
                ${query.search ? sql`and (w.name ilike ${likePattern(query.search)} or w.slug ilike ${likePattern(query.search)})` : sql``}
              order by w.workspace_id desc
              limit ${query.limit + 1}`,
        ),
      );
      return pageOf(rows, query.limit, (row) => ({
        id: row.id,
        name: row.name,
        slug: row.slug,
        members: row.members,
        createdAt: new Date(row.created_at).toISOString(),
        deletedAt: row.deleted_at ? new Date(row.deleted_at).toISOString() : null,
      }));
    },

    async users(query: { limit: number; cursor?: string | undefined; search?: string | undefined }) {
      checkCursor(query.cursor);
      const rows = await db.system((tx) =>
        queryRows<{ id: string; email: string; name: string; verified: boolean; is_operator: boolean; workspaces: number; created_at: Date | string }>(
          tx,
          sql`select u.id, u.email, u.name, u.email_verified_at is not null as verified, u.is_operator, u.created_at,
                     (select count(*)::int from identity.memberships m where m.user_id = u.id) as workspaces
              from identity.users u
              where true
                ${query.cursor ? sql`and u.id < ${query.cursor}::uuid` : sql``}
                ${query.search ? sql`and (u.email ilike ${likePattern(query.search)} or u.name ilike ${likePattern(query.search)})` : sql``}
              order by u.id desc
              limit ${query.limit + 1}`,
        ),
      );
      return pageOf(rows, query.limit, (row) => ({
        id: row.id,
        email: row.email,
        name: row.name,
        emailVerified: row.verified,
        isOperator: row.is_operator,
        workspaces: row.workspaces,
        createdAt: new Date(row.created_at).toISOString(),
      }));
    },
  };
}
