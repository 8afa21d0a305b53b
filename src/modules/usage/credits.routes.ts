import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleRouteOptions } from '../../platform/module.ts';
import type { WorkspaceAccess } from '../identity/index.ts';
import * as contract from './contract.ts';
import type { Plan } from './plans.ts';
import { creditEntries } from './usage.schema.ts';
import { createUsage } from './usage-services.ts';
import { pageOf } from '../../platform/db/page.ts';

const workspaceParams = z.object({ workspaceId: z.uuid() });
const read = { access: { permission: 'usage:read' } };

const planView = (plan: Plan) => ({
  id: plan.id,
  name: plan.name,
  monthlyCredits: plan.monthlyCredits,
  limits: plan.limits,
  models: plan.models,
  features: plan.features,
});

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  // A leading =, +, - or @ makes spreadsheets run the cell as a formula.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Plans, balance with its breakdown, and the ledger (paged JSON or CSV). */
export async function creditRoutes(app: FastifyInstance, options: ModuleRouteOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const usage = createUsage(options.db, options.config);
  const workspaceOf = (request: { workspace?: WorkspaceAccess }) => (request.workspace as WorkspaceAccess).id;

  routes.get('/plans', { config: { access: 'public' }, schema: { tags: ['usage'], summary: 'The plans on offer', response: { 200: z.object({ items: z.array(contract.planView) }) } } }, async () => ({
    items: usage.catalogue.plans.map(planView),
  }));

  routes.get(
    '/workspaces/:workspaceId/plan',
    { config: read, schema: { tags: ['usage'], summary: "The workspace's plan, its limits and its cycle", params: workspaceParams, response: { 200: contract.workspacePlanView } } },
    async (request) => {
      const current = await usage.plans.planOf(workspaceOf(request));
      return { plan: planView(current.plan), cycleDay: current.cycleDay, nextAllowanceAt: current.nextAllowanceAt?.toISOString() ?? null };
    },
  );

  routes.get(
    '/workspaces/:workspaceId/credits',
    { config: read, schema: { tags: ['usage'], summary: 'Credit balance, what is held, and each grant with its expiry', params: workspaceParams, response: { 200: contract.creditBalanceView } } },
    async (request) => usage.ledger.balance(workspaceOf(request)),
  );

  routes.get(
    '/workspaces/:workspaceId/credits/entries',
    {
      config: read,
      schema: {
        tags: ['usage'],
        summary: 'The credit ledger, newest first; `format=csv` exports every entry the filters match',
        params: workspaceParams,
        querystring: contract.entriesQuery,
        response: { 200: contract.entriesPage.or(z.string()) },
      },
    },
    async (request, reply) => {
      const workspaceId = workspaceOf(request);
      const { limit, cursor, type, from, to, format } = request.query;
      const csv = format === 'csv';
      const rows = await options.db.tenant(workspaceId, (tx) =>
        tx
          .select()
          .from(creditEntries)
          .where(
            and(
              eq(creditEntries.workspaceId, workspaceId),
              type ? eq(creditEntries.type, type) : undefined,
              from ? gte(creditEntries.createdAt, new Date(`${from}T00:00:00Z`)) : undefined,
              to ? lt(creditEntries.createdAt, sql`${`${to}T00:00:00Z`}::timestamptz + interval '1 day'`) : undefined,
              cursor && !csv ? lt(creditEntries.id, cursor) : undefined,
            ),
          )
          .orderBy(desc(creditEntries.id))
          .limit(csv ? 100_000 : limit + 1),
      );
      const view = (row: (typeof rows)[number]) => ({
        id: row.id,
        type: row.type,
        amount: row.amount,
        balanceAfter: row.balanceAfter,
        description: row.description,
        grantId: row.grantId,
        reservationId: row.reservationId,
        createdAt: row.createdAt.toISOString(),
      });
      if (csv) {
        const lines = ['id,created_at,type,amount,balance_after,description', ...rows.map((row) => [row.id, row.createdAt.toISOString(), row.type, row.amount, row.balanceAfter, row.description].map(csvCell).join(','))];
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="credits-${workspaceId}.csv"`)
          .send(`${lines.join('\r\n')}\r\n`);
      }
      return pageOf(rows, limit, view);
    },
  );
}
