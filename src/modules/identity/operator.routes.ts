import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as contract from './contract.ts';

/** The operator console: every workspace and user. Anyone but an operator gets a plain 404. */
export async function operatorRoutes(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { operators } = app.identity;
  const tags = ['operator'];
  routes.get(
    '/operator/workspaces',
    { config: { access: 'operator' }, schema: { tags, summary: 'All workspaces, newest first, searchable by name or slug', querystring: contract.searchQuery, response: { 200: contract.page(contract.operatorWorkspace) } } },
    async (request) => operators.workspaces(request.query),
  );
  routes.get(
    '/operator/users',
    { config: { access: 'operator' }, schema: { tags, summary: 'All users, newest first, searchable by email or name', querystring: contract.searchQuery, response: { 200: contract.page(contract.operatorUser) } } },
    async (request) => operators.users(request.query),
  );
}
